/**
 * What the comparison table says about each configuration, aggregated over its seeds: final and best
 * held-out error, epochs and updates until the target error is first reached, wall time.
 */
import type { Configuration, EpochPoint, RunResult } from './types.js';

/** Mean, minimum and maximum over the seeds. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** Seeds that contributed. */
  count: number;
}

/** When a run first reached the target (checked after each epoch), or null when it never did. */
export interface TargetHit {
  epoch: number;
  updates: number;
  seconds: number;
}

/** One row of the table. */
export interface ConfigurationSummary {
  configuration: Configuration;
  seeds: number[];
  finalError: Spread | null;
  bestError: Spread | null;
  finalValidationLoss: Spread | null;
  /** Per seed (in `seeds` order): the first epoch whose held-out error ≤ target; null if never. */
  targetHits: (TargetHit | null)[];
  /** Wall time of the whole run (training and evaluation), seconds. */
  seconds: Spread | null;
  /** Runs stopped by a non-finite value: `seed: message`. */
  failures: string[];
}

/** Mean/min/max of the finite values, or null when there is none. */
export function spread(values: readonly (number | null | undefined)[]): Spread | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs), count: xs.length };
}

/**
 * The first point whose held-out error is at most `target` (epoch 0 counts: an initial model that
 * already meets the target reached it after 0 updates), or null when no point does.
 */
export function firstReached(points: readonly EpochPoint[], target: number): TargetHit | null {
  const p = points.find((q) => q.validationError !== null && q.validationError <= target);
  return p ? { epoch: p.epoch, updates: p.updates, seconds: p.seconds } : null;
}

/**
 * Aggregates the runs of each configuration (in sweep order).
 *
 * @example
 * const rows = summarize(configurations, results, 0.05);
 * rows[0].targetHits; // [{ epoch: 7, updates: 70, seconds: 0.4 }, null] — the second seed never got there
 */
export function summarize(configurations: readonly Configuration[], results: readonly RunResult[], target: number | null): ConfigurationSummary[] {
  return configurations.map((configuration) => {
    const runs = results.filter((r) => r.configurationId === configuration.id).sort((a, b) => a.seed - b.seed);
    const last = (r: RunResult): EpochPoint | undefined => r.points[r.points.length - 1];
    const trained = runs.filter((r) => r.points.length > 1);
    return {
      configuration,
      seeds: runs.map((r) => r.seed),
      finalError: spread(trained.map((r) => last(r)?.validationError)),
      bestError: spread(trained.map((r) => minOf(r.points.slice(1).map((p) => p.validationError)))),
      finalValidationLoss: spread(trained.map((r) => last(r)?.validationLoss)),
      targetHits: runs.map((r) => (target === null ? null : firstReached(r.points, target))),
      seconds: spread(runs.map((r) => last(r)?.seconds)),
      failures: runs.filter((r) => r.failure !== null).map((r) => `seed ${r.seed}: ${r.failure}`),
    };
  });
}

function minOf(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return xs.length ? Math.min(...xs) : null;
}

/** One line of a figure: per epoch, x and y averaged over the seeds, with the seeds' min and max of y. */
export interface BandPoint {
  x: number;
  y: number;
  lo: number;
  hi: number;
}

/**
 * Aggregates one metric of a configuration's runs epoch by epoch: y is the mean over the seeds that
 * reached that epoch, the band their min and max; x (epoch, updates or seconds) is averaged too, since
 * wall time differs from seed to seed.
 */
export function bandOverSeeds(runs: readonly RunResult[], x: (p: EpochPoint) => number, y: (p: EpochPoint) => number | null): BandPoint[] {
  const epochs = Math.max(0, ...runs.map((r) => r.points.length));
  const out: BandPoint[] = [];
  for (let e = 0; e < epochs; e++) {
    const here = runs.map((r) => r.points[e]).filter((p): p is EpochPoint => p !== undefined);
    const ys = here.map(y).filter((v): v is number => v !== null && Number.isFinite(v));
    if (ys.length === 0) continue;
    const xs = here.map(x);
    out.push({ x: xs.reduce((a, b) => a + b, 0) / xs.length, y: ys.reduce((a, b) => a + b, 0) / ys.length, lo: Math.min(...ys), hi: Math.max(...ys) });
  }
  return out;
}
