/**
 * Tensors living in wasm memory: the heap's size classes and reuse, arrays surviving memory growth,
 * and the backend taking resident operands in place — with the same bits as operands copied in.
 */
import { describe, it, expect } from 'vitest';
import { WasmHeap, sizeClass } from '../../src/backend/wasm/heap.js';
import { createWasmBackend, instantiateKernels, wasmSimdSupported } from '../../src/backend/wasm/index.js';
import { registerBackend, setBackend, getBackendName } from '../../src/backend/index.js';
import { allocate, allocateLongLived } from '../../src/tensor/dtype.js';
import { Parameter } from '../../src/nn/parameter.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { matmul } from '../../src/ops/matmul.js';
import { relu } from '../../src/ops/activations.js';
import { add } from '../../src/ops/elementwise.js';
import { sum } from '../../src/ops/reduce.js';
import { seededFloat32 } from '../helpers/seeded-tensor.js';

const sharedMemory = (): WebAssembly.Memory => new WebAssembly.Memory({ initial: 1, maximum: 4096, shared: true });

describe('WasmHeap', () => {
  it('size classes: 64-byte multiples up to 4 KiB, then at most a quarter more than asked', () => {
    expect(sizeClass(1)).toBe(64);
    expect(sizeClass(64)).toBe(64);
    expect(sizeClass(65)).toBe(128);
    expect(sizeClass(4096)).toBe(4096);
    for (const bytes of [4097, 5000, 100_000, 401_408, 1 << 20, (1 << 20) + 1]) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c).toBeLessThanOrEqual(bytes * 1.25 + 64);
      expect(c % 64).toBe(0);
    }
  });

  it('arrays stay valid when the memory grows; blocks do not overlap', () => {
    const memory = sharedMemory();
    const heap = new WasmHeap(memory, 1024);
    const arrays = Array.from({ length: 6 }, (_, i) => heap.copyOf(new Float32Array(40_000).fill(i + 0.5)));
    expect(memory.buffer.byteLength).toBeGreaterThan(6 * 160_000);
    arrays.forEach((a, i) => {
      expect(a.length).toBe(40_000);
      expect(a[0]).toBe(i + 0.5);
      expect(a[39_999]).toBe(i + 0.5);
      expect(heap.offsetOf(a)).toBeGreaterThanOrEqual(1024);
      expect(heap.offsetOf(a.subarray(10))).toBe(heap.offsetOf(a) + 40); // views on it are resident too
    });
    const offsets = arrays.map((a) => heap.offsetOf(a)).sort((x, y) => x - y);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]! - offsets[i - 1]!).toBeGreaterThanOrEqual(160_000);
    expect(heap.offsetOf(new Float32Array(4))).toBe(-1);
    expect(heap.bytesInUse).toBeGreaterThanOrEqual(6 * 160_000);
  });

  it('a released block is reused for the same size class, zero-filled again', () => {
    const heap = new WasmHeap(sharedMemory(), 0);
    const [at, size] = heap.take(10_000)!;
    new Float32Array(heap.current() as ArrayBuffer, at, 2500).fill(7);
    heap.release(at, size);
    expect(heap.bytesInUse).toBe(0);
    const top = heap.highWater;
    const a = heap.array('float32', 2500)!;
    expect(heap.offsetOf(a)).toBe(at); // the freed block, not new memory
    expect(heap.highWater).toBe(top);
    expect(a.every((v) => v === 0)).toBe(true);
    const b = heap.array('int32', 2500)!; // same class, none free: new memory
    expect(heap.offsetOf(b)).toBeGreaterThanOrEqual(top);
  });

  it('hands out no arrays over a non-shared memory (they would be detached when it grows) and null when full', () => {
    const plain = new WasmHeap(new WebAssembly.Memory({ initial: 1 }), 0);
    expect(plain.residentArrays).toBe(false);
    expect(plain.array('float32', 1000)).toBeNull();
    expect(plain.take(1000)).not.toBeNull(); // scratch blocks are fine
    const small = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true }), 0);
    expect(small.array('float32', 20_000)).not.toBeNull();
    expect(small.array('float32', 20_000)).toBeNull(); // past the maximum: the caller falls back to JS arrays
  });
});

describe.runIf(wasmSimdSupported())('tensors in wasm memory', () => {
  const resident = createWasmBackend(instantiateKernels(true), { minElementwise: 0, minResident: 0 });
  const copying = createWasmBackend(instantiateKernels(false), { minElementwise: 0 });

  it('the backend allocates large tensors in its memory (shared kernels only), small ones in JS', () => {
    expect(resident.allocate!('float32', 1000)!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(createWasmBackend(instantiateKernels(true)).allocate!('float32', 10)).toBeNull();
    expect(copying.allocate!('float32', 1000)).toBeNull();
  });

  it('kernels on resident operands give the bits of kernels on copied ones (matmul, binary, unary, sum, fused bias + relu, conv)', () => {
    const m = 37, k = 53, n = 29;
    const a = seededFloat32(m * k, 1), b = seededFloat32(k * n, 2), bias = seededFloat32(n, 3);
    const place = (x: Float32Array): Float32Array => {
      const r = resident.allocate!('float32', x.length) as Float32Array;
      r.set(x);
      return r;
    };
    const zero = new Int32Array([0]);
    const outCopy = new Float32Array(m * n);
    copying.matmul(a, b, outCopy, m, k, n, false, false, zero, zero);
    const outRes = resident.allocate!('float32', m * n) as Float32Array;
    resident.matmul(place(a), place(b), outRes, m, k, n, false, false, zero, zero);
    expect(Array.from(outRes)).toEqual(Array.from(outCopy));
    // Mixed: one operand resident, one not, the result in JS.
    const outMixed = new Float32Array(m * n);
    resident.matmul(place(a), b, outMixed, m, k, n, false, false, zero, zero);
    expect(Array.from(outMixed)).toEqual(Array.from(outCopy));

    const biased = [new Float32Array(m * n), resident.allocate!('float32', m * n) as Float32Array];
    copying.binary('add', outCopy, [m, n], bias, [n], biased[0]!, [m, n]);
    resident.binary('add', outRes, [m, n], place(bias), [n], biased[1]!, [m, n]);
    expect(Array.from(biased[1]!)).toEqual(Array.from(biased[0]!));

    const relus = [new Float32Array(m * n), resident.allocate!('float32', m * n) as Float32Array];
    copying.unary('relu', biased[0]!, relus[0]!);
    resident.unary('relu', biased[1]!, relus[1]!);
    expect(Array.from(relus[1]!)).toEqual(Array.from(relus[0]!));

    const sums = [new Float32Array(n), new Float32Array(n)];
    copying.reduce('sum', relus[0]!, 1, m, n, sums[0]!);
    resident.reduce('sum', relus[1]!, 1, m, n, sums[1]!);
    expect(Array.from(sums[1]!)).toEqual(Array.from(sums[0]!));

    const fusedOut = [new Float32Array(m * n), resident.allocate!('float32', m * n) as Float32Array];
    copying.biasActivation('relu', outCopy, bias, m, n, 1, fusedOut[0]!, 0);
    resident.biasActivation('relu', outRes, place(bias), m, n, 1, fusedOut[1]!, 0);
    expect(Array.from(fusedOut[1]!)).toEqual(Array.from(fusedOut[0]!));

    const g = { batch: 2, channels: 3, height: 9, width: 8, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 9, outW: 8 };
    const x = seededFloat32(2 * 3 * 9 * 8, 4), w = seededFloat32(5 * 3 * 9, 5), cb = seededFloat32(5, 6);
    const convs = [new Float32Array(2 * 5 * 72), resident.allocate!('float32', 2 * 5 * 72) as Float32Array];
    copying.conv2d(x, w, cb, g, 5, convs[0]!);
    resident.conv2d(place(x), place(w), cb, g, 5, convs[1]!);
    expect(Array.from(convs[1]!)).toEqual(Array.from(convs[0]!));
  });

  it('parameters live in wasm memory under the resident backend; ops on them give the JS results', () => {
    const before = getBackendName();
    registerBackend({ ...resident, name: 'wasm-resident-test' });
    try {
      const x = new Tensor(seededFloat32(64 * 100, 7), [64, 100]);
      setBackend('wasm-resident-test');
      const w = Parameter.from(new Tensor(seededFloat32(100 * 30, 8), [100, 30]));
      const bias = Parameter.from(new Tensor(seededFloat32(30, 9), [30]));
      expect(w.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Parameter.empty([50, 50]).data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(allocateLongLived('float32', 4096).buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(allocate('float32', 4096).buffer).toBeInstanceOf(ArrayBuffer); // op results stay in JS
      const got = sum(relu(add(matmul(x, w), bias)), 0);
      setBackend('js');
      const expected = sum(relu(add(matmul(x, new Tensor(w.data.slice(), w.shape)), new Tensor(bias.data.slice(), [30]))), 0);
      for (let i = 0; i < 30; i++) expect(got.data[i]).toBeCloseTo(expected.data[i]!, 4);
      expect(allocateLongLived('float32', 4096).buffer).toBeInstanceOf(ArrayBuffer); // js: plain arrays
    } finally {
      setBackend(before);
    }
  });
});
