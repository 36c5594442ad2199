/**
 * Slices of the training loss around a run's current weights θ₀ — 1-D along a filter-normalised
 * random direction (Li et al., NeurIPS 2018) or along the straight line to the initial weights,
 * 2-D along two random directions — with the run's trajectory projected onto the slice. Computed
 * a row at a time by a generator, so the worker can report progress and stop on a cancel between rows.
 */
import { filterNormalizedDirections, flattenParameters, noGrad, projectTrajectory } from '../../src/index.js';
import type { LabRun } from './lab-run.js';
import { writeFlat } from '../../src/analysis/parameters.js';
import type { LabTrainer } from './trainer.js';

/** The slice kinds. */
export const LANDSCAPE_MODES = ['1d-random', '1d-init', '2d'] as const;
export type LandscapeMode = (typeof LANDSCAPE_MODES)[number];

/** What to slice. */
export interface LandscapeRequest {
  mode: LandscapeMode;
  /** Grid points per axis (odd keeps θ₀ on the grid). */
  steps: number;
  /** α (and β) in [−range, range] for the random directions. */
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
  if (request.mode === '1d-init') {
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
  }
  const betas = request.mode === '2d' ? grid(-request.range, request.range, request.steps) : [0];
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
  const path = projectTrajectory([run.initial, ...run.trajectory, origin], directions, origin).map((p) => p.coordinates);
  return { mode: request.mode, alphas, betas, losses, path };
}
