/**
 * MNIST-style datasets from IDX files on disk: the original MNIST, Fashion-MNIST, or any pair of
 * `*-images-idx3-ubyte` / `*-labels-idx1-ubyte` files, gzipped or not.
 */
import { Tensor } from '../../tensor/tensor.js';
import { DataError } from '../data-error.js';
import { Dataset } from '../dataset.js';
import { readIdx, type IdxReadOptions } from './idx.js';
import { imageFeatures, type ImageFeatureOptions } from './image-features.js';
import { describeInput, type FileInput } from '../../platform/file-input.js';
import { join, listDirectory } from '../../platform/node.js';

/** Options of {@link loadIdxPair} and {@link loadIdxDataset}. */
export interface IdxDatasetOptions extends ImageFeatureOptions, IdxReadOptions {
  /**
   * Number of classes, 1 to 256 (the labels are bytes); labels are checked against it (default 10).
   * `'from-labels'`: the largest label + 1, for label sets other than digits (EMNIST letters, labelled
   * 1 to 26, has 27; EMNIST balanced 47) — the same files always give the same count, but a subset that
   * lacks the top class gives fewer, so pass the number when two files must agree.
   */
  numClasses?: number | 'from-labels';
  /** Class names (e.g. Fashion-MNIST's `['T-shirt/top', 'Trouser', ...]`); sets `numClasses`. */
  classNames?: readonly string[];
}

/**
 * Loads an images file (uint8, `[N, H, W]`) and a labels file (uint8, `[N]`) as a dataset. Pixels
 * become float32 in [0, 1] (byte / 255) unless `normalize: false`; labels int32. An empty pair, a
 * count mismatch (naming both files) or a label out of range raises a `DataError` naming the file.
 * Memory: the two files' bytes plus 4 bytes of float32 per pixel.
 *
 * @example
 * const test = await loadIdxPair('data/t10k-images-idx3-ubyte.gz', 'data/t10k-labels-idx1-ubyte.gz');
 * const inPage = await loadIdxPair(await fetch(imagesUrl), await fetch(labelsUrl)); // any FileInput
 */
export async function loadIdxPair(imagesFile: FileInput, labelsFile: FileInput, options: IdxDatasetOptions = {}): Promise<Dataset> {
  const [imagesPath, labelsPath] = [describeInput(imagesFile), describeInput(labelsFile)];
  const given = options.classNames?.length ?? options.numClasses ?? 10;
  if (given !== 'from-labels' && !(Number.isInteger(given) && given >= 1 && given <= 256)) {
    throw new DataError(`numClasses must be an integer in [1, 256] (IDX labels are bytes) or 'from-labels', got ${String(given)}`, { source: labelsPath });
  }
  // Both files are read at once, but errors are reported in argument order: with Promise.all a pair
  // given the wrong way round named whichever file's read failed first, differently from run to run.
  const [imagesRead, labelsRead] = await Promise.allSettled([readIdx(imagesFile, { ...options, dimensions: 3 }), readIdx(labelsFile, { ...options, dimensions: 1 })]);
  if (imagesRead.status === 'rejected') throw imagesRead.reason;
  if (labelsRead.status === 'rejected') throw labelsRead.reason;
  const [images, labels] = [imagesRead.value, labelsRead.value];
  if (images.type !== 'uint8' || images.shape.length !== 3) {
    throw new DataError(`expected uint8 images of shape [N, H, W], found ${images.type} of shape [${images.shape.join(', ')}]`, { source: imagesPath });
  }
  if (labels.type !== 'uint8' || labels.shape.length !== 1) {
    throw new DataError(`expected uint8 labels of shape [N], found ${labels.type} of shape [${labels.shape.join(', ')}]`, { source: labelsPath });
  }
  const [n, h, w] = images.shape as [number, number, number];
  if (labels.shape[0] !== n) {
    throw new DataError(`${labels.shape[0]} labels, but ${imagesPath} holds ${n} images: the two files of a pair must hold the same number of samples`, { source: labelsPath });
  }
  if (n === 0) throw new DataError(`no samples: the images file holds 0 images (shape [${images.shape.join(', ')}]) and ${labelsPath} 0 labels`, { source: imagesPath });
  if (h === 0 || w === 0) throw new DataError(`images of ${h}x${w} pixels have no pixels (shape [${images.shape.join(', ')}])`, { source: imagesPath });
  const numClasses = given === 'from-labels' ? largestLabel(labels.data as Uint8Array, n) + 1 : given;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels.data[i]!;
    if (v >= numClasses) throw new DataError(`label ${v} of sample ${i} is out of range 0..${numClasses - 1}`, { source: labelsPath, offset: 8 + i });
    y[i] = v;
  }
  const x = imageFeatures(images.data as Uint8Array, n, h, w, options);
  return new Dataset(x, new Tensor(y, [n]), { numClasses, source: imagesPath, imageSize: [h, w], ...(options.classNames ? { classNames: options.classNames } : {}) });
}

function largestLabel(labels: Uint8Array, n: number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > largest) largest = labels[i]!;
  return largest;
}

/**
 * Finds the standard MNIST file names in `dir` and loads one split: `'train'` from
 * `train-images-idx3-ubyte` + `train-labels-idx1-ubyte`, `'test'` from the `t10k-` files. Each name
 * may end in `.gz`, may use `.idx3-ubyte` for `-idx3-ubyte`, and may carry a prefix
 * (`emnist-digits-train-...`) when only one such file is present.
 *
 * @example
 * const train = await loadIdxDataset('~/data/fashion-mnist', { split: 'train' });
 * const test = await loadIdxDataset('~/data/fashion-mnist', { split: 'test' });
 */
export async function loadIdxDataset(dir: string, options: IdxDatasetOptions & { split?: 'train' | 'test' } = {}): Promise<Dataset> {
  const { images, labels } = await findIdxFiles(dir, options.split ?? 'train');
  return loadIdxPair(images, labels, options);
}

/**
 * The two files {@link loadIdxDataset} reads for `split` in `dir` (paths joined to `dir`), found by
 * the same rules; a missing directory or file, or several candidates, is a `DataError` naming `dir`.
 * `descent train` fingerprints exactly these files.
 *
 * @example
 * const { images, labels } = await findIdxFiles('data/fashion-mnist', 'train');
 */
export async function findIdxFiles(dir: string, split: 'train' | 'test'): Promise<{ images: string; labels: string }> {
  let entries: string[];
  try {
    entries = await listDirectory(dir, 'loadIdxDataset');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new DataError('no such directory', { source: dir });
    if (code === 'ENOTDIR') throw new DataError('not a directory (idx:<dir> names the folder that holds the *-images-idx3-ubyte and *-labels-idx1-ubyte files)', { source: dir });
    throw new DataError(`cannot list the directory: ${(e as Error).message}`, { source: dir });
  }
  const prefixes = split === 'train' ? ['train'] : ['t10k', 'test'];
  const images = pick(entries, prefixes, 'images', '3', dir);
  const labels = pick(entries, prefixes, 'labels', '1', dir);
  return { images: join(dir, images), labels: join(dir, labels) };
}

function pick(entries: string[], prefixes: string[], kind: 'images' | 'labels', rank: string, dir: string): string {
  const exact = prefixes.flatMap((p) => [`${p}-${kind}-idx${rank}-ubyte`, `${p}-${kind}.idx${rank}-ubyte`]).flatMap((s) => [s, `${s}.gz`]);
  for (const name of exact) if (entries.includes(name)) return name;
  const pattern = new RegExp(`(?:^|[-_])(?:${prefixes.join('|')})-${kind}[.-]idx${rank}-ubyte(?:\\.gz)?$`);
  const matches = entries.filter((e) => pattern.test(e));
  const distinct = new Set(matches.map((m) => m.replace(/\.gz$/, '')));
  if (distinct.size === 1) return matches.find((m) => !m.endsWith('.gz')) ?? matches[0]!;
  if (distinct.size > 1) throw new DataError(`several ${kind} files match: ${matches.join(', ')}; use loadIdxPair with the paths`, { source: dir });
  throw new DataError(`no ${prefixes[0]} ${kind} file: looked for ${exact.join(', ')}`, { source: dir });
}
