/**
 * `tidy` scopes: what is released and what survives, the loud error on a released tensor, gradients
 * that belong to their leaves and accumulate in place, and — on the wasm backend — tensors made
 * inside a scope living in wasm memory, returned to the heap when the scope ends, so a warm training
 * step takes no new memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  BatchNorm1d,
  DataLoader,
  Linear,
  Parameter,
  Random,
  ReLU,
  ReleasedTensorError,
  Sequential,
  Tensor,
  crossEntropy,
  fit,
  isReleased,
  moons,
  keep,
  tidy,
} from '../../src/index.js';
import { getBackendName, registerBackend, setBackend, type Backend, type ScopedStorage } from '../../src/backend/index.js';
import { createWasmBackend, instantiateKernels, wasmSimdSupported } from '../../src/backend/wasm/index.js';
import type { TypedArray } from '../../src/tensor/dtype.js';

/** The wasm backend over a shared memory, its scoped storage counted. */
interface Counted {
  backend: Backend;
  memory: WebAssembly.Memory;
  taken: Set<TypedArray>;
  takes: number;
  frees: number;
}

function countedWasm(name: string): Counted {
  const kernels = instantiateKernels(true);
  const wasm = createWasmBackend(kernels, { minElementwise: 0 });
  const inner = wasm.scoped!;
  const c: Counted = { backend: wasm, memory: kernels.exports.memory, taken: new Set(), takes: 0, frees: 0 };
  const scoped: ScopedStorage = {
    take(dtype, size) {
      const a = inner.take(dtype, size);
      if (a) {
        c.takes++;
        c.taken.add(a);
      }
      return a;
    },
    free(a) {
      expect(c.taken.delete(a)).toBe(true); // freed once, and only what was taken
      c.frees++;
      inner.free(a);
    },
    zero: (a) => inner.zero(a),
  };
  c.backend = { ...wasm, name, scoped };
  return c;
}

const BACKENDS = wasmSimdSupported() ? ['js', 'wasm-scope-test'] : ['js'];
let counted: Counted | null = null;
let before = 'js';

beforeAll(() => {
  before = getBackendName();
  if (wasmSimdSupported()) {
    counted = countedWasm('wasm-scope-test');
    registerBackend(counted.backend);
  }
});
afterAll(() => setBackend(before));

/** A seeded MLP, an Adam optimizer and one batch. */
function problem(seed: number) {
  const random = new Random(seed);
  const model = new Sequential(new Linear(20, 32, { random }), new ReLU(), new Linear(32, 5, { random }));
  const x = new Tensor(Float32Array.from({ length: 16 * 20 }, () => random.normal()), [16, 20]);
  const y = new Tensor(Int32Array.from({ length: 16 }, () => random.int(5)), [16]);
  const opt = new Adam(model.namedParameters(), { learningRate: 1e-2 });
  return { model, x, y, opt };
}

/** `steps` training steps, each in a scope or not; the losses and the final weights. */
function train(steps: number, scoped: boolean): { losses: number[]; weights: number[][] } {
  const { model, x, y, opt } = problem(1);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const step = (): number => {
      opt.zeroGrad(true);
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    };
    losses.push(scoped ? tidy(step) : step());
  }
  return { losses, weights: model.parameters().map((p) => Array.from(p.data)) };
}

describe.each(BACKENDS)('tidy on the %s backend', (name) => {
  beforeAll(() => setBackend(name));

  it('releases what it made, keeps what it returns; a released tensor throws naming its op and shape', () => {
    const x = new Tensor(Float32Array.of(1, -2, 3), [3]).requireGrad();
    let inside: Tensor | null = null;
    const out = tidy(() => {
      inside = x.relu();
      return inside.mul(2);
    });
    expect(isReleased(inside!)).toBe(true);
    expect(isReleased(out)).toBe(false);
    expect(isReleased(x)).toBe(false); // made outside the scope
    expect(out.toFlatArray()).toEqual([2, 0, 6]);
    expect(() => inside!.toArray()).toThrow(ReleasedTensorError);
    expect(() => inside!.data).toThrow(/tensor \[3\] made by 'relu' was released when the tidy\(\) scope/);
    expect(String(inside)).toBe('Tensor([3], released)');
    expect(inside!.shape).toEqual([3]); // the shape stays readable
  });

  it('keeps tensors in arrays, plain objects and Maps of the result, and keep()-ed ones', () => {
    const x = new Tensor(Float32Array.of(1, 2), [2]);
    let kept: Tensor | null = null;
    let dropped: Tensor | null = null;
    const r = tidy(() => {
      kept = keep(x.add(1));
      dropped = x.add(2);
      return { a: [x.mul(3)], b: { c: x.sub(1) }, m: new Map([['d', x.neg()]]), n: 7 };
    });
    expect(r.a[0]!.toFlatArray()).toEqual([3, 6]);
    expect(r.b.c.toFlatArray()).toEqual([0, 1]);
    expect(r.m.get('d')!.toFlatArray()).toEqual([-1, -2]);
    expect(r.n).toBe(7);
    expect(kept!.toFlatArray()).toEqual([2, 3]);
    expect(isReleased(dropped!)).toBe(true);
  });

  it('nests: an inner result belongs to the outer scope, released at its end unless returned again', () => {
    const x = new Tensor(Float32Array.of(1, 2, 3), [3]);
    let inner: Tensor | null = null;
    let innerTemp: Tensor | null = null;
    const outer = tidy(() => {
      inner = tidy(() => {
        innerTemp = x.exp();
        return innerTemp.add(1);
      });
      expect(isReleased(innerTemp!)).toBe(true);
      expect(isReleased(inner)).toBe(false);
      const twice = inner.mul(2);
      expect(twice.toFlatArray()).toEqual(x.toFlatArray().map((v) => Math.fround(Math.fround(Math.fround(Math.exp(v)) + 1) * 2)));
      return twice;
    });
    expect(isReleased(inner!)).toBe(true);
    expect(isReleased(outer)).toBe(false);
  });

  it('a nested scope whose result is in a live graph leaves its tensors to the outer one, for backward there', () => {
    const x = new Tensor(Float32Array.of(1, 2, 3), [3]).requireGrad();
    let temp: Tensor | null = null;
    const grad = tidy(() => {
      const y = tidy(() => {
        temp = x.exp();
        return temp.mul(2);
      });
      expect(isReleased(temp!)).toBe(false); // y's VJP reads it
      y.sum().backward();
      return x.grad!.toFlatArray();
    });
    expect(grad).toEqual(x.toFlatArray().map((v) => Math.fround(Math.fround(Math.exp(v)) * 2)));
    expect(isReleased(temp!)).toBe(true); // released with the outer scope
  });

  it('releases when the function throws, and refuses a Promise', () => {
    let made: Tensor | null = null;
    expect(() =>
      tidy(() => {
        made = new Tensor(Float32Array.of(1), [1]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isReleased(made!)).toBe(true);
    expect(() => tidy(() => Promise.resolve(1))).toThrow(/returned a Promise/);
  });

  it('never releases parameters or buffers made inside a scope', () => {
    const { model, bn } = tidy(() => ({ model: new Linear(4, 3, { random: new Random(2) }), bn: new BatchNorm1d(3) }));
    for (const p of model.parameters()) expect(isReleased(p)).toBe(false);
    expect(bn.runningMean!.toFlatArray()).toEqual([0, 0, 0]);
    const p = tidy(() => new Parameter(new Float32Array(3).fill(1), [3]));
    expect(p.toFlatArray()).toEqual([1, 1, 1]);
    // A dtype change inside a scope: the new storage is the parameter's, not the scope's.
    const weight = Array.from(model.weight.data);
    tidy(() => model.to('float64'));
    expect(model.weight.dtype).toBe('float64');
    expect(Array.from(model.weight.data)).toEqual(weight);
    tidy(() => model.to('float32'));
    expect(Array.from(model.weight.data)).toEqual(weight);
    // A batch-norm step inside a scope updates the running statistics in place; they stay readable.
    tidy(() => bn.forward(new Tensor(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3])));
    expect(bn.runningMean!.toFlatArray().some((v) => v !== 0)).toBe(true);
  });

  it('training steps inside scopes give the bits of steps outside them', () => {
    const plain = train(6, false);
    const scoped = train(6, true);
    expect(scoped.losses).toEqual(plain.losses);
    expect(scoped.weights).toEqual(plain.weights);
    expect(scoped.losses.at(-1)!).toBeLessThan(scoped.losses[0]!);
  });

  it("gradients are the leaf's: backward in one scope, step in another", () => {
    const { model, x, y, opt } = problem(4);
    tidy(() => crossEntropy(model.forward(x), y).backward());
    for (const p of model.parameters()) {
      expect(p.grad).not.toBeNull();
      expect(isReleased(p.grad!)).toBe(false);
      expect(p.grad!.toFlatArray().some((v) => v !== 0)).toBe(true);
    }
    const w = Array.from(model.parameters()[0]!.data);
    tidy(() => opt.step());
    expect(Array.from(model.parameters()[0]!.data)).not.toEqual(w);
  });

  it('backward outside the scope that recorded the graph throws, naming the op', () => {
    const { model, x, y } = problem(5);
    const loss = tidy(() => crossEntropy(model.forward(x), y));
    expect(loss.item()).toBeGreaterThan(0); // the value itself survives
    expect(() => loss.backward()).toThrow(ReleasedTensorError);
    expect(() => tidy(() => crossEntropy(model.forward(x), y)).backward()).toThrow(/graph through '\w+' was recorded inside a tidy\(\) scope that has ended/);
  });

  it('accumulates gradients in place, with the bits of a sum, even when two leaves share one', () => {
    const a = new Tensor(Float32Array.of(0.1, 0.2, 0.3), [3]).requireGrad();
    const b = new Tensor(Float32Array.of(1.5, -2, 0.25), [3]).requireGrad();
    const f = (): Tensor => a.add(b).mul(a).sum(); // d/da = 2a + b, d/db = a; add hands both one upstream gradient
    const once = [...a.toFlatArray()].map((v, i) => Math.fround(Math.fround(v + b.data[i]!) + v));
    tidy(() => f().backward());
    tidy(() => f().backward());
    expect(a.grad!.toFlatArray()).toEqual(once.map((g) => Math.fround(g + g)));
    expect(b.grad!.toFlatArray()).toEqual(a.toFlatArray().map((v) => Math.fround(v + v)));
    const third = a.grad!;
    tidy(() => f().backward()); // the sum made by the second backward is the leaf's own: added in place
    expect(a.grad).toBe(third);
    expect(a.grad!.toFlatArray()).toEqual(once.map((g) => Math.fround(Math.fround(g + g) + g)));
    expect(b.grad!.toFlatArray()).toEqual(a.toFlatArray().map((v) => Math.fround(Math.fround(v + v) + v)));
    // A fan-out inside one backward (a used twice) is summed once, then in place, as before.
    a.zeroGrad();
    a.mul(3).add(a.mul(2)).add(a).sum().backward();
    expect(a.grad!.toFlatArray()).toEqual([6, 6, 6]);
  });

  it('double backward inside a scope (createGraph), then the gradient stays readable and its graph is cut', () => {
    const x = new Tensor(Float32Array.of(1, 2, 3), [3]).requireGrad();
    const hv = tidy(() => {
      x.pow(3).sum().backward(undefined, { createGraph: true }); // x.grad = 3x², with a graph
      const g = x.grad!;
      x.grad = null;
      g.sum().backward(undefined, { retainGraph: true }); // d/dx Σ 3x² = 6x; the graph stays
      const second = x.grad!.toFlatArray();
      x.grad = g;
      return second;
    });
    expect(hv).toEqual([6, 12, 18]);
    expect(x.grad!.toFlatArray()).toEqual([3, 12, 27]);
    expect(() => x.grad!.sum().backward()).toThrow(ReleasedTensorError);
  });

  it('a dropped gradient is released at the end of the next outermost scope', () => {
    const { model, x, y, opt } = problem(6);
    tidy(() => crossEntropy(model.forward(x), y).backward());
    const old = model.parameters()[0]!.grad!;
    tidy(() => {
      opt.zeroGrad(true);
      crossEntropy(model.forward(x), y).backward();
    });
    if (name === 'js') expect(isReleased(old)).toBe(false); // plain JS storage: left to the garbage collector
    else expect(isReleased(old)).toBe(true);
    expect(isReleased(model.parameters()[0]!.grad!)).toBe(false);
  });
});

describe.runIf(wasmSimdSupported())('tidy on the wasm backend: tensors in wasm memory', () => {
  beforeAll(() => setBackend('wasm-scope-test'));

  it('places tensors made inside in wasm memory and copies a returned one out to a JS array', () => {
    const x = new Tensor(Float32Array.from({ length: 300 }, (_, i) => i / 7), [300]);
    let insideBuffer: ArrayBufferLike | null = null;
    const out = tidy(() => {
      const h = x.exp();
      insideBuffer = h.data.buffer;
      return h.add(1);
    });
    expect(insideBuffer).toBeInstanceOf(SharedArrayBuffer);
    expect(out.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(out.toFlatArray()).toEqual(x.exp().add(1).toFlatArray());
  });

  it('a reused block comes back zero-filled, whatever it held (NaN, infinities, integers)', () => {
    const storage = counted!.backend.scoped!;
    const a = storage.take('float32', 1000) as Float32Array;
    a.fill(NaN);
    a[3] = Infinity;
    a[7] = -0;
    storage.free(a);
    const b = storage.take('float32', 1000)!;
    expect(b.byteOffset).toBe(a.byteOffset); // the same block
    expect(b.every((v) => Object.is(v, 0))).toBe(true);
    (b as Float32Array).fill(-1);
    storage.free(b);
    const c = storage.take('int32', 1000)!;
    expect(c.byteOffset).toBe(a.byteOffset);
    expect(c.every((v) => v === 0)).toBe(true);
    c.fill(-5);
    expect(storage.zero(c)).toBe(true);
    expect(c.every((v) => v === 0)).toBe(true);
    expect(storage.zero(new Float32Array(4))).toBe(false); // not in wasm memory
    storage.free(c);
  });

  it('a warm training step takes its storage back: every block freed, the memory stops growing', () => {
    const c = counted!;
    const { model, x, y, opt } = problem(3);
    const step = (): number =>
      tidy(() => {
        opt.zeroGrad(true);
        const loss = crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss.item();
      });
    for (let i = 0; i < 3; i++) step(); // warm-up
    const bytes = c.memory.buffer.byteLength;
    // Still taken: this model's gradients, and those of earlier tests' models (until collected).
    const live = c.taken.size;
    const grads = new Set(model.parameters().map((p) => p.grad!.data));
    expect([...grads].every((g) => c.taken.has(g))).toBe(true);
    const takes = c.takes;
    for (let i = 0; i < 20; i++) step();
    expect(c.takes - takes).toBeGreaterThan(20 * 10); // the step's tensors did live in wasm memory
    expect(c.taken.size).toBeLessThanOrEqual(live); // every block returned but the live gradients
    expect(model.parameters().every((p) => c.taken.has(p.grad!.data))).toBe(true); // the live gradients are still taken
    expect(c.memory.buffer.byteLength).toBe(bytes);
  });

  it('fit: each update and each held-out batch in a scope, so epochs after the first take no new memory', async () => {
    const c = counted!;
    const random = new Random(8);
    const model = new Sequential(new Linear(2, 64, { random }), new ReLU(), new Linear(64, 2, { random }));
    const data = moons({ samples: 512, noise: 0.1, seed: 3 });
    const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
    const takes = c.takes;
    const bytes: number[] = [];
    const result = await fit(model, {
      loss: crossEntropy, optimizer, data: new DataLoader(data, { batchSize: 32, seed: 1 }), validation: data, epochs: 4,
      callbacks: { onEpochEnd: () => void bytes.push(c.memory.buffer.byteLength) },
    });
    expect(c.takes - takes).toBeGreaterThan(4 * 16 * 10); // the updates' tensors lived in wasm memory
    expect(new Set(bytes.slice(1)).size).toBe(1); // the same memory from the second epoch on
    expect(model.parameters().every((p) => p.grad !== null && c.taken.has(p.grad.data))).toBe(true);
    expect(result.history.at(-1)!.validationError!).toBeLessThan(0.2);
  });
});
