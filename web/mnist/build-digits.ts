/**
 * Build step (Node only; scripts/build-web.mjs runs it): the `mnist` package's digits as the
 * playground's gzip-compressed digit file. Never used by the page.
 */
import { gzipSync } from 'node:zlib';
import { loadMnist } from '../../src/data/datasets/mnist.js';
import { encodeDigits, type DigitSet } from './digits-file.js';

/** The digits of the `mnist` package (10,000, 28×28), as bytes. */
export async function packageDigits(): Promise<DigitSet> {
  // normalize: false keeps the bytes 0–255 (exactly, in float32).
  const data = await loadMnist({ normalize: false });
  const count = data.length;
  return {
    count,
    rows: 28,
    cols: 28,
    labels: Uint8Array.from(data.labels.data as Int32Array),
    pixels: Uint8Array.from(data.features.data as Float32Array),
  };
}

/** The gzip-compressed digit file of the `mnist` package. */
export async function digitsFileGzip(): Promise<Uint8Array> {
  return gzipSync(encodeDigits(await packageDigits()), { level: 9 });
}
