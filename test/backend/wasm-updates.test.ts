/**
 * The wasm backend's optimizer update kernels (assembly/optim.ts, adaptive-updates.ts) against the TypeScript loops they
 * stand in for: float32 parameters and state must come out bit for bit the same (tolerance: none),
 * for every loop variant of Adam/AdamW, SGD, RMSprop, Adagrad, Adamax, NAdam, RAdam, Lion, Adadelta, ASGD and Rprop, on lengths with a ragged tail and spanning
 * several chunks, with special values (±0, ±∞, NaN, subnormals, huge) among the data; and the state
 * the façade keeps in wasm memory (the arena).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getBackendName, setBackend } from '../../src/backend/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { UPDATE_CHUNK } from '../../src/backend/wasm/updates.js';
import type { UpdateKernelName } from '../../src/backend/update-kernels.js';
import { optimizerEntry, type FloatArray, type Optimizer, type ParameterLike } from '../../src/optim/index.js';
import { Random } from '../../src/tensor/random.js';
import { sameBits } from '../optim/helpers.js';

const wasm = loadWasmBackend()!;
const previous = getBackendName();
afterEach(() => setBackend(previous));

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-40, -3e-39, 3e38, -1e30, 1e-30];

/** Deterministic float32 data in [-scale, scale], with special values sprinkled in when asked. */
function data(n: number, seed: number, scale: number, special: boolean): Float32Array {
  const r = new Random(seed);
  const a = Float32Array.from({ length: n }, () => r.uniformIn(-scale, scale));
  if (special) SPECIAL.forEach((v, i) => (a[(i * 977 + seed) % n] = v));
  return a;
}

interface Run {
  params: Float32Array;
  state: Array<[string, FloatArray | number]>;
}

/** Steps per run: RAdam rectifies its step only from ρ_t > 5, its sixth step with β2 = 0.999. */
const stepsOf = (name: string): number => (name === 'radam' ? 8 : name === 'asgd' ? 5 : 3); // ASGD averages (μ < 1) from its 4th step with t0 = 1

/** `stepsOf(name)` steps of `name` on one float32 parameter of length n under the given backend. */
function run(backendName: 'js' | 'wasm', name: string, options: Record<string, unknown>, n: number, special: boolean): Run {
  setBackend(backendName);
  const p: ParameterLike = { data: data(n, 1, 2, special), grad: null, shape: [n] };
  const opt: Optimizer = optimizerEntry(name).create([['w', p]], options);
  for (let step = 0; step < stepsOf(name); step++) {
    p.grad = { data: data(n, 10 + step, 1, special && step === 1) };
    opt.step();
  }
  const s = (opt as unknown as { stateOf(n: string): Record<string, FloatArray | number> }).stateOf('w');
  return { params: p.data as Float32Array, state: Object.entries(s) };
}

const CASES: Array<[string, Record<string, unknown>, UpdateKernelName]> = [
  ['adam', {}, 'adam'],
  ['adam', { amsgrad: true }, 'adam'],
  ['adam', { maximize: true, weightDecay: 0.1, betas: [0.8, 0.99] }, 'adam'],
  ['adam', { amsgrad: true, weightDecay: 0.01, maximize: true }, 'adam'],
  ['adamw', {}, 'adam'],
  ['adamw', { amsgrad: true }, 'adam'],
  ['adamw', { weightDecay: 0 }, 'adam'],
  ['sgd', { learningRate: 0.1 }, 'sgd'],
  ['sgd', { weightDecay: 0.1, maximize: true }, 'sgd'],
  ['sgd', { momentum: 0.9 }, 'sgd'],
  ['sgd', { momentum: 0.5, dampening: 0.3 }, 'sgd'],
  ['sgd', { momentum: 0.9, nesterov: true }, 'sgd'],
  ['sgd', { momentum: 0.9, nesterov: true, weightDecay: 0.01 }, 'sgd'],
  ['sgd', { momentum: 0.5, dampening: 0.3, maximize: true }, 'sgd'],
  ['rmsprop', {}, 'rmsprop'],
  ['rmsprop', { centered: true }, 'rmsprop'],
  ['rmsprop', { momentum: 0.9 }, 'rmsprop'],
  ['rmsprop', { centered: true, momentum: 0.9, weightDecay: 0.1, maximize: true }, 'rmsprop'],
  ['adagrad', {}, 'adagrad'],
  ['adagrad', { lrDecay: 0.1, weightDecay: 0.05, maximize: true, initialAccumulatorValue: 0.1 }, 'adagrad'],
  ['adamax', {}, 'adamax'],
  ['adamax', { weightDecay: 0.1, maximize: true }, 'adamax'],
  ['nadam', {}, 'nadam'],
  ['nadam', { weightDecay: 0.1, maximize: true }, 'nadam'],
  ['nadam', { weightDecay: 0.1, decoupledWeightDecay: true }, 'nadam'],
  ['radam', {}, 'radam'],
  ['radam', { weightDecay: 0.1, maximize: true }, 'radam'],
  ['radam', { weightDecay: 0.1, decoupledWeightDecay: true, betas: [0.8, 0.99] }, 'radam'],
  ['lion', {}, 'lion'],
  ['lion', { weightDecay: 0.1, maximize: true }, 'lion'],
  ['adadelta', {}, 'adadelta'],
  ['adadelta', { weightDecay: 0.1, maximize: true, rho: 0.8 }, 'adadelta'],
  ['asgd', {}, 'asgd'],
  ['asgd', { weightDecay: 0.1, maximize: true, t0: 1, lambd: 0.01 }, 'asgd'], // averaging from step 4 (μ < 1)
  ['rprop', {}, 'rprop'],
  ['rprop', { maximize: true, etas: [0.3, 1.5], stepSizes: [1e-4, 0.01] }, 'rprop'],
];

describe('wasm optimizer update kernels give the TypeScript loops\' bits (float32)', () => {
  for (const [name, options, kernel] of CASES) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      const spy = vi.spyOn(wasm.updates!, 'update');
      const callsOfKernel = (): number => spy.mock.calls.filter(([kind]) => kind === kernel).length;
      try {
        // Lengths: the smallest sent to wasm, an odd tail, several chunks with an odd tail.
        for (const n of [wasm.updates!.minLength, 1029, 2 * UPDATE_CHUNK + 7]) {
          for (const special of [false, true]) {
            const js = run('js', name, options, n, special);
            const calls = callsOfKernel();
            const w = run('wasm', name, options, n, special);
            expect(callsOfKernel() - calls).toBe(stepsOf(name));
            expect(sameBits(w.params, js.params)).toBe(true);
            expect(w.state.map(([k]) => k)).toEqual(js.state.map(([k]) => k));
            w.state.forEach(([k, v], i) => {
              const u = js.state[i]![1];
              if (typeof v === 'number') expect(v, k).toBe(u);
              else expect(sameBits(v, u as FloatArray), `state ${k}, n ${n}`).toBe(true);
            });
          }
        }
      } finally {
        spy.mockRestore();
      }
    });
  }

  it('leaves float64 parameters, short arrays and the pure update to the TypeScript loops', () => {
    setBackend('wasm');
    const spy = vi.spyOn(wasm.updates!, 'update');
    try {
      const p64: ParameterLike = { data: new Float64Array(4096).fill(0.5), grad: { data: new Float64Array(4096).fill(0.1) }, shape: [4096] };
      const short: ParameterLike = { data: new Float32Array(wasm.updates!.minLength - 1).fill(0.5), grad: { data: new Float32Array(wasm.updates!.minLength - 1).fill(0.1) }, shape: [wasm.updates!.minLength - 1] };
      optimizerEntry('adam').create([p64, short], {}).step();
      const tx = optimizerEntry('adam').transformation!({});
      const params = [new Float32Array(4096).fill(0.5)];
      tx.update([new Float32Array(4096).fill(0.1)], tx.init(params), params);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('optimizer state in wasm memory', () => {
  it('the façade keeps float32 state in the arena; save → restore → continue equals an uninterrupted run, bit for bit', () => {
    setBackend('wasm');
    const n = 3000;
    const make = (): [ParameterLike, Optimizer] => {
      const p: ParameterLike = { data: data(n, 1, 2, false), grad: null, shape: [n] };
      return [p, optimizerEntry('adam').create([['w', p]], { amsgrad: true })];
    };
    const stepWith = (p: ParameterLike, opt: Optimizer, step: number): void => {
      p.grad = { data: data(n, 20 + step, 1, false) };
      opt.step();
    };
    const [p1, o1] = make();
    for (let t = 0; t < 4; t++) stepWith(p1, o1, t);
    const state = (o1 as unknown as { stateOf(n: string): Record<string, FloatArray | number> }).stateOf('w');
    for (const key of ['m', 'v', 'vMax']) {
      expect(state[key]).toBeInstanceOf(Float32Array);
      expect((state[key] as Float32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    const [p2, o2] = make();
    for (let t = 0; t < 2; t++) stepWith(p2, o2, t);
    const saved = JSON.parse(JSON.stringify(o2.stateDict()));
    const [p3, o3] = make();
    p3.data.set(p2.data);
    o3.loadStateDict(saved);
    const restored = (o3 as unknown as { stateOf(n: string): Record<string, FloatArray | number> }).stateOf('w');
    expect((restored.m as Float32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    for (let t = 2; t < 4; t++) stepWith(p3, o3, t);
    expect(sameBits(p3.data, p1.data)).toBe(true);
    expect(sameBits(restored.v as FloatArray, state.v as FloatArray)).toBe(true);
  });

  it('state arrays outside wasm memory (e.g. made by the TypeScript side) are streamed: same bits', () => {
    for (const [name, options] of [['adam', { amsgrad: true }], ['sgd', { momentum: 0.9 }], ['rmsprop', { centered: true, momentum: 0.5 }]] as const) {
      const n = 2 * UPDATE_CHUNK + 3;
      const runOn = (backendName: 'js' | 'wasm'): Float32Array => {
        setBackend(backendName);
        const p: ParameterLike = { data: data(n, 3, 1, false), grad: null, shape: [n] };
        const opt = optimizerEntry(name).create([['w', p]], options as Record<string, unknown>);
        for (let t = 0; t < 3; t++) {
          p.grad = { data: data(n, 30 + t, 1, false) };
          opt.step();
          // Swap the state for plain JS copies after the first step.
          const s = (opt as unknown as { stateOf(n: string): Record<string, unknown> }).stateOf('w');
          if (t === 0) for (const k of Object.keys(s)) if (s[k] instanceof Float32Array) s[k] = (s[k] as Float32Array).slice();
        }
        return p.data as Float32Array;
      };
      expect(sameBits(runOn('wasm'), runOn('js'))).toBe(true);
    }
  });
});
