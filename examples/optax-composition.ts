/**
 * Optimizers built the Optax way, from verbs: `chain(scaleByAdam(), addDecayedWeights(λ),
 * scaleByLearningRate(η))` is AdamW — the same bits as `adamw({ weightDecay: λ, learningRate: η })`
 * and as the class `AdamW` — and `chain(trace({ decay: μ }), scaleByLearningRate(η))` is SGD with
 * momentum. The pure form keeps every state, so a run can be replayed; here it fits Rosenbrock.
 * Run it with `npx tsx examples/optax-composition.ts`.
 */
import { pathToFileURL } from 'node:url';
import {
  addDecayedWeights,
  adamw,
  applyUpdates,
  chain,
  rosenbrock,
  scaleByAdam,
  scaleByLearningRate,
  sgd,
  trace,
  type FloatArray,
  type GradientTransformation,
  type StateValue,
} from '../src/index.js';

/** Runs `tx` for `steps` steps on Rosenbrock from (−1.2, 1); returns every point. */
export function run<S extends StateValue>(tx: GradientTransformation<S>, steps: number): Float64Array[] {
  const f = rosenbrock();
  let params: FloatArray[] = [Float64Array.of(-1.2, 1)];
  let state = tx.init(params);
  const points: Float64Array[] = [Float64Array.from(params[0]!)];
  for (let k = 0; k < steps; k++) {
    const grads = [Float64Array.from(f.gradient(params[0]!))];
    const r = tx.update(grads, state, params);
    params = applyUpdates(params, r.updates);
    state = r.state;
    points.push(Float64Array.from(params[0]!));
  }
  return points;
}

/** The composed optimizers beside the named ones; returns the pairs of trajectories. */
export function main(steps = 2000, log: (line: string) => void = console.log): Record<string, [Float64Array[], Float64Array[]]> {
  const pairs: Record<string, [Float64Array[], Float64Array[]]> = {
    adamw: [run(chain(scaleByAdam(), addDecayedWeights(1e-3), scaleByLearningRate(0.02)), steps), run(adamw({ weightDecay: 1e-3, learningRate: 0.02 }), steps)],
    'sgd + momentum': [run(chain(trace({ decay: 0.9 }), scaleByLearningRate(1e-4)), steps), run(sgd({ momentum: 0.9, learningRate: 1e-4 }), steps)],
  };
  for (const [name, [composed, named]] of Object.entries(pairs)) {
    const end = composed.at(-1)!;
    const same = composed.every((p, k) => p.every((v, i) => Object.is(v, named[k]![i])));
    log(`${name}: ends at (${end[0]!.toFixed(4)}, ${end[1]!.toFixed(4)}); composed and named ${same ? 'agree bit for bit' : 'DIFFER'}`);
  }
  return pairs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
