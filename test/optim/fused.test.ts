import { describe, expect, it } from 'vitest';
import {
  OPTIMIZERS,
  applyUpdates,
  cloneState,
  stateEquals,
  stateFromJson,
  stateToJson,
  type FloatArray,
  type DefinedOptimizer,
  type HyperParameters,
  type ParamState,
  type StateValue,
} from '../../src/optim/index.js';
import { fakeGradient, param, sameBits, VARIANTS } from './helpers.js';

const fusedEntries = OPTIMIZERS.filter((e) => e.transformation !== undefined && e.kind === 'first-order');

/**
 * Schedule-Free's step sets the parameters to a new point y (exactly, in place, as the reference
 * does); the pure update is y − p, so p + (y − p) is y exactly when p and y are within a factor 2
 * of each other (Sterbenz) and within an ulp of y otherwise.
 */
const SETS_POINT = new Set(['sgd-schedule-free', 'adamw-schedule-free']);
/** Muon's façade orthogonalizes matrices, which the pure form (flat arrays) cannot see: compare vectors. */
const SHAPE_AWARE = new Set(['muon']);

/**
 * Equal bits, or (for {@link SETS_POINT}) equal to within the rounding of y − p: one ulp of the
 * larger of the new value and the value `before` the step.
 */
function agrees(name: string, a: FloatArray, b: FloatArray, before: FloatArray): boolean {
  if (!SETS_POINT.has(name)) return sameBits(a, b);
  const ulp = a instanceof Float32Array ? 2 ** -23 : 2 ** -52;
  return a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]!) <= ulp * Math.max(Math.abs(v), Math.abs(before[i]!)));
}

describe('fused kernels: the in-place step and the pure update give the same bits', () => {
  for (const entry of fusedEntries) {
    for (const options of [{}, ...(VARIANTS[entry.name] ?? [])]) {
      for (const f32 of [false, true]) {
        it(`${entry.name} ${JSON.stringify(options)} ${f32 ? 'float32' : 'float64'}`, () => {
          const a = param([0.5, -1.25, 2, 0], f32);
          const b = SHAPE_AWARE.has(entry.name) ? param([3, -0.5], f32) : param([3, -0.5], f32, [2, 1]);
          const opt = entry.create([['a', a], ['b', b]], options) as DefinedOptimizer<HyperParameters, ParamState>;
          const tx = entry.transformation!(options);
          let pure: FloatArray[] = [a.data.slice(), b.data.slice()];
          let state = tx.init(pure);
          for (let step = 0; step < 6; step++) {
            const grads = pure.map((p) => fakeGradient(p, step));
            a.grad = { data: grads[0]!.slice() };
            b.grad = { data: grads[1]!.slice() };
            opt.step();
            const r = tx.update(grads, state, pure);
            const before = pure;
            pure = applyUpdates(pure, r.updates);
            state = r.state;
            expect(agrees(entry.name, a.data, pure[0]!, before[0]!)).toBe(true);
            expect(agrees(entry.name, b.data, pure[1]!, before[1]!)).toBe(true);
          }
          const states = state as unknown as StateValue[];
          expect(stateEquals(opt.stateOf('a') as unknown as StateValue, states[0]!)).toBe(true);
          expect(stateEquals(opt.stateOf('b') as unknown as StateValue, states[1]!)).toBe(true);
          // State arrays keep the parameters' dtype, as in PyTorch.
          for (const v of Object.values(opt.stateOf('a')!)) if (typeof v !== 'number') expect(v.constructor).toBe(a.data.constructor);
        });
      }
    }
  }
});

describe('pure steppers: step() leaves params and state untouched, and state is JSON data', () => {
  for (const entry of OPTIMIZERS) {
    for (const options of [{}, ...(VARIANTS[entry.name] ?? [])] as Record<string, unknown>[]) {
      it(`${entry.name} ${JSON.stringify(options)}`, () => {
        // A convex bowl with its exact Hessian, so every kind of optimizer can run.
        const evaluate = (ps: readonly FloatArray[]): { loss: number; grads: FloatArray[] } => {
          const x = ps[0]!;
          const grads = [Float64Array.from(x, (v, i) => (i + 1) * v + Math.sin(v))];
          return { loss: Array.from(x).reduce((s, v, i) => s + 0.5 * (i + 1) * v * v - Math.cos(v), 0), grads };
        };
        const hessian = (x: Float64Array): Float64Array => {
          const H = new Float64Array(x.length * x.length);
          x.forEach((v, i) => (H[i * x.length + i] = i + 1 + Math.cos(v)));
          return H;
        };
        const st = entry.stepper(entry.kind === 'second-order' ? { ...options, hessian } : options);
        let params: FloatArray[] = [Float64Array.of(1.5, -0.7, 0.3)];
        let state = st.init(params);
        for (let k = 0; k < 4; k++) {
          const before = params.map((p) => p.slice());
          const stateBefore = cloneState(state);
          const r = st.step(params, state, evaluate);
          expect(params.every((p, i) => sameBits(p, before[i]!))).toBe(true);
          expect(stateEquals(state, stateBefore)).toBe(true);
          expect(r.params[0]).not.toBe(params[0]);
          // JSON round trip restores the state exactly.
          expect(stateEquals(stateFromJson(JSON.parse(JSON.stringify(stateToJson(r.state)))), r.state)).toBe(true);
          params = r.params;
          state = r.state;
        }
        const [end, start] = [evaluate(params).loss, evaluate([Float64Array.of(1.5, -0.7, 0.3)]).loss];
        if (options.maximize === true) expect(end).toBeGreaterThan(start);
        else expect(end).toBeLessThan(start);
      });
    }
  }
});
