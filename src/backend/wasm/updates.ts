/**
 * Fused optimizer updates in wasm (assembly/optim.ts) for float32 parameters updated in place. The
 * kernels do the TypeScript loops' double-precision arithmetic two lanes at a time, so the results
 * are bit for bit those of src/optim/optimizers/{adam,sgd,rmsprop}.ts.
 *
 * Parameters and gradients live in JS typed arrays, so each call streams them through wasm memory in
 * chunks: copy a chunk of each in, update it, copy the parameter back (a chunk of every array fits in
 * L2). The optimizers' state can live in wasm memory instead (`resident`: the façade keeps its
 * float32 state there), and is then updated in place. See BENCHMARKS.md, "Optimizer updates".
 */
import type { AdadeltaStepScalars, AdagradStepScalars, AsgdStepScalars, RpropStepScalars, AdamaxStepScalars, AdamStepScalars, FusedUpdates, LionStepScalars, NAdamStepScalars, RAdamStepScalars, RmspropStepScalars, SgdStepScalars } from '../backend.js';
import { WasmHeap } from './heap.js';
import { instantiateSharedKernels, sharedMemorySupported, type KernelExports, type Kernels } from './module.js';
import type { Scratch } from './scratch.js';
import { createStaging } from './staging.js';
import type { PoolJob, WorkerPool } from './threads.js';

/** Elements per chunk: 64 KiB per array, at most five arrays (Adam with AMSGrad) in L2 at once. */
export const UPDATE_CHUNK = 16384;

/**
 * An update over at least this many elements, with its parameter and state in wasm memory, is split
 * over the worker threads (~0.1–0.2 ms of work on one thread; waking a worker costs tens of µs).
 */
export const MIN_SPLIT_UPDATE = 1 << 16;

/** The `kind` of assembly/packed-updates.ts's `updatePacked`. */
const UPDATE_KINDS = { adam: 0, sgd: 1, rmsprop: 2, adagrad: 3, adamax: 4, nadam: 5, radam: 6, lion: 7, adadelta: 8, asgd: 9, rprop: 10 } as const;

const ADAM_VARIANTS = { plain: 0, decoupled: 1, general: 2 } as const;
const SGD_VARIANTS = { plain: 0, heavyBall: 1, nesterov: 2, general: 3 } as const;
const RMSPROP_VARIANTS = { plain: 0, general: 1 } as const;

/** Where the update kernels run: their exports, chunk staging and (with shared memory) the state arena. */
interface UpdateMemory {
  kernels: KernelExports;
  /** Byte offsets of `count` staging regions of `chunk` floats (valid until the next call). */
  staging(chunk: number, count: number): number[];
  /** A float32 view of the whole memory. */
  f32(): Float32Array;
  arena: WasmHeap | null;
}

/**
 * An own instance of the kernels on a shared memory: staging first, then the state arena. Null where
 * shared memory is missing or the instance cannot be made here (e.g. a browser's main thread refusing
 * to compile synchronously): the updates then stream everything through the backend's memory.
 */
function sharedUpdateMemory(compiled: Kernels): UpdateMemory | null {
  if (!sharedMemorySupported()) return null;
  let own: Kernels;
  try {
    own = instantiateSharedKernels(compiled.shared ? compiled.module : undefined);
  } catch {
    return null;
  }
  const memory = own.shared!;
  const base = Math.ceil(own.exports.heapBase() / 64) * 64;
  const stagingBytes = MAX_ARRAYS * (UPDATE_CHUNK * 4 + 64);
  if (base + stagingBytes > memory.buffer.byteLength) memory.grow(Math.ceil((base + stagingBytes - memory.buffer.byteLength) / 65536));
  let view = new Float32Array(memory.buffer);
  return {
    kernels: own.exports,
    staging: (chunk, count) => Array.from({ length: count }, (_, i) => base + i * (Math.ceil((chunk * 4) / 64) * 64)),
    f32() {
      // After the arena grew, memory.buffer is a larger SharedArrayBuffer (old views stay valid).
      if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
      return view;
    },
    arena: new WasmHeap(memory, base + stagingBytes),
  };
}

/** The most arrays one update streams (Adam with AMSGrad: p, g, m, v, vMax). */
const MAX_ARRAYS = 5;

/**
 * Runs `kernel(offsets, count)` over `arrays` (all as long as the first) chunk by chunk: arrays held
 * in the arena are passed in place; the others are copied into staging (0 for a null array), and the
 * chunks of those the kernel writes (`written`: indices into `arrays`) are copied back.
 */
function streamed(mem: UpdateMemory, arrays: ReadonlyArray<Float32Array | null>, written: readonly number[], kernel: (at: number[], count: number) => void): void {
  const n = arrays[0]!.length;
  const chunk = Math.min(UPDATE_CHUNK, n);
  const home = arrays.map((a) => (a && mem.arena ? mem.arena.offsetOf(a) : -1));
  const staging = mem.staging(chunk, arrays.length);
  const view = mem.f32();
  const at = new Array<number>(arrays.length).fill(0);
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const i1 = Math.min(n, i0 + chunk);
    arrays.forEach((a, i) => {
      if (!a) return;
      const h = home[i];
      if (h >= 0) at[i] = h + i0 * 4;
      else {
        at[i] = staging[i]!;
        view.set(a.subarray(i0, i1), staging[i]! >> 2);
      }
    });
    kernel(at, i1 - i0);
    for (const i of written) {
      const a = arrays[i];
      if (a && home[i]! < 0) a.set(view.subarray(staging[i]! >> 2, (staging[i]! >> 2) + (i1 - i0)), i0);
    }
  }
}

/**
 * The wasm backend's {@link FusedUpdates}. Where shared memory exists (Node; browsers with
 * cross-origin isolation) they run on their own instance of the kernels, whose memory also holds the
 * optimizers' float32 state (`resident`); elsewhere on the backend's instance, streaming everything.
 */
export function createWasmUpdates(compiled: Kernels, scratch: Scratch, pool: () => WorkerPool | null = () => null): FusedUpdates {
  let made: UpdateMemory | null = null;
  const { stage } = createStaging(scratch);
  // Made at the first update, so loading the backend costs no second instance until it is used.
  // With a shared memory the backend's own heap holds the state, and parameters and gradients
  // allocated there too: every array is then updated in place, nothing is copied.
  const memory = (): UpdateMemory =>
    (made ??= (scratch.heap.residentArrays ? { kernels: compiled.exports, staging: (chunk: number, count: number) => scratch.reserve(...new Array<number>(count).fill(chunk * 4)), f32: () => scratch.f32(), arena: scratch.heap } : null) ?? sharedUpdateMemory(compiled) ?? {
      kernels: compiled.exports,
      staging: (chunk, count) => scratch.reserve(...new Array<number>(count).fill(chunk * 4)),
      f32: () => scratch.f32(),
      arena: null,
    });
  /**
   * Runs kernel `kind` split over the worker threads when there are some, the parameter is long
   * enough, and it and its state (`state`, in the kernel's order) live in wasm memory — everything
   * written is then updated in place; the gradient, if not there, is copied in whole first. Returns
   * false (nothing done) otherwise. Each element's arithmetic is unchanged, so are the bits.
   */
  function split(kind: number, variant: number, p: Float32Array, g: Float32Array, state: ReadonlyArray<Float32Array | null>, scalars: readonly number[]): boolean {
    const workers = pool();
    const heap = scratch.heap;
    if (!workers || memory().arena !== heap || p.length < MIN_SPLIT_UPDATE || ![p, ...state].every((a) => a === null || heap.offsetOf(a) >= 0)) return false;
    const [pg, pScalars] = stage([g], [], [scalars.length * 8]) as [number, number];
    new Float64Array(heap.current() as ArrayBuffer, pScalars, scalars.length).set(scalars);
    const [pp, ...ps] = [p, ...state, null, null, null].slice(0, 4).map((a) => (a ? heap.offsetOf(a) : -1));
    const n = p.length;
    const count = Math.min(4 * workers.threads, Math.floor(n / (MIN_SPLIT_UPDATE / 4)));
    const step = Math.ceil(n / count / 16) * 16;
    const jobs: PoolJob[] = [];
    for (let i0 = 0; i0 < n; i0 += step) {
      const o = i0 * 4;
      const [a, b, c] = ps.map((at) => (at! >= 0 ? at! + o : 0));
      jobs.push({ kernel: 'updatePacked', args: [kind, variant, pp! + o, pg + o, a!, b!, c!, Math.min(step, n - i0), pScalars] });
    }
    workers.run(jobs, scratch);
    return true;
  }

  return {
    minLength: 1024,
    resident(a: Float32Array): Float32Array {
      const arena = memory().arena;
      return arena ? arena.copyOf(a) : a;
    },
    adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null, s: AdamStepScalars): void {
      const variant = ADAM_VARIANTS[s.variant];
      const mem = memory();
      if (split(UPDATE_KINDS.adam, variant, p, g, [m, v, vMax], [s.beta1, s.beta2, s.negStepSize, s.bc2Sqrt, s.eps, s.sign, s.l2, s.shrink])) return;
      streamed(mem, [p, g, m, v, vMax], [0, 2, 3, 4], ([pp, pg, pm, pv, pvMax], count) =>
        mem.kernels.adam(variant, pp!, pg!, pm!, pv!, pvMax!, count, s.beta1, s.beta2, s.negStepSize, s.bc2Sqrt, s.eps, s.sign, s.l2, s.shrink));
    },
    sgd(p: Float32Array, g: Float32Array, b: Float32Array | null, s: SgdStepScalars): void {
      const variant = SGD_VARIANTS[s.variant];
      if (split(UPDATE_KINDS.sgd, variant, p, g, [b], [s.learningRate, s.momentum, s.dampening, s.sign, s.weightDecay, s.first ? 1 : 0, s.nesterov ? 1 : 0])) return;
      const mem = memory();
      streamed(mem, [p, g, b], [0, 2], ([pp, pg, pb], count) =>
        mem.kernels.sgd(variant, pp!, pg!, pb!, count, s.learningRate, s.momentum, s.dampening, s.sign, s.weightDecay, s.first, s.nesterov));
    },
    rmsprop(p: Float32Array, g: Float32Array, v: Float32Array, gAvg: Float32Array | null, b: Float32Array | null, s: RmspropStepScalars): void {
      const variant = RMSPROP_VARIANTS[s.variant];
      if (split(UPDATE_KINDS.rmsprop, variant, p, g, [v, gAvg, b], [s.alpha, s.eps, s.learningRate, s.sign, s.weightDecay, s.momentum])) return;
      const mem = memory();
      streamed(mem, [p, g, v, gAvg, b], [0, 2, 3, 4], ([pp, pg, pv, pgAvg, pb], count) =>
        mem.kernels.rmsprop(variant, pp!, pg!, pv!, pgAvg!, pb!, count, s.alpha, s.eps, s.learningRate, s.sign, s.weightDecay, s.momentum));
    },
    adagrad(p: Float32Array, g: Float32Array, sum: Float32Array, s: AdagradStepScalars): void {
      if (split(UPDATE_KINDS.adagrad, 0, p, g, [sum], [s.negClr, s.eps, s.sign, s.l2])) return;
      const mem = memory();
      streamed(mem, [p, g, sum], [0, 2], ([pp, pg, ps], count) => mem.kernels.adagrad(pp!, pg!, ps!, count, s.negClr, s.eps, s.sign, s.l2));
    },
    adamax(p: Float32Array, g: Float32Array, m: Float32Array, u: Float32Array, s: AdamaxStepScalars): void {
      if (split(UPDATE_KINDS.adamax, 0, p, g, [m, u], [s.beta1, s.beta2, s.eps, s.negClr, s.sign, s.l2])) return;
      const mem = memory();
      streamed(mem, [p, g, m, u], [0, 2, 3], ([pp, pg, pm, pu], count) =>
        mem.kernels.adamax(pp!, pg!, pm!, pu!, count, s.beta1, s.beta2, s.eps, s.negClr, s.sign, s.l2));
    },
    nadam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: NAdamStepScalars): void {
      if (split(UPDATE_KINDS.nadam, 0, p, g, [m, v], [s.beta1, s.beta2, s.bc2, s.eps, s.cg, s.cm, s.sign, s.l2, s.shrink])) return;
      const mem = memory();
      streamed(mem, [p, g, m, v], [0, 2, 3], ([pp, pg, pm, pv], count) =>
        mem.kernels.nadam(pp!, pg!, pm!, pv!, count, s.beta1, s.beta2, s.bc2, s.eps, s.cg, s.cm, s.sign, s.l2, s.shrink));
    },
    radam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: RAdamStepScalars): void {
      if (split(UPDATE_KINDS.radam, 0, p, g, [m, v], [s.beta1, s.beta2, s.bc1, s.learningRate, s.sqrtBc2, s.eps, s.rect, s.rectified ? 1 : 0, s.sign, s.l2, s.shrink])) return;
      const mem = memory();
      streamed(mem, [p, g, m, v], [0, 2, 3], ([pp, pg, pm, pv], count) =>
        mem.kernels.radam(pp!, pg!, pm!, pv!, count, s.beta1, s.beta2, s.bc1, s.learningRate, s.sqrtBc2, s.eps, s.rect, s.rectified, s.sign, s.l2, s.shrink));
    },
    lion(p: Float32Array, g: Float32Array, m: Float32Array, s: LionStepScalars): void {
      if (split(UPDATE_KINDS.lion, 0, p, g, [m], [s.beta1, s.beta2, s.learningRate, s.decay, s.sign])) return;
      const mem = memory();
      streamed(mem, [p, g, m], [0, 2], ([pp, pg, pm], count) => mem.kernels.lion(pp!, pg!, pm!, count, s.beta1, s.beta2, s.learningRate, s.decay, s.sign));
    },
    adadelta(p: Float32Array, g: Float32Array, v: Float32Array, u: Float32Array, s: AdadeltaStepScalars): void {
      if (split(UPDATE_KINDS.adadelta, 0, p, g, [v, u], [s.rho, s.eps, s.negLr, s.sign, s.l2])) return;
      const mem = memory();
      streamed(mem, [p, g, v, u], [0, 2, 3], ([pp, pg, pv, pu], count) => mem.kernels.adadelta(pp!, pg!, pv!, pu!, count, s.rho, s.eps, s.negLr, s.sign, s.l2));
    },
    asgd(p: Float32Array, g: Float32Array, ax: Float32Array, s: AsgdStepScalars): void {
      if (split(UPDATE_KINDS.asgd, 0, p, g, [ax], [s.shrink, s.negEta, s.mu, s.sign, s.l2])) return;
      const mem = memory();
      streamed(mem, [p, g, ax], [0, 2], ([pp, pg, pa], count) => mem.kernels.asgd(pp!, pg!, pa!, count, s.shrink, s.negEta, s.mu, s.sign, s.l2));
    },
    rprop(p: Float32Array, g: Float32Array, prev: Float32Array, stepSize: Float32Array, s: RpropStepScalars): void {
      if (split(UPDATE_KINDS.rprop, 0, p, g, [prev, stepSize], [s.etaMinus, s.etaPlus, s.lo, s.hi, s.sign])) return;
      const mem = memory();
      streamed(mem, [p, g, prev, stepSize], [0, 2, 3], ([pp, pg, pr, ps], count) => mem.kernels.rprop(pp!, pg!, pr!, ps!, count, s.etaMinus, s.etaPlus, s.lo, s.hi, s.sign));
    },
  };
}
