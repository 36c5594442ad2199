/**
 * The wasm backend on several threads (a worker pool over shared memory): matmul and the three
 * convolution kernels give the same bits as one thread for any thread count and geometry; the pool
 * survives a failing job; the default thread count and DESCENT_THREADS; an idle pool never keeps
 * the process alive.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createWasmBackend, defaultThreads, instantiateKernels, threadsFromEnvironment, workerThreadsSupported, type WasmBackend } from '../../src/backend/wasm/index.js';
import { WorkerPool } from '../../src/backend/wasm/threads.js';
import { Scratch } from '../../src/backend/wasm/scratch.js';
import { MIN_CONV_SPLIT_MACS } from '../../src/backend/wasm/parallel.js';
import type { WindowGeometry } from '../../src/backend/backend.js';
import { MIN_SPLIT_UPDATE } from '../../src/backend/wasm/updates.js';
import { getBackendName, registerBackend, setBackend } from '../../src/backend/index.js';
import { optimizerEntry, type ParameterLike } from '../../src/optim/index.js';
import { seededFloat32 } from '../helpers/seeded-tensor.js';

function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < e.length; i++) if (a[i] !== e[i]) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} on one thread`);
}

function geometry(g: Omit<WindowGeometry, 'outH' | 'outW'>): WindowGeometry {
  return {
    ...g,
    outH: Math.floor((g.height + 2 * g.padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1,
    outW: Math.floor((g.width + 2 * g.padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1,
  };
}

const geometryArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 5 }), channels: fc.integer({ min: 1, max: 7 }),
    height: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 12 }),
    kernelH: fc.integer({ min: 1, max: 3 }), kernelW: fc.integer({ min: 1, max: 3 }),
    strideH: fc.integer({ min: 1, max: 2 }), strideW: fc.integer({ min: 1, max: 2 }),
    padH: fc.integer({ min: 0, max: 1 }), padW: fc.integer({ min: 0, max: 1 }),
    dilationH: fc.integer({ min: 1, max: 2 }), dilationW: fc.integer({ min: 1, max: 2 }),
    outChannels: fc.integer({ min: 1, max: 13 }),
  })
  .map(({ outChannels, ...g }) => ({ outChannels, g: geometry(g) }))
  .filter(({ g }) => g.outH >= 1 && g.outW >= 1);

/** Runs the three conv kernels on `backend`, returns [y, dx, dw]. */
function convAll(backend: WasmBackend, g: WindowGeometry, o: number, seed: number, withBias: boolean): Float32Array[] {
  const x = seededFloat32(g.batch * g.channels * g.height * g.width, seed);
  const w = seededFloat32(o * g.channels * g.kernelH * g.kernelW, seed + 1);
  const bias = withBias ? seededFloat32(o, seed + 2) : null;
  const dy = seededFloat32(g.batch * o * g.outH * g.outW, seed + 3);
  const y = new Float32Array(dy.length).fill(NaN);
  const dx = new Float32Array(x.length).fill(NaN);
  const dw = new Float32Array(w.length).fill(NaN);
  backend.conv2d(x, w, bias, g, o, y);
  backend.conv2dInputGrad(dy, w, g, o, dx);
  backend.conv2dWeightGrad(x, dy, g, o, dw);
  return [y, dx, dw];
}

describe.skipIf(!workerThreadsSupported())('wasm backend on several threads: the same bits as one thread', () => {
  const one = createWasmBackend(instantiateKernels(true), { threads: 1 });
  // Every product and convolution split, however small (tiny blocks, empty blocks, ragged edges).
  const two = createWasmBackend(instantiateKernels(true), { threads: 2, minSplitMacs: 0 });
  const three = createWasmBackend(instantiateKernels(true), { threads: 3, minSplitMacs: 0 });
  afterAll(() => {
    two.dispose();
    three.dispose();
  });

  it('the pool is ready with every thread', async () => {
    await Promise.all([two.ready(), three.ready()]);
    expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3]);
  });

  it('conv2d, its input gradient and its weight gradient: random geometries, split by images and by channels', () => {
    const runs = vi.spyOn(WorkerPool.prototype, 'run');
    try {
      fc.assert(
        fc.property(geometryArb, fc.integer({ min: 0, max: 999 }), fc.boolean(), ({ g, outChannels: o }, seed, withBias) => {
          const expected = convAll(one, g, o, seed, withBias);
          for (const backend of [two, three]) {
            convAll(backend, g, o, seed, withBias).forEach((got, i) => expectSameBits(got, expected[i]!, `${backend.threads} threads, ${['y', 'dx', 'dw'][i]} ${JSON.stringify(g)} O=${o}`));
          }
        }),
        { numRuns: 150 },
      );
      expect(runs.mock.calls.some(([jobs]) => jobs.length > 3)).toBe(true); // split finely
      expect(runs.mock.calls.some(([jobs]) => jobs[0]!.kernel === 'conv2dWeightGradBlock' && jobs[0]!.args.at(-4) === 0 && jobs[0]!.args.at(-3)! < jobs[0]!.args[3]!)).toBe(true); // by output channels
      expect(runs.mock.calls.some(([jobs]) => jobs[0]!.kernel === 'conv2dWeightGradBlock' && jobs[0]!.args.at(-1)! < jobs[0]!.args[5]!)).toBe(true); // by input channels
    } finally {
      runs.mockRestore();
    }
  });

  it('the conv net\'s layers at batch 64 go to the pool with the default thresholds', () => {
    const defaults = createWasmBackend(instantiateKernels(true), { threads: 2 });
    const runs = vi.spyOn(WorkerPool.prototype, 'run');
    try {
      const layers: Array<[WindowGeometry, number]> = [
        [geometry({ batch: 64, channels: 1, height: 28, width: 28, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 }), 16],
        [geometry({ batch: 64, channels: 16, height: 14, width: 14, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 }), 32],
      ];
      for (const [g, o] of layers) {
        expect(o * g.channels * 9 * g.outH * g.outW * g.batch).toBeGreaterThanOrEqual(MIN_CONV_SPLIT_MACS);
        const expected = convAll(one, g, o, 7, true);
        convAll(defaults, g, o, 7, true).forEach((got, i) => expectSameBits(got, expected[i]!, `layer C=${g.channels}: ${['y', 'dx', 'dw'][i]}`));
      }
      // All but the first layer's weight gradient (one input channel, 16 output channels: each
      // thread would unfold every image again for 8 rows of dW).
      expect(runs).toHaveBeenCalledTimes(5);
    } finally {
      runs.mockRestore();
      defaults.dispose();
    }
  });

  it('matmul: random shapes and transposes, batched, split by columns or rows', () => {
    const runs = vi.spyOn(WorkerPool.prototype, 'run');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 999 }),
        (m, k, n, transA, transB, seed) => {
          const a = seededFloat32(2 * m * k, seed);
          const b = seededFloat32(2 * k * n, seed + 1);
          const offsets = [Int32Array.of(0, m * k), Int32Array.of(k * n, 0)] as const;
          const expected = new Float32Array(2 * m * n);
          one.matmul(a, b, expected, m, k, n, transA, transB, ...offsets);
          for (const backend of [two, three]) {
            const got = new Float32Array(2 * m * n).fill(NaN);
            backend.matmul(a, b, got, m, k, n, transA, transB, ...offsets);
            expectSameBits(got, expected, `${backend.threads} threads [${m}x${k}x${n}] transA=${transA} transB=${transB}`);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(runs.mock.calls.some(([jobs]) => jobs.length > 3)).toBe(true);
    runs.mockRestore();
  });

  it('optimizer updates over resident arrays split over the threads: the TypeScript loops\' bits', () => {
    const n = MIN_SPLIT_UPDATE * 2 + 37; // several jobs and a ragged last one
    const cases: Array<[string, Record<string, unknown>]> = [
      ['adam', {}], ['adam', { amsgrad: true, maximize: true, weightDecay: 0.01 }], ['adamw', {}],
      ['sgd', {}], ['sgd', { momentum: 0.9, nesterov: true }], ['sgd', { momentum: 0.5, dampening: 0.3, weightDecay: 0.1, maximize: true }],
      ['rmsprop', {}], ['rmsprop', { centered: true, momentum: 0.9, weightDecay: 0.1 }],
      ['adagrad', { lrDecay: 0.1, weightDecay: 0.05 }], ['adamax', { maximize: true }], ['nadam', { weightDecay: 0.1, decoupledWeightDecay: true }],
      ['radam', { weightDecay: 0.1 }], ['lion', { weightDecay: 0.1 }], ['adadelta', { weightDecay: 0.1 }], ['asgd', { t0: 1 }], ['rprop', {}],
    ];
    const run = (b: WasmBackend | null, name: string, options: Record<string, unknown>): Float32Array[] => {
      const before = getBackendName();
      if (b) registerBackend({ ...b, name: 'wasm-threads-test' });
      setBackend(b ? 'wasm-threads-test' : 'js');
      try {
        const data = b ? (b.allocate!('float32', n) as Float32Array) : new Float32Array(n);
        data.set(seededFloat32(n, 3));
        const p: ParameterLike = { data, grad: null, shape: [n] };
        const opt = optimizerEntry(name).create([['w', p]], options);
        for (let step = 0; step < (name === 'radam' ? 7 : name === 'asgd' ? 5 : 3); step++) { // RAdam rectifies from its 6th step, ASGD averages from its 4th (t0 = 1)
          p.grad = { data: seededFloat32(n, 10 + step) };
          opt.step();
        }
        const state = (opt as unknown as { stateOf(k: string): Record<string, unknown> }).stateOf('w');
        return [p.data as Float32Array, ...Object.values(state).filter((v): v is Float32Array => v instanceof Float32Array)];
      } finally {
        setBackend(before);
      }
    };
    const runs = vi.spyOn(WorkerPool.prototype, 'run');
    try {
      for (const [name, options] of cases) {
        const js = run(null, name, options);
        const calls = runs.mock.calls.length;
        const threaded = run(two, name, options);
        expect(runs.mock.calls.length - calls, `${name} ran on the pool`).toBeGreaterThanOrEqual(3);
        expect(js.length, `${name}: parameter and state compared`).toBeGreaterThanOrEqual(name === 'sgd' && !options.momentum ? 1 : 2);
        expect(threaded.length).toBe(js.length);
        threaded.forEach((a, i) => expectSameBits(a, js[i]!, `${name} ${JSON.stringify(options)} array ${i}`));
      }
    } finally {
      runs.mockRestore();
    }
  });

  it('thousands of short runs back to back (workers still draining one run while the next starts)', () => {
    const a = seededFloat32(8 * 16, 1);
    const b = seededFloat32(16 * 96, 2);
    const expected = new Float32Array(8 * 96);
    const got = new Float32Array(8 * 96);
    for (let r = 0; r < 3000; r++) {
      a[r % a.length] = r; // different data every run
      one.matmul(a, b, expected, 8, 16, 96, false, false, Int32Array.of(0), Int32Array.of(0));
      got.fill(NaN);
      three.matmul(a, b, got, 8, 16, 96, false, false, Int32Array.of(0), Int32Array.of(0));
      expectSameBits(got, expected, `run ${r}`);
    }
  });

  it('workers claim jobs: of many jobs the calling thread runs only some', { retry: 2 }, async () => {
    const kernels = instantiateKernels(true);
    const pool = new WorkerPool(kernels, 2);
    try {
      await pool.ready();
      expect(pool.serving()).toBe(2);
      const scratch = new Scratch(kernels.exports, 3);
      const [pa, pc] = scratch.reserve(256 * 256 * 4, 256 * 256 * 4 * 12) as [number, number];
      // Twelve 256³ products (~1 ms each) of whatever lies at pa.
      const jobs = Array.from({ length: 12 }, (_, j) => ({ kernel: 'gemm' as const, args: [pa, pa, pc + j * 256 * 256 * 4, 256, 256, 256, 256, 256, 256, 0, 0] }));
      expect(pool.run(jobs, scratch)).toBeLessThan(12);
    } finally {
      pool.close();
    }
  });

  it('runs every job on this thread when no worker can start', async () => {
    const kernels = instantiateKernels(true);
    const transport = { name: 'worker_threads' as const, start: (): never => { throw new Error('no threads here'); } };
    const pool = new WorkerPool(kernels, 2, transport);
    const scratch = new Scratch(kernels.exports, 3);
    const [pa, pc] = scratch.reserve(64 * 64 * 4, 64 * 64 * 4 * 6) as [number, number];
    const jobs = Array.from({ length: 6 }, (_, j) => ({ kernel: 'gemm' as const, args: [pa, pa, pc + j * 64 * 64 * 4, 64, 64, 64, 64, 64, 64, 0, 0] }));
    await pool.ready();
    expect(pool.serving()).toBe(0);
    expect(pool.run(jobs, scratch)).toBe(6);
    pool.close();
  });

  it('a job that throws (here or in a worker) throws from run, after every job is done; the pool keeps working', () => {
    const kernels = instantiateKernels(true);
    const pool = new WorkerPool(kernels, 1);
    try {
      const scratch = new Scratch(kernels.exports, 2);
      const [pc] = scratch.reserve(4 * 8 * 4 * 8) as [number];
      const far = 0x7fff0000; // beyond the memory: gemm traps
      const job = (c: number) => ({ kernel: 'gemm' as const, args: [0, 0, c, 4, 4, 8, 4, 8, 8, 0, 0] });
      for (let i = 0; i < 5; i++) expect(() => pool.run([job(pc), job(far), job(pc + 128), job(far)], scratch)).toThrow();
      expect(pool.run([job(pc), job(pc + 128), job(pc + 256)], scratch)).toBeGreaterThanOrEqual(0);
    } finally {
      pool.close();
    }
  });
});

describe('the default thread count', () => {
  it('is every core (at most 8), or DESCENT_THREADS', () => {
    const saved = process.env.DESCENT_THREADS;
    try {
      delete process.env.DESCENT_THREADS;
      expect(defaultThreads()).toBe(Math.min(8, availableParallelism()));
      process.env.DESCENT_THREADS = '3';
      expect(threadsFromEnvironment()).toBe(3);
      expect(defaultThreads()).toBe(3);
      process.env.DESCENT_THREADS = 'two';
      expect(() => defaultThreads()).toThrow("DESCENT_THREADS='two' is not a thread count; expected an integer >= 1");
      process.env.DESCENT_THREADS = '0';
      expect(() => defaultThreads()).toThrow('expected an integer >= 1');
    } finally {
      if (saved === undefined) delete process.env.DESCENT_THREADS;
      else process.env.DESCENT_THREADS = saved;
    }
  });

  it.skipIf(!workerThreadsSupported())('a process whose pool is running exits on its own', () => {
    const script = `
      import { loadWasmBackend } from './src/backend/wasm/index.ts';
      const b = loadWasmBackend({ threads: 2 });
      const n = 256, a = new Float32Array(n * n).fill(1), out = new Float32Array(n * n);
      b.matmul(a, a, out, n, n, n, false, false, Int32Array.of(0), Int32Array.of(0));
      await b.ready();
      console.log(b.threads, out[0]);`;
    const started = Date.now();
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(output.trim()).toBe('2 256');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
