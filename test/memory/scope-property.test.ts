/**
 * Property: any sequence of ops (elementwise, broadcasts, matmul, reductions, softmax; some in nested
 * scopes), differentiated, gives the same bits inside `tidy` as outside it — values, the returned
 * tensor read after the scope, and the leaves' gradients — on the js backend and on the wasm backend
 * with every kernel in wasm (no length threshold), where the tensors inside live in wasm memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random, Tensor, tidy } from '../../src/index.js';
import { getBackendName, registerBackend, setBackend } from '../../src/backend/index.js';
import { createWasmBackend, instantiateKernels, wasmSimdSupported } from '../../src/backend/wasm/index.js';

const ROWS = 6;
const COLS = 5;

/** Ops from [ROWS, COLS] tensors (and the weight [COLS, COLS]) to a [ROWS, COLS] tensor. */
const OPS: ReadonlyArray<(a: Tensor, b: Tensor, w: Tensor) => Tensor> = [
  (a, b) => a.add(b),
  (a, b) => a.sub(b),
  (a, b) => a.mul(b),
  (a) => a.relu(),
  (a) => a.tanh(),
  (a) => a.sigmoid(),
  (a) => a.square(),
  (a) => a.mul(0.5).exp(),
  (a, _b, w) => a.matmul(w),
  (a) => a.sub(a.mean(1, true)), // a broadcast [ROWS, 1]
  (a, b) => a.add(b.sum(0, true)), // a broadcast [1, COLS]
  (a) => a.softmax(1),
  (a) => a.transpose().reshape([ROWS, COLS]),
];

interface Step {
  op: number;
  a: number;
  b: number;
  /** Run this op in a nested scope (its result then belongs to the enclosing one). */
  nested: boolean;
}

const stepArb = fc.record({
  op: fc.integer({ min: 0, max: OPS.length - 1 }),
  a: fc.nat(),
  b: fc.nat(),
  nested: fc.boolean(),
});

interface Outcome {
  values: number[][];
  gx: number[];
  gw: number[];
}

function seeded(seed: number, shape: number[]): Tensor {
  const r = new Random(seed);
  return new Tensor(Float32Array.from({ length: shape[0]! * shape[1]! }, () => r.normal()), shape).requireGrad();
}

/** Runs the program on fresh leaves; `scoped`: all of it inside tidy, reading the result after. */
function run(program: readonly Step[], seed: number, scoped: boolean): Outcome {
  const x = seeded(seed, [ROWS, COLS]);
  const w = seeded(seed + 1, [COLS, COLS]);
  const body = (): { values: number[][]; y: Tensor } => {
    const pool: Tensor[] = [x];
    const values: number[][] = [];
    for (const s of program) {
      const apply = (): Tensor => OPS[s.op]!(pool[s.a % pool.length]!, pool[s.b % pool.length]!, w);
      const t = scoped && s.nested ? tidy(apply) : apply();
      values.push(t.toFlatArray());
      pool.push(t);
    }
    const y = pool.at(-1)!;
    y.square().mean().backward();
    return { values, y };
  };
  const { values, y } = scoped ? tidy(body) : body();
  values.push(y.toFlatArray()); // after the scope: the returned tensor, copied out of the scope
  return { values, gx: x.grad?.toFlatArray() ?? [], gw: w.grad?.toFlatArray() ?? [] };
}

const BACKENDS = wasmSimdSupported() ? ['js', 'wasm-scope-property'] : ['js'];
let before = 'js';
beforeAll(() => {
  before = getBackendName();
  if (wasmSimdSupported()) registerBackend({ ...createWasmBackend(instantiateKernels(true), { minElementwise: 0 }), name: 'wasm-scope-property' });
});
afterAll(() => setBackend(before));

describe.each(BACKENDS)('tidy on the %s backend', (name) => {
  it('random op sequences give the same bits inside a scope as outside', () => {
    setBackend(name);
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (program, seed) => {
        const plain = run(program, seed, false);
        const scoped = run(program, seed, true);
        expect(scoped.values).toEqual(plain.values);
        expect(scoped.gx).toEqual(plain.gx);
        expect(scoped.gw).toEqual(plain.gw);
      }),
      { numRuns: 60 },
    );
  });
});
