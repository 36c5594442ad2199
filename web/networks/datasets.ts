/**
 * The network lab's data: seeded toy sets in the square [−1, 1]² (two moons, circles, spirals, XOR,
 * Gaussian blobs, points the user clicked, and a 1-D regression curve), split into a training and a
 * held-out part. Plain arrays, so a configuration crosses to the worker and back without tensors.
 */
import { Random } from '../../src/index.js';

/** The datasets the lab offers. */
export const DATASETS = ['spirals', 'moons', 'circles', 'xor', 'blobs', 'clicked', 'regression'] as const;
/** One of {@link DATASETS}. */
export type DatasetName = (typeof DATASETS)[number];

/** A point the user placed: its position and class (0 or 1). */
export type ClickedPoint = readonly [x: number, y: number, label: 0 | 1];

/** What to generate. */
export interface DataSpec {
  dataset: DatasetName;
  /** Points in total (train + held-out); ignored for `clicked`. */
  samples: number;
  /** Standard deviation of the Gaussian noise on the coordinates (on y for regression). */
  noise: number;
  /** Fraction of the points held out, in [0, 0.9]. */
  heldOut: number;
  seed: number;
  /** The user's points, for `clicked`. */
  points?: readonly ClickedPoint[];
}

/** A dataset split in two; `xs` are [x, y] pairs flat, `ys` the targets (class 0/1, or a value). */
export interface LabData {
  kind: 'classification' | 'regression';
  train: { xs: Float64Array; ys: Float64Array };
  test: { xs: Float64Array; ys: Float64Array };
}

/** True for the regression dataset (y = f(x) + noise, drawn as a fitted curve). */
export function isRegression(name: DatasetName): boolean {
  return name === 'regression';
}

/** The curve of the regression dataset on x ∈ [−1, 1]. */
export function regressionTarget(x: number): number {
  return 0.6 * Math.sin(3 * x) + 0.3 * x;
}

function generate(spec: DataSpec, random: Random): { xs: number[]; ys: number[] } {
  const n = spec.samples;
  const xs: number[] = [];
  const ys: number[] = [];
  const noisy = (x: number, y: number, label: number): void => {
    xs.push(x + spec.noise * random.normal(), y + spec.noise * random.normal());
    ys.push(label);
  };
  switch (spec.dataset) {
    case 'spirals':
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const t = Math.floor(i / 2) / Math.ceil(n / 2);
        const r = 0.05 + 0.9 * t;
        const a = 3 * Math.PI * t + Math.PI * c;
        noisy(r * Math.cos(a), r * Math.sin(a), c);
      }
      break;
    case 'moons':
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const t = Math.PI * random.uniform();
        // make_moons' two half circles, scaled and centred into the square.
        const [x, y] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        noisy((x - 0.5) * 0.6, (y - 0.25) * 0.6, c);
      }
      break;
    case 'circles':
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const a = 2 * Math.PI * random.uniform();
        const r = c === 0 ? 0.8 : 0.35;
        noisy(r * Math.cos(a), r * Math.sin(a), c);
      }
      break;
    case 'xor':
      for (let i = 0; i < n; i++) {
        let x = random.uniformIn(-0.9, 0.9);
        let y = random.uniformIn(-0.9, 0.9);
        // A margin around the axes keeps the four quadrants apart at zero noise.
        x += x > 0 ? 0.05 : -0.05;
        y += y > 0 ? 0.05 : -0.05;
        noisy(x, y, x * y > 0 ? 1 : 0);
      }
      break;
    case 'blobs':
      for (let i = 0; i < n; i++) {
        const c = i % 2;
        const centre = c === 0 ? [-0.4, -0.35] : [0.4, 0.35];
        noisy(centre[0]! + 0.18 * random.normal(), centre[1]! + 0.18 * random.normal(), c);
      }
      break;
    case 'clicked':
      for (const [x, y, label] of spec.points ?? []) noisy(x, y, label);
      break;
    case 'regression':
      for (let i = 0; i < n; i++) {
        const x = random.uniformIn(-1, 1);
        xs.push(x, 0);
        ys.push(regressionTarget(x) + spec.noise * random.normal());
      }
      break;
  }
  return { xs, ys };
}

/** Checks a data spec; the message names the bad field. */
export function dataProblem(spec: DataSpec): string | null {
  if (!(DATASETS as readonly string[]).includes(spec.dataset)) return `unknown dataset '${spec.dataset}' (one of ${DATASETS.join(', ')})`;
  if (spec.dataset !== 'clicked' && (!Number.isInteger(spec.samples) || spec.samples < 4 || spec.samples > 5000)) return `samples must be an integer in [4, 5000], got ${spec.samples}`;
  if (!(spec.noise >= 0 && spec.noise <= 1)) return `noise must be in [0, 1], got ${spec.noise}`;
  if (!(spec.heldOut >= 0 && spec.heldOut <= 0.9)) return `held-out fraction must be in [0, 0.9], got ${spec.heldOut}`;
  if (spec.dataset === 'clicked') {
    const points = spec.points ?? [];
    if (points.length < 2) return 'clicked data: click at least two points on the map (shift-click for the second class)';
  }
  return null;
}

/**
 * The points of `spec`, shuffled with its seed and split: the last ⌊heldOut·n⌋ are held out (at
 * least one point stays in training). Throws with {@link dataProblem}'s message on a bad spec.
 */
export function makeData(spec: DataSpec): LabData {
  const problem = dataProblem(spec);
  if (problem) throw new Error(`network lab: ${problem}`);
  const random = new Random(spec.seed);
  const { xs, ys } = generate(spec, random);
  const n = ys.length;
  const order = random.permutation(n);
  const nTest = Math.min(n - 1, Math.floor(spec.heldOut * n));
  const nTrain = n - nTest;
  const pick = (from: number, count: number) => {
    const px = new Float64Array(count * 2);
    const py = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const j = order[from + i]!;
      px[2 * i] = xs[2 * j]!;
      px[2 * i + 1] = xs[2 * j + 1]!;
      py[i] = ys[j]!;
    }
    return { xs: px, ys: py };
  };
  return { kind: isRegression(spec.dataset) ? 'regression' : 'classification', train: pick(0, nTrain), test: pick(nTrain, nTest) };
}
