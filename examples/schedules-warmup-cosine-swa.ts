/**
 * Example: gradient descent with momentum on a noisy quadratic, with a linear warm-up followed by
 * cosine annealing, then SWA (constant SWA learning rate, equal-weight averaging of the iterates).
 * The averaged weights are evaluated without disturbing the live ones.
 *
 * Run: npx tsx examples/schedules-warmup-cosine-swa.ts
 */
import { pathToFileURL } from 'node:url';
import { swa, withAveragedWeights } from '../src/averaging/index.js';
import { applySchedule, cosineAnnealingLR, joinSchedules, swaLR, warmup, type SchedulableOptimizer } from '../src/schedules/index.js';

/** What {@link main} returns: the loss of the live and of the averaged weights, and the lr trace. */
export interface ExampleResult {
  liveLoss: number;
  averagedLoss: number;
  learningRates: number[];
}

/**
 * Minimises f(w) = ½ Σ c_i w_i² from noisy gradients for 60 steps (40 of warm-up + cosine, then 20 of
 * SWA) and returns the final losses.
 *
 * @example
 * ```ts
 * const { liveLoss, averagedLoss } = main();
 * ```
 */
export function main(log: (line: string) => void = () => {}): ExampleResult {
  const curvature = Float64Array.from([1, 4, 0.5, 2]);
  const w = Float64Array.from([3, -2, 4, 1]);
  const velocity = new Float64Array(w.length);
  const loss = (x: Float64Array): number => x.reduce((s, v, i) => s + 0.5 * curvature[i]! * v * v, 0);
  let seed = 42;
  const noise = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; // a small LCG: deterministic gradient noise
    return (seed / 2 ** 32 - 0.5) * 0.5;
  };

  // Warm up for 5 steps, cosine-anneal over 35, then anneal to a constant SWA rate.
  const base = warmup(cosineAnnealingLR({ learningRate: 0.2, tMax: 35, etaMin: 0.01 }), { warmupSteps: 5, startFactor: 0.1 });
  const schedule = joinSchedules([base, swaLR({ learningRate: 0.01, swaLr: 0.05, annealEpochs: 5 })], [40]);
  const optimizer: SchedulableOptimizer = { paramGroups: [{ learningRate: 0, momentum: 0.9 }] };

  const averager = swa();
  let averaged = averager.init({ w });
  const learningRates: number[] = [];
  for (let step = 0; step < 60; step++) {
    applySchedule(optimizer, schedule, step);
    const { learningRate, momentum = 0 } = optimizer.paramGroups[0]!;
    learningRates.push(learningRate);
    for (let i = 0; i < w.length; i++) {
      const g = curvature[i]! * w[i]! + noise();
      velocity[i] = momentum * velocity[i]! + g;
      w[i] = w[i]! - learningRate * velocity[i]!;
    }
    if (step >= 40) averaged = averager.update(averaged, { w });
    if (step % 10 === 0) log(`step ${step}: lr ${learningRate.toFixed(4)}, loss ${loss(w).toExponential(3)}`);
  }
  const liveLoss = loss(w);
  const averagedLoss = withAveragedWeights(averaged, { w }, () => loss(w));
  log(`live weights: loss ${liveLoss.toExponential(3)}; SWA average of ${averaged.count} iterates: loss ${averagedLoss.toExponential(3)}`);
  return { liveLoss, averagedLoss, learningRates };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(console.log);
}
