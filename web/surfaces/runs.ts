/**
 * The optimizers running on the map: one descent `VectorRun` per instance (the library's own
 * optimizer code, bundled), all from the same start point, stepped together.
 */
import { VectorRun, type Objective2D } from '../../src/index.js';
import type { Instance } from './url-state.js';

/** One running optimizer: its run, or why it could not start, and whether it blew up. */
export interface Run {
  instance: Instance;
  colour: string;
  run: VectorRun | null;
  error: string | null;
  /** Set when the iterate left the finite world; the run stops there. */
  diverged: boolean;
}

/** Past this distance from the origin a trajectory counts as diverged. */
const FAR = 1e8;

/** Fresh runs of every instance from `start`; an invalid option becomes the run's error. */
export function startRuns(objective: Objective2D, instances: readonly Instance[], colours: readonly string[], start: readonly [number, number]): Run[] {
  return instances.map((instance, i) => {
    try {
      const run = new VectorRun(objective, { optimizer: instance.name, options: { ...instance.options }, start });
      return { instance, colour: colours[i]!, run, error: null, diverged: false };
    } catch (err) {
      return { instance, colour: colours[i]!, run: null, error: err instanceof Error ? err.message : String(err), diverged: false };
    }
  });
}

/** One step of every live run. */
export function stepRuns(runs: readonly Run[]): void {
  for (const r of runs) {
    if (!r.run || r.diverged) continue;
    try {
      const loss = r.run.step();
      const p = r.run.points[r.run.points.length - 1]!;
      if (!Number.isFinite(loss) || !p.every((v) => Number.isFinite(v) && Math.abs(v) < FAR)) r.diverged = true;
    } catch (err) {
      r.error = err instanceof Error ? err.message : String(err);
      r.diverged = true;
    }
  }
}

/** Steps taken so far (the longest run's). */
export function stepCount(runs: readonly Run[]): number {
  return runs.reduce((n, r) => Math.max(n, r.run ? r.run.points.length - 1 : 0), 0);
}
