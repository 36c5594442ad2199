/**
 * Slices of the training loss around a run's current weights θ₀ — 1-D along a filter-normalised
 * random direction (Li et al., NeurIPS 2018) or along the straight line to the initial weights,
 * 2-D along two random directions or along the top two principal directions of the run's trajectory
 * (Li et al. §7: random directions are nearly orthogonal to the path, which then shows as a dot) —
 * with the run's trajectory projected onto the slice. Computed a row at a time by a generator, so the
 * worker can report progress and stop on a cancel between rows.
 */
import { filterNormalizedDirections, flattenParameters, noGrad, projectTrajectory, trajectoryPrincipalDirections } from '../../src/index.js';
import type { LabRun } from './lab-run.js';
import { writeFlat } from '../../src/analysis/parameters.js';
import type { LabTrainer } from './trainer.js';

/** The slice kinds. */
export const LANDSCAPE_MODES = ['1d-random', '1d-init', '2d', '2d-pca'] as const;
export type LandscapeMode = (typeof LANDSCAPE_MODES)[number];

/** Each mode as the mode picker names it. */
export const LANDSCAPE_MODE_LABELS: Readonly<Record<LandscapeMode, string>> = {
  '1d-random': '1-D, random direction',
  '1d-init': '1-D, now → initial weights',
  '2d': '2-D, two random directions',
  '2d-pca': '2-D, the trajectory\'s principal directions',
};

/**
 * What the slice of each mode shows, as the caption under it says: one fixed caption described
 * random directions ("see little of the trajectory") under a principal-directions map that shows
 * the whole trajectory.
 */
export const LANDSCAPE_CAPTIONS: Readonly<Record<LandscapeMode, string>> = {
  '1d-random': 'Training loss (log scale) along a line through the current weights (α = 0) in a filter-normalised random direction (Li et al., 2018).',
  '1d-init': 'Training loss (log scale) along the straight line from the current weights (α = 0) to the initial weights (α = 1), a little beyond both; range ± is not used.',
  '2d': 'Training loss (log colour scale) on a plane through the current weights along two filter-normalised random directions (Li et al., 2018): the dot is the current weights, the line the training trajectory projected onto the plane (random directions in high dimension are nearly orthogonal to it, so little of it shows).',
  '2d-pca': 'Training loss (log colour scale) on the plane through the current weights spanned by the trajectory\'s top two principal directions (Li et al., 2018, §7): the line is the whole training trajectory, from the ring (initial weights) to the dot (current weights); the window is fitted to it, so range ± is not used.',
};

/** True when the slice's extent is the `range` of the request (the random directions); the others fit theirs. */
export function landscapeUsesRange(mode: LandscapeMode): boolean {
  return mode === '1d-random' || mode === '2d';
}

/**
 * Empty space around the projected trajectory in '2d-pca', as a share of its larger extent on each
 * side: the path's ends (the initial and the current weights) stay off the frame's edge, and some
 * of the landscape beyond them shows.
 */
export const PCA_MARGIN = 0.15;

/** What to slice. */
export interface LandscapeRequest {
  mode: LandscapeMode;
  /** Grid points per axis (odd keeps θ₀ on the grid). */
  steps: number;
  /** α (and β) in [−range, range] for the random directions ('2d-pca' fits its window to the path instead). */
  range: number;
  /** Seed of the random directions. */
  seed: number;
}

/** A computed slice. */
export interface LandscapeResult {
  mode: LandscapeMode;
  alphas: number[];
  /** [0] for a 1-D slice. */
  betas: number[];
  /** losses[j][i] = L(θ₀ + αᵢ·d₁ + βⱼ·d₂) on the full training set. */
  losses: number[][];
  /** The trajectory's coordinates in the slice's plane ([α] or [α, β] each), oldest first, θ₀ last. */
  path: number[][];
  /** '2d-pca' only: the share of the trajectory's variance about θ₀ along α's and β's direction. */
  explained?: number[];
}

/** Progress of a slice: rows done of rows in all. */
export interface LandscapeProgress {
  done: number;
  total: number;
}

function grid(lo: number, hi: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => (steps === 1 ? lo : lo + ((hi - lo) * i) / (steps - 1)));
}

/**
 * Computes the slice of `run`'s loss, yielding after each row; the weights are restored at the end
 * (also when the caller stops early: the generator's `finally`).
 */
export function* landscapeJob(trainer: LabTrainer, run: LabRun, request: LandscapeRequest): Generator<LandscapeProgress, LandscapeResult> {
  const params = run.params();
  const tensors = params.map(([, p]) => p);
  const origin = flattenParameters(params);
  let directions: Float64Array[];
  let alphas: number[];
  let betas = [0];
  let explained: number[] | undefined;
  const snapshots = [run.initial, ...run.trajectory, origin];
  if (request.mode === '2d-pca') {
    ({ directions, explained } = principalDirections(snapshots, origin, trainer.snapshotEvery));
    [alphas, betas] = pcaWindow(projectTrajectory(snapshots, directions, origin).map((p) => p.coordinates), request.steps);
  } else if (request.mode === '1d-init') {
    // α = 0 is θ₀ (now), α = 1 the initial weights.
    const d = new Float64Array(origin.length);
    for (let i = 0; i < d.length; i++) d[i] = run.initial[i]! - origin[i]!;
    // At step 0 (or after a run that never moved) there is no direction to the initial weights.
    if (d.every((v) => v === 0)) throw new Error('train first: the weights are still the initial weights, so there is no direction from them to the initial weights yet');
    directions = [d];
    alphas = grid(-0.5, 1.5, request.steps);
  } else {
    directions = filterNormalizedDirections(params, { count: request.mode === '2d' ? 2 : 1, seed: request.seed });
    alphas = grid(-request.range, request.range, request.steps);
    if (request.mode === '2d') betas = grid(-request.range, request.range, request.steps);
  }
  const point = new Float64Array(origin.length);
  const losses: number[][] = [];
  for (const beta of betas) {
    // The worker trains, measures and posts frames between rows: each row borrows the run's weights
    // and gives them back before yielding, so that work sees the run's own weights (and keeps what it
    // changed), never a point of the slice.
    const live = tensors.map((t) => t.data.slice());
    let row: number[];
    try {
      run.net.model.eval();
      row = noGrad(() =>
        alphas.map((alpha) => {
          for (let i = 0; i < point.length; i++) point[i] = origin[i]! + alpha * directions[0]![i]! + (directions.length === 2 ? beta * directions[1]![i]! : 0);
          writeFlat(tensors, point);
          return trainer.loss(run, trainer.train.x, trainer.train.t, false).item();
        }),
      );
    } finally {
      tensors.forEach((t, i) => t.data.set(live[i]!));
    }
    losses.push(row);
    yield { done: losses.length, total: betas.length };
  }
  const path = projectTrajectory(snapshots, directions, origin).map((p) => p.coordinates);
  return { mode: request.mode, alphas, betas, losses, path, ...(explained ? { explained } : {}) };
}

/** The trajectory's top two principal directions about θ₀, or why a run has none yet. */
function principalDirections(snapshots: Float64Array[], origin: Float64Array, every: number): { directions: Float64Array[]; explained: number[] } {
  if (snapshots.every((s) => s.every((x, i) => x === origin[i]))) throw new Error('train first: the weights are still the initial weights, so there is no trajectory to take principal directions of');
  try {
    return trajectoryPrincipalDirections(snapshots, origin, { count: 2 });
  } catch (err) {
    // One step (or steps all along one line) spans a line, not a plane.
    // Said with the snapshot interval: after 5 steps "2 snapshots" read as a miscount.
    if (err instanceof Error && /exceeds the rank/.test(err.message)) throw new Error(`train first: the trajectory so far is ${snapshots.length} points on one line (the initial weights, a snapshot every ${every} steps, the current weights), so it has no second principal direction yet`);
    throw err;
  }
}

/**
 * The α and β grids of a '2d-pca' slice: a square window around the projected path's bounding box
 * (which holds θ₀ at (0, 0), the path's end), as wide on both axes as the larger extent plus
 * {@link PCA_MARGIN} on each side. The same length per unit on both axes keeps the path to scale —
 * a turn is drawn as sharp as it is, and PC2's smaller spread shows as a flatter path rather than
 * being stretched to fill the frame.
 */
function pcaWindow(path: number[][], steps: number): [number[], number[]] {
  const lo = [0, 1].map((k) => Math.min(...path.map((p) => p[k]!)));
  const hi = [0, 1].map((k) => Math.max(...path.map((p) => p[k]!)));
  const half = 0.5 * Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!) * (1 + 2 * PCA_MARGIN);
  const [alphas, betas] = [0, 1].map((k) => {
    const centre = 0.5 * (lo[k]! + hi[k]!);
    return grid(centre - half, centre + half, steps);
  });
  return [alphas!, betas!];
}
