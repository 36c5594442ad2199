/** The MNIST panel's digit file: built from the `mnist` package by the page build, read back exactly. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_PACKAGE_COUNTS, loadMnist } from '../../src/index.js';
import { decodeDigits, decodeDigitsGzip, encodeDigits } from '../../web/mnist/digits-file.js';
import { MIME_TYPES, writePlaygroundFiles } from '../../src/cli/commands/playground.js';
import { buildPage } from '../helpers/build-page.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the digit file format', () => {
  it('round-trips a small set byte for byte', () => {
    const set = { count: 3, rows: 2, cols: 2, labels: Uint8Array.of(7, 0, 9), pixels: Uint8Array.from({ length: 12 }, (_, i) => i * 20) };
    const back = decodeDigits(encodeDigits(set));
    expect(back.count).toBe(3);
    expect([back.rows, back.cols]).toEqual([2, 2]);
    expect(Array.from(back.labels)).toEqual([7, 0, 9]);
    expect(Array.from(back.pixels)).toEqual(Array.from(set.pixels));
  });

  it('gunzips a compressed file, and takes one a server already decompressed as it is', async () => {
    const raw = encodeDigits({ count: 2, rows: 1, cols: 3, labels: Uint8Array.of(4, 5), pixels: Uint8Array.of(1, 2, 3, 4, 5, 6) });
    const fromGzip = await decodeDigitsGzip(new Uint8Array(gzipSync(raw)));
    const fromRaw = await decodeDigitsGzip(raw);
    for (const set of [fromGzip, fromRaw]) {
      expect(Array.from(set.labels)).toEqual([4, 5]);
      expect(Array.from(set.pixels)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('rejects what is not a digit file, naming the problem', () => {
    const good = encodeDigits({ count: 1, rows: 1, cols: 2, labels: Uint8Array.of(3), pixels: Uint8Array.of(0, 255) });
    expect(() => decodeDigits(good.subarray(0, good.length - 1))).toThrow(/expected 15 for 1 images of 1×2/);
    expect(() => decodeDigits(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toThrow(/still gzip-compressed/);
    const badLabel = good.slice();
    badLabel[12] = 10;
    expect(() => decodeDigits(badLabel)).toThrow(/label 10 of image 0 is not a digit/);
    expect(() => encodeDigits({ count: 2, rows: 1, cols: 1, labels: Uint8Array.of(1), pixels: Uint8Array.of(0, 0) })).toThrow(/1 labels for 2 images/);
  });
});

describe('mnist-digits.bin.gz written by the page build', () => {
  let out: string;
  let gz: Buffer;
  beforeAll(() => {
    out = buildPage();
    gz = readFileSync(join(out, 'mnist-digits.bin.gz'));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is compressed (about 1.6 MB, a fifth of the raw bytes) and holds the 10,000 digits of the package', async () => {
    expect(gz.length).toBeGreaterThan(1e6);
    expect(gz.length).toBeLessThan(2.2e6);
    const set = await decodeDigitsGzip(gz);
    expect(set.count).toBe(10_000);
    expect([set.rows, set.cols]).toEqual([28, 28]);
    const counts = Array.from({ length: 10 }, (_, d) => set.labels.filter((l) => l === d).length);
    expect(counts).toEqual([...MNIST_PACKAGE_COUNTS]);
    expect(Math.max(...set.labels)).toBe(9);
    expect(Math.min(...set.labels)).toBe(0);
  });

  it('is written by `descent playground --out` with the worker, byte for byte', () => {
    const site = tempDir('mnist-out');
    try {
      const files = writePlaygroundFiles(site, out);
      expect(files).toContain(join(site, 'mnist-worker.js'));
      expect(files).toContain(join(site, 'mnist-digits.bin.gz'));
      expect(readFileSync(join(site, 'mnist-digits.bin.gz')).equals(gz)).toBe(true);
      expect(MIME_TYPES['.gz']).toBe('application/gzip');
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  it('has exactly the pixels loadMnist reads from the package', async () => {
    const set = decodeDigits(new Uint8Array(gunzipSync(gz)));
    const mnist = await loadMnist({ normalize: false });
    const x = mnist.features.data as Float32Array;
    for (const i of [0, 1234, 5000, 9999]) {
      expect(set.labels[i]).toBe(mnist.labels.data[i]);
      const row = Array.from(set.pixels.subarray(i * 784, (i + 1) * 784));
      expect(row).toEqual(Array.from(x.subarray(i * 784, (i + 1) * 784)));
      expect(Math.max(...row)).toBeGreaterThan(200); // a real digit, not an empty image
    }
  });
});
