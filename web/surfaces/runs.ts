/**
 * The optimizers running on the map: one descent `VectorRun` per instance (the library's own
 * optimizer code, bundled), all from the same start point, stepped together. Every run stops —
 * at a step cap, when it has converged, or when it diverged — and remembers why, so a page left
 * playing does not grow without bound (a `VectorRun` keeps every point and state).
 */
import { VectorRun, type Objective2D } from '../../src/index.js';
import { formatCount, formatNumber } from '../format.js';
import { NO_NOISE, noisyObjective, type GradientNoise } from './noise.js';
import type { Instance } from './url-state.js';

/** Why a run stopped. */
export type StopReason = 'step cap' | 'converged' | 'diverged' | 'invalid start' | 'error';

/** One running optimizer: its run, or why it could not start, and why it stopped. */
export interface Run {
  instance: Instance;
  colour: string;
  /** The run's label on the page ("SGD, momentum 0.9"). */
  label: string;
  run: VectorRun | null;
  error: string | null;
  /** Null while the run is live. */
  stopped: StopReason | null;
  /** The stop, in words ("converged: ‖∇f‖ < 1e−8 at step 812"). */
  stopNote: string;
  /** Set when the iterate left the finite world (the chart clips such runs). */
  diverged: boolean;
}

/** Limits that end a run. */
export interface StopRules {
  /** Steps before a run stops (the trail and the chart keep every step). */
  maxSteps: number;
  /** Converged when ‖∇f‖ falls below this … */
  gradientTolerance: number;
  /** … or the step ‖x_{k+1} − x_k‖ stays below this times (1 + ‖x‖) for `stallSteps` steps in a row. */
  stepTolerance: number;
  stallSteps: number;
  /** Diverged past this distance from the origin, or when |f − f(start)| exceeds this factor times (1 + |f(start)|). */
  far: number;
  lossGrowth: number;
}

/** The page's rules: 10 000 steps; converged at ‖∇f‖ < 1e−8; diverged at |x| > 1e8 or f up 1e12×. */
export const STOP_RULES: StopRules = { maxSteps: 10_000, gradientTolerance: 1e-8, stepTolerance: 1e-13, stallSteps: 20, far: 1e8, lossGrowth: 1e12 };

/** Whether f and ∇f are finite at `p` (else no optimizer can start there). */
export function startProblem(objective: Objective2D, p: readonly [number, number]): string | null {
  const f = objective.value(p);
  const g = objective.gradient(p);
  const where = `(${formatNumber(p[0])}, ${formatNumber(p[1])})`;
  if (!Number.isFinite(f)) return `f${where} = ${formatNumber(f)}: the function is not defined at the start point. Click the map where it is finite to start there.`;
  if (!Number.isFinite(g[0]!) || !Number.isFinite(g[1]!)) return `∇f${where} = (${formatNumber(g[0]!)}, ${formatNumber(g[1]!)}): the gradient is not finite at the start point. Click the map to start elsewhere.`;
  return null;
}

/**
 * Fresh runs of every instance from `start`; an invalid option becomes the run's error, and a
 * start where f or ∇f is not finite stops every run before its first step. With `noise`, each run
 * steps on its own seeded stream of noisy gradients (noise.ts).
 */
export function startRuns(objective: Objective2D, instances: readonly Instance[], colours: readonly string[], labels: readonly string[], start: readonly [number, number], noise: GradientNoise = NO_NOISE): Run[] {
  const problem = startProblem(objective, start);
  return instances.map((instance, i) => {
    const base = { instance, colour: colours[i]!, label: labels[i]!, diverged: false };
    try {
      const run = new VectorRun(noisyObjective(objective, noise), { optimizer: instance.name, options: { ...instance.options }, start });
      if (problem) return { ...base, run, error: null, stopped: 'invalid start', stopNote: 'not started: f or ∇f is not finite at the start point' };
      return { ...base, run, error: null, stopped: null, stopNote: '' };
    } catch (err) {
      return { ...base, run: null, error: err instanceof Error ? err.message : String(err), stopped: 'error', stopNote: 'invalid options' };
    }
  });
}

/** Per-run bookkeeping for the stall test, kept outside `Run` so the page state stays plain. */
const stalls = new WeakMap<Run, number>();

function stop(r: Run, reason: StopReason, note: string): void {
  r.stopped = reason;
  r.stopNote = note;
  if (reason === 'diverged') r.diverged = true;
}

/** One step of every live run; returns how many are still live. */
export function stepRuns(runs: readonly Run[], objective: Objective2D, rules: StopRules = STOP_RULES): number {
  let live = 0;
  for (const r of runs) {
    if (!r.run || r.stopped) continue;
    const run = r.run;
    try {
      const loss = run.step();
      const n = run.points.length - 1;
      const p = run.points[n]!;
      const q = run.points[n - 1]!;
      const f0 = run.losses[0]!;
      if (!Number.isFinite(loss) || !p.every(Number.isFinite)) {
        stop(r, 'diverged', `diverged at step ${formatCount(n)}: f = ${formatNumber(loss)}`);
      } else if (Math.hypot(p[0]!, p[1]!) > rules.far) {
        stop(r, 'diverged', `diverged at step ${formatCount(n)}: ‖x‖ > ${formatNumber(rules.far)}`);
      } else if (Math.abs(loss - f0) > rules.lossGrowth * (1 + Math.abs(f0))) {
        stop(r, 'diverged', `diverged at step ${formatCount(n)}: f = ${formatNumber(loss)}`);
      } else {
        const g = objective.gradient(p);
        const gradNorm = Math.hypot(g[0]!, g[1]!);
        const stepLength = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
        const stalled = stepLength <= rules.stepTolerance * (1 + Math.hypot(p[0]!, p[1]!)) ? (stalls.get(r) ?? 0) + 1 : 0;
        stalls.set(r, stalled);
        if (gradNorm < rules.gradientTolerance) stop(r, 'converged', `converged at step ${formatCount(n)}: ‖∇f‖ < ${formatNumber(rules.gradientTolerance)}`);
        else if (stalled >= rules.stallSteps) stop(r, 'converged', `stopped moving at step ${formatCount(n)} (‖∇f‖ = ${formatNumber(gradNorm)})`);
        else if (n >= rules.maxSteps) stop(r, 'step cap', `stopped at the step cap, ${formatCount(rules.maxSteps)} steps`);
      }
    } catch (err) {
      r.error = err instanceof Error ? err.message : String(err);
      stop(r, 'diverged', `failed: ${r.error}`);
    }
    if (!r.stopped) live++;
  }
  return live;
}

/** Whether any run can still take a step. */
export function anyLive(runs: readonly Run[]): boolean {
  return runs.some((r) => r.run !== null && r.stopped === null);
}

/** Steps taken so far (the longest run's). */
export function stepCount(runs: readonly Run[]): number {
  return runs.reduce((n, r) => Math.max(n, r.run ? r.run.points.length - 1 : 0), 0);
}
