/**
 * Train / validation / test splits by fractions or counts, optionally stratified by class, seeded.
 */
import { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /**
   * Size of each part: a fraction strictly between 0 and 1 (rounded to the nearest count) or a count
   * (a non-negative integer). An omitted `train` takes the rest; an omitted `validation` or `test` is
   * empty. A fractional `train` absorbs rounding: it takes the rest when the fractions add up to 1 or
   * when rounding would need one sample more than there is.
   */
  train?: number;
  validation?: number;
  test?: number;
  /**
   * Keep each class's share the same in every part (needs int32 class labels; default false). A class
   * with a single sample cannot be in two parts: it goes to `train` while `train` has room (so every
   * class held out was also seen in training), to the other parts after that. scikit-learn's
   * stratified splitters refuse such classes instead; a rare class is common in real files.
   */
  stratify?: boolean;
  /** Shuffle before splitting (default true); false takes train, validation, test in data order. */
  shuffle?: boolean;
  /** Seed of the split (default 0). Ignored when `random` is given. */
  seed?: number;
  /** A generator to draw from instead of `new Random(seed)`. */
  random?: Random;
}

/** The three parts of a split; a part that was not asked for is an empty dataset. */
export interface DatasetSplits {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
}

type Part = 'train' | 'validation' | 'test';
const PARTS: readonly Part[] = ['train', 'validation', 'test'];

/**
 * Splits a dataset into disjoint train, validation and test parts. With `shuffle` (default) the parts
 * are random subsets in random order; with `stratify` every class is split in the same proportions
 * (largest-remainder rounding, so the part sizes are exactly as asked). A part asked for with a
 * positive size that would hold no sample (`test: 0.001` of 150 samples) is an error, not an empty
 * part. Memory is proportional to the number of samples, whatever the labels are.
 *
 * @example
 * const { train, validation, test } = splitDataset(mnist, { validation: 0.1, test: 0.2, stratify: true, seed: 0 });
 * const { train: tr, test: te } = splitDataset(data, { test: 2000 }); // count
 */
export function splitDataset(dataset: Dataset, options: SplitOptions = {}): DatasetSplits {
  const n = dataset.length;
  const sizes = resolveSizes(n, options);
  const shuffle = options.shuffle ?? true;
  const random = options.random ?? new Random(options.seed ?? 0);
  let parts: Record<Part, Int32Array>;
  if (options.stratify) {
    if (dataset.numClasses === null) throw new Error('splitDataset: stratify needs int32 class labels; these labels are regression targets');
    parts = stratifiedParts(dataset.labels.data as Int32Array, sizes, shuffle ? random : null);
  } else {
    const order = shuffle ? random.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    let at = 0;
    parts = {} as Record<Part, Int32Array>;
    for (const p of PARTS) {
      parts[p] = order.slice(at, at + sizes[p]);
      at += sizes[p];
    }
  }
  return { train: dataset.subset(parts.train), validation: dataset.subset(parts.validation), test: dataset.subset(parts.test) };
}

function resolveSizes(n: number, options: SplitOptions): Record<Part, number> {
  const sizes = { train: 0, validation: 0, test: 0 };
  let fractionSum = 0;
  let onlyFractions = true; // every non-zero part given as a fraction
  for (const p of PARTS) {
    const v = options[p];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0 || (v >= 1 && !Number.isInteger(v))) {
      throw new Error(`splitDataset: ${p} must be a fraction in (0, 1) or a non-negative integer count, got ${v}`);
    }
    if (v > 0 && v < 1) {
      fractionSum += v;
      sizes[p] = Math.round(v * n);
    } else {
      if (v > 0) onlyFractions = false;
      sizes[p] = v;
    }
  }
  const trainIsFraction = options.train !== undefined && options.train > 0 && options.train < 1;
  const overfull = sizes.train + sizes.validation + sizes.test > n;
  // `train` absorbs the rounding: when omitted, when the fractions add up to 1, or when rounding overfills.
  if (options.train === undefined || (trainIsFraction && ((onlyFractions && Math.abs(fractionSum - 1) < 1e-9) || overfull))) {
    sizes.train = Math.max(0, n - sizes.validation - sizes.test);
  }
  const total = sizes.train + sizes.validation + sizes.test;
  if (total > n) {
    throw new Error(`splitDataset: the parts need ${total} samples (train ${sizes.train}, validation ${sizes.validation}, test ${sizes.test}) but the dataset has ${n}`);
  }
  for (const p of PARTS) {
    const v = options[p];
    if (v !== undefined && v > 0 && sizes[p] === 0) {
      const hint = n > 0 ? `use a fraction of at least 1/${n} (${(1 / n).toPrecision(3)}) or a count` : 'the dataset is empty';
      throw new Error(`splitDataset: ${p} ${v} of ${n} samples leaves the ${p} part empty (train ${sizes.train}, validation ${sizes.validation}, test ${sizes.test}); ${hint}`);
    }
  }
  return sizes;
}

/**
 * Per class present (in increasing label order), shuffle its rows, then give each part its share;
 * finally shuffle each part. Single-sample classes go to train first (see `SplitOptions.stratify`).
 */
function stratifiedParts(labels: Int32Array, sizes: Record<Part, number>, random: Random | null): Record<Part, Int32Array> {
  // Grouped by the labels present, never indexed by the largest label: one label of 10^8 must not
  // allocate 10^8 per-class arrays.
  const byClass = groupByLabel(labels);
  if (random) for (const rows of byClass) random.shuffle(rows);
  const counts = byClass.map((rows) => rows.length);
  const left = [...counts];
  const taken = new Array<number>(byClass.length).fill(0);
  const chosen: Record<Part, number[]> = { train: [], validation: [], test: [] };
  const quotas = { ...sizes };
  const weights = [...counts];
  for (let c = 0; c < byClass.length && quotas.train > 0; c++) {
    if (counts[c] !== 1) continue;
    chosen.train.push(byClass[c]![0]!);
    taken[c] = 1;
    left[c] = 0;
    weights[c] = 0; // placed: the other classes share the parts in their own proportions
    quotas.train--;
  }
  // Small parts first, so rounding never starves them of a rare class.
  const parts = {} as Record<Part, Int32Array>;
  for (const p of [...PARTS].sort((a, b) => sizes[a] - sizes[b])) {
    const quota = apportion(quotas[p], weights, left);
    const rows = chosen[p];
    quota.forEach((q, c) => {
      rows.push(...byClass[c]!.slice(taken[c]!, taken[c]! + q));
      taken[c]! += q;
      left[c]! -= q;
    });
    parts[p] = Int32Array.from(rows);
    if (random) random.shuffle(parts[p]);
    else parts[p].sort();
  }
  return parts;
}

/** The row indices of each label present, in increasing label order (rows in data order). */
function groupByLabel(labels: Int32Array): number[][] {
  const rowsOf = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = rowsOf.get(labels[i]!);
    if (rows) rows.push(i);
    else rowsOf.set(labels[i]!, [i]);
  }
  return [...rowsOf.keys()].sort((a, b) => a - b).map((k) => rowsOf.get(k)!);
}

/**
 * Splits `total` into integer shares proportional to `weights`, each at most `caps[c]`
 * (largest-remainder method; ties go to the lower class index).
 */
function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const ideal = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const share = ideal.map((x, c) => Math.min(Math.floor(x), caps[c]!));
  let missing = total - share.reduce((a, b) => a + b, 0);
  const byRemainder = ideal.map((_, c) => c).sort((a, b) => ideal[b]! - Math.floor(ideal[b]!) - (ideal[a]! - Math.floor(ideal[a]!)) || a - b);
  while (missing > 0) {
    let progressed = false;
    for (const c of byRemainder) {
      if (missing === 0) break;
      if (share[c]! < caps[c]!) {
        share[c]!++;
        missing--;
        progressed = true;
      }
    }
    if (!progressed) throw new Error('splitDataset: internal error: not enough samples left to apportion');
  }
  return share;
}
