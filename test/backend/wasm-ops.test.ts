/**
 * Key ops and a small MLP under both backends: the same float32 computation through
 * `setBackend('wasm')` and `setBackend('js')` agrees within float32 tolerance (matmul rounds in
 * float32 in wasm, in double in JS; everything else is identical or within an ulp). Also the fallback
 * to 'js' where WebAssembly SIMD is missing.
 */
import { afterEach, describe, it, expect, vi } from 'vitest';
import {
  Linear, ReLU, Sequential, Tensor, add, crossEntropy, exp, getBackendName, logSoftmax, matmul, mean, mseLoss, mul, relu, setBackend,
  sigmoid, softmax, sum, tanh, type Parameter,
} from '../../src/index.js';
import { loadWasmBackend, useWasmBackend } from '../../src/backend/wasm/index.js';
import { Random } from '../../src/tensor/random.js';

const BACKENDS = ['js', 'wasm'] as const;
expect(loadWasmBackend()).not.toBeNull();

afterEach(() => setBackend('js'));

/**
 * Runs `fn` with none of descent's process-wide state on globalThis (src/platform/shared-state.ts),
 * so module instances imported after vi.resetModules start afresh; the state is put back after.
 */
async function withFreshSharedState(fn: () => Promise<void>): Promise<void> {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  const saved = Object.getOwnPropertySymbols(globalThis).filter((k) => Symbol.keyFor(k)?.startsWith('descent@')).map((k) => [k, slots[k]] as const);
  for (const [k] of saved) delete slots[k];
  try {
    await fn();
  } finally {
    for (const k of Object.getOwnPropertySymbols(globalThis)) if (Symbol.keyFor(k)?.startsWith('descent@')) delete slots[k];
    for (const [k, v] of saved) slots[k] = v;
  }
}

function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const r = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: n }, () => r.uniformIn(-scale, scale)), shape);
}

/** Runs `fn` on fresh copies of `inputs` (requiring gradients) under each backend. */
function underBoth(inputs: Tensor[], fn: (...xs: Tensor[]) => Tensor): Record<(typeof BACKENDS)[number], { out: Float32Array; grads: Float32Array[] }> {
  const result = {} as Record<(typeof BACKENDS)[number], { out: Float32Array; grads: Float32Array[] }>;
  for (const name of BACKENDS) {
    setBackend(name);
    const xs = inputs.map((t) => new Tensor(t.data.slice(), t.shape).requireGrad());
    const y = fn(...xs);
    sum(y).backward();
    result[name] = { out: y.data as Float32Array, grads: xs.map((x) => x.grad!.data as Float32Array) };
  }
  setBackend('js');
  return result;
}

/** |a − b| ≤ rtol·max(|b|, scale) elementwise, scale being the largest |b| (float32 rounding noise). */
function expectAllClose(a: Float32Array, b: Float32Array, rtol: number, what: string): void {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= rtol * Math.max(Math.abs(b[i]!), scale))) expect.fail(`${what}[${i}]: wasm ${a[i]} vs js ${b[i]}`);
  }
}

describe('ops under the js and wasm backends', () => {
  const cases: Array<[string, Tensor[], (...xs: Tensor[]) => Tensor, number]> = [
    ['matmul 2-D (backward uses both transposed variants)', [randomTensor([33, 70], 1), randomTensor([70, 19], 2)], (a, b) => matmul(a!, b!), 1e-5],
    ['matmul batched with a broadcast operand', [randomTensor([3, 17, 40], 3), randomTensor([40, 9], 4)], (a, b) => matmul(a!, b!), 1e-5],
    ['linear layer: x·Wᵀ + b, relu', [randomTensor([64, 50], 5), randomTensor([30, 50], 6), randomTensor([30], 7)], (x, w, b) => relu(add(matmul(x!, w!.transpose(0, 1)), b!)), 1e-5],
    ['elementwise: mul, exp, sigmoid, tanh', [randomTensor([40, 30], 8, 3), randomTensor([40, 30], 9, 3)], (a, b) => add(mul(exp(a!), sigmoid(b!)), tanh(mul(a!, b!))), 1e-6],
    ['softmax and logSoftmax over rows', [randomTensor([64, 10], 10, 5)], (x) => add(softmax(x!, 1), logSoftmax(x!, 1)), 1e-6],
    ['sums and means over axes', [randomTensor([20, 30, 4], 11)], (x) => add(sum(x!, 1), mean(mul(x!, x!), 1)), 1e-6],
  ];
  for (const [name, inputs, fn, rtol] of cases) {
    it(name, () => {
      const r = underBoth(inputs, fn);
      expectAllClose(r.wasm.out, r.js.out, rtol, 'output');
      r.wasm.grads.forEach((g, i) => expectAllClose(g, r.js.grads[i]!, rtol, `grad ${i}`));
    });
  }

  it('float64 tensors run the JS kernels under the wasm backend: identical results', () => {
    const a = new Tensor(Float64Array.from(randomTensor([20, 30], 12).data), [20, 30]);
    const b = new Tensor(Float64Array.from(randomTensor([30, 20], 13).data), [30, 20]);
    const results = BACKENDS.map((name) => {
      setBackend(name);
      return Array.from(exp(tanh(matmul(a, b))).data);
    });
    expect(results[1]).toEqual(results[0]);
  });
});

describe('an MLP under both backends', () => {
  function mlp(seed: number): Sequential {
    const random = new Random(seed);
    return new Sequential(new Linear(64, 48, { random }), new ReLU(), new Linear(48, 32, { random }), new ReLU(), new Linear(32, 10, { random }));
  }
  const x = randomTensor([32, 64], 20);
  const labels = new Tensor(Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 10), [32]);

  it('forward + backward: loss and every parameter gradient agree', () => {
    const grads: Record<string, Map<string, Float32Array>> = {};
    const losses: Record<string, number> = {};
    for (const name of BACKENDS) {
      setBackend(name);
      const model = mlp(1);
      const loss = crossEntropy(model.forward(x), labels);
      loss.backward();
      losses[name] = loss.item();
      grads[name] = new Map(model.namedParameters().map(([n, p]) => [n, p.grad!.data as Float32Array]));
    }
    expect(losses.wasm).toBeCloseTo(losses.js!, 5);
    for (const [n, g] of grads.js!) expectAllClose(grads.wasm!.get(n)!, g, 1e-5, n);
  });

  it('twenty steps of SGD follow the same trajectory', () => {
    const trajectories: Record<string, number[]> = {};
    for (const name of BACKENDS) {
      setBackend(name);
      const model = mlp(2);
      const params: Parameter[] = model.parameters();
      const history: number[] = [];
      for (let step = 0; step < 20; step++) {
        for (const p of params) p.grad = null;
        const loss = add(crossEntropy(model.forward(x), labels), mseLoss(sigmoid(model.forward(x)), new Tensor(new Float32Array(320).fill(0.1), [32, 10])));
        loss.backward();
        history.push(loss.item());
        for (const p of params) {
          const w = p.data as Float32Array;
          const g = p.grad!.data as Float32Array;
          for (let i = 0; i < w.length; i++) w[i]! -= 0.1 * g[i]!;
        }
      }
      trajectories[name] = history;
    }
    expect(trajectories.js![19]).toBeLessThan(trajectories.js![0]!);
    trajectories.wasm!.forEach((l, i) => expect(Math.abs(l - trajectories.js![i]!)).toBeLessThan(1e-5 * Math.abs(trajectories.js![i]!)));
  });
});

describe('backend selection', () => {
  it("useWasmBackend makes 'wasm' active; setBackend switches back and forth", () => {
    expect(useWasmBackend()).toBe('wasm');
    expect(getBackendName()).toBe('wasm');
    setBackend('js');
    expect(getBackendName()).toBe('js');
    setBackend('wasm');
    expect(getBackendName()).toBe('wasm');
  });

  it('loadWasmBackend({ threads: 2 }) re-registers with a worker pool; the MLP gradients stay the same', () => {
    const two = loadWasmBackend({ threads: 2 })!;
    try {
      expect(two.threads).toBe(2);
      setBackend('wasm');
      const big = randomTensor([128, 600], 30); // 128·600·200 multiply-adds: split across the threads
      const w = randomTensor([600, 200], 31).requireGrad();
      sum(relu(matmul(big, w))).backward();
      const g2 = w.grad!.data.slice();
      const one = loadWasmBackend({ threads: 1 })!;
      expect(one.threads).toBe(1);
      expect(two.threads).toBe(1); // replaced and disposed
      w.grad = null;
      sum(relu(matmul(big, w))).backward();
      expect(Array.from(w.grad!.data)).toEqual(Array.from(g2));
    } finally {
      two.dispose();
      setBackend('js');
    }
  });

  it("falls back to 'js' where WebAssembly SIMD is missing (validate rejects SIMD, or no WebAssembly)", async () => {
    for (const simulate of ['no-simd', 'no-webassembly'] as const) {
      vi.resetModules();
      if (simulate === 'no-simd') vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
      else vi.stubGlobal('WebAssembly', undefined);
      await withFreshSharedState(async () => {
        // Fresh module instances: nothing loaded or registered yet.
        const wasm = await import('../../src/backend/wasm/index.js');
        const core = await import('../../src/backend/index.js');
        expect(wasm.wasmSimdSupported()).toBe(false);
        expect(wasm.loadWasmBackend()).toBeNull();
        await expect(wasm.loadWasmBackendAsync()).resolves.toBeNull();
        expect(wasm.useWasmBackend()).toBe('js');
        expect(core.getBackendName()).toBe('js');
        expect(() => core.setBackend('wasm')).toThrow("setBackend: unknown backend 'wasm'; available: js");
      }).finally(() => {
        vi.restoreAllMocks();
        vi.unstubAllGlobals();
      });
    }
    vi.resetModules();
  });

  it('loads asynchronously too (the path browsers need on their main thread), and activates unless told not to', async () => {
    vi.resetModules();
    await withFreshSharedState(async () => {
      const wasm = await import('../../src/backend/wasm/index.js');
      const core = await import('../../src/backend/index.js');
      const loadedOnly = await wasm.loadWasmBackendAsync({ threads: 1, activate: false });
      expect(loadedOnly?.name).toBe('wasm');
      expect(core.getBackendName()).toBe('js');
      const b = await wasm.loadWasmBackendAsync({ threads: 1 });
      expect(b).toBe(loadedOnly); // already loaded with one thread: the same backend
      expect(core.getBackendName()).toBe('wasm');
      core.setBackend('js');
      b?.dispose();
    });
    vi.resetModules();
  });

  it('shares the active backend between two copies of the package (ES module and CommonJS builds)', async () => {
    vi.resetModules();
    const other = await import('../../src/backend/index.js'); // a second module instance, as a second build would be
    expect(other.setBackend).not.toBe(setBackend);
    other.setBackend('wasm');
    expect(getBackendName()).toBe('wasm');
    setBackend('js');
    expect(other.getBackendName()).toBe('js');
    vi.resetModules();
  });
});
