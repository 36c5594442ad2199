/**
 * Runs descent's own SGD (plain, heavy-ball or Nesterov momentum) on a stacked quadratic, with an
 * exact or noisy gradient, and records f(x_k) − f* after every step, for the iterate and for any
 * averaged iterates (descent's averagers).
 */
import type { Averager, AveragingState } from '../../averaging/averager.js';
import { SGD } from '../../optim/optimizers/sgd.js';
import { vectorParameter } from '../../optim/vector.js';
import { Random } from '../../tensor/random.js';
import { meanGap, noisyGradient, type StackedQuadratic } from './quadratic-problem.js';

/** Options of {@link descend}. */
export interface DescendOptions {
  steps: number;
  /** η, or η_k as a function of the 1-based step k. */
  learningRate: number | ((k: number) => number);
  momentum?: number;
  nesterov?: boolean;
  /** Standard deviation of the gradient noise per coordinate (default 0: exact gradients). */
  sigma?: number;
  seed?: number;
  /** Start point per coordinate (default 1 everywhere). */
  start?: number;
  /** Averagers fed with every iterate; their gaps are recorded under the given names. */
  averagers?: Readonly<Record<string, Averager>>;
  /** Stop early once the gap falls below this (default 1e-250, before float64 underflow) or exceeds 1e100. */
  floor?: number;
}

/** f(x_k) − f* (mean over the stacked runs) for k = 0 … steps, and for each averager. */
export interface DescendTrace {
  /** gaps[k] = f(x_k) − f*; shorter than steps + 1 if the run stopped early. */
  gaps: number[];
  averaged: Record<string, number[]>;
}

/**
 * Gradient descent on `q` with descent's SGD optimizer: each step sets the (noisy) gradient and calls
 * `step()`; with momentum the optimizer keeps the buffer b ← μ·b + g and moves x ← x − η·b (heavy
 * ball), or x ← x − η·(g + μ·b) with `nesterov` (PyTorch's form of Nesterov's method).
 *
 * @example
 * const trace = descend(stackedQuadratic(spectrum(10, 100)), { steps: 500, learningRate: 0.0198 });
 */
export function descend(q: StackedQuadratic, options: DescendOptions): DescendTrace {
  const x = new Float64Array(q.lambda.length).fill(options.start ?? 1);
  const p = vectorParameter(x);
  const rate = options.learningRate;
  const lr = (k: number): number => (typeof rate === 'number' ? rate : rate(k));
  const optimizer = new SGD([p], { learningRate: lr(1), momentum: options.momentum ?? 0, nesterov: options.nesterov ?? false });
  const random = new Random(options.seed ?? 1);
  const sigma = options.sigma ?? 0;
  const floor = options.floor ?? 1e-250;
  const grad = new Float64Array(x.length);
  const averagers = Object.entries(options.averagers ?? {});
  const states: AveragingState[] = averagers.map(([, a]) => a.init({ x }));
  const gaps = [meanGap(q, x)];
  const averaged: Record<string, number[]> = Object.fromEntries(averagers.map(([name]) => [name, [gaps[0]!]]));
  for (let k = 1; k <= options.steps; k++) {
    optimizer.paramGroups[0]!.learningRate = lr(k);
    p.grad = { data: noisyGradient(q, x, sigma, random, grad) } as typeof p.grad;
    optimizer.step();
    const gap = meanGap(q, x);
    gaps.push(gap);
    averagers.forEach(([name, a], i) => {
      states[i] = a.update(states[i]!, { x });
      averaged[name]!.push(meanGap(q, states[i]!.averaged.x!));
    });
    if (!(gap > floor && gap < 1e100)) break;
  }
  return { gaps, averaged };
}

/**
 * Indices 0 … n−1 thinned to about `count` points for plotting: evenly spaced, or log-spaced
 * (starting at 1) for log-scaled k axes.
 */
export function thin(n: number, count: number, log: boolean): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i).filter((i) => !log || i >= 1);
  const out = new Set<number>();
  for (let j = 0; j < count; j++) {
    const t = j / (count - 1);
    out.add(log ? Math.round((n - 1) ** t) : Math.round(t * (n - 1)));
  }
  return [...out].filter((i) => !log || i >= 1).sort((a, b) => a - b);
}
