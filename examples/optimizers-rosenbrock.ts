/**
 * Race the optimizers on Rosenbrock's banana valley from (−1.5, 2), with plain vectors (no
 * tensors): every registry optimizer with a learning rate suited to the problem, then the
 * lecture's Nesterov next to PyTorch's SGD(nesterov).
 *
 *   npx tsx examples/optimizers-rosenbrock.ts
 */
import { rosenbrock } from '../src/functions/index.js';
import { minimize } from '../src/optim/index.js';

/** One optimizer's result: where it ended and the loss there. */
export interface RaceResult {
  optimizer: string;
  steps: number;
  x: number[];
  loss: number;
}

// Learning rates that suit this problem (the registry defaults are tuned for networks).
const RACE: Array<{ optimizer: string; options: Record<string, unknown>; steps: number }> = [
  { optimizer: 'sgd', options: { learningRate: 1e-3, momentum: 0.9 }, steps: 2000 },
  { optimizer: 'lecture-nesterov', options: { learningRate: 1e-3, momentum: 0.9 }, steps: 2000 },
  { optimizer: 'adam', options: { learningRate: 0.05 }, steps: 2000 },
  { optimizer: 'rmsprop', options: { learningRate: 1e-2 }, steps: 2000 },
  { optimizer: 'rprop', options: {}, steps: 2000 },
  { optimizer: 'lion', options: { learningRate: 1e-2 }, steps: 2000 },
  { optimizer: 'quickprop', options: {}, steps: 2000 },
  { optimizer: 'lbfgs', options: { lineSearchFn: 'strong_wolfe' }, steps: 10 },
  { optimizer: 'newton', options: { adaptiveDamping: true }, steps: 30 },
];

/** Runs the race and returns one result per optimizer (also printed when `print` is true). */
export function main(print = true): RaceResult[] {
  const f = rosenbrock();
  const results = RACE.map(({ optimizer, options, steps }) => {
    const { x, losses } = minimize(f, { optimizer, options, start: [-1.5, 2], steps });
    return { optimizer, steps, x, loss: losses[losses.length - 1]! };
  });
  if (print) {
    console.log('optimizer   steps  x                       loss');
    for (const r of results) {
      console.log(`${r.optimizer.padEnd(11)} ${String(r.steps).padStart(5)}  (${r.x.map((v) => v.toFixed(6)).join(', ')})  ${r.loss.toExponential(2)}`);
    }
  }
  return results;
}

if (process.argv[1]?.endsWith('optimizers-rosenbrock.ts')) main();
