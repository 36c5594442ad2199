/**
 * The optimizer update kernels in wasm (assembly/optim.ts, adaptive-updates.ts) for float32
 * parameters updated in place. The kernels do the TypeScript loops' double-precision arithmetic two
 * lanes at a time, so the results are bit for bit those of src/optim/optimizers/<name>.ts. Every
 * update goes through one entry, `updatePacked` (assembly/update-dispatch.generated.ts: the kernel by
 * its code, its scalars read from memory), on this thread or split over the worker threads; the
 * arrays and scalars are packed in the order of the kernel's row in src/backend/update-kernels.ts.
 *
 * Parameters and gradients live in JS typed arrays, so each call streams them through wasm memory in
 * chunks: copy a chunk of each in, update it, copy the parameter back (a chunk of every array fits in
 * L2). The optimizers' state can live in wasm memory instead (`resident`: the façade keeps its
 * float32 state there), and is then updated in place. See BENCHMARKS.md, "Optimizer updates".
 */
import type { UpdateKernels } from '../backend.js';
import { MAX_UPDATE_STATE_ARRAYS, UPDATE_KERNELS, updateKernel, variantCode } from '../update-kernels.js';
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

/** Where the update kernels run: their exports, chunk staging and (with shared memory) the state arena. */
interface UpdateMemory {
  kernels: KernelExports;
  /**
   * Byte offsets of `count` staging regions of `chunk` floats, then of a region of `scalars` f64
   * values (valid until the next call).
   */
  staging(chunk: number, count: number, scalars: number): number[];
  arena: WasmHeap | null;
}

/** The most arrays one update streams: p, g and the state arrays (Adam with AMSGrad: m, v, vMax). */
const MAX_ARRAYS = 2 + MAX_UPDATE_STATE_ARRAYS;
/** The most f64 scalars of one update (RAdam's 11). */
const MAX_SCALARS = Math.max(...UPDATE_KERNELS.map((k) => k.scalars.length));

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
  const region = UPDATE_CHUNK * 4; // a multiple of 64
  const stagingBytes = MAX_ARRAYS * region + MAX_SCALARS * 8;
  if (base + stagingBytes > memory.buffer.byteLength) memory.grow(Math.ceil((base + stagingBytes - memory.buffer.byteLength) / 65536));
  return {
    kernels: own.exports,
    staging: (_chunk, count) => [...Array.from({ length: count }, (_, i) => base + i * region), base + MAX_ARRAYS * region],
    arena: new WasmHeap(memory, base + stagingBytes),
  };
}

/** The backend's own memory: staging in its scratch region, and its heap as the arena where shared. */
function backendMemory(compiled: Kernels, scratch: Scratch): UpdateMemory {
  return {
    kernels: compiled.exports,
    staging: (chunk, count, scalars) => scratch.reserve(...new Array<number>(count).fill(chunk * 4), scalars * 8),
    arena: scratch.heap.residentArrays ? scratch.heap : null,
  };
}

/** A float32 view of all of `memory` (`memory.buffer` is re-read: it changes when the memory grows). */
const f32 = (kernels: KernelExports): Float32Array => new Float32Array(kernels.memory.buffer);

/**
 * Runs the kernel of code `kind` over `arrays` = [p, g, ...state] (all as long as p) chunk by chunk:
 * arrays held in the arena are passed in place; the others are copied into staging (0 for a null
 * array), and the chunks of p and the state (everything but g) are copied back.
 */
function streamed(mem: UpdateMemory, kind: number, variant: number, arrays: ReadonlyArray<Float32Array | null>, scalars: readonly number[]): void {
  const n = arrays[0]!.length;
  const chunk = Math.min(UPDATE_CHUNK, n);
  const home = arrays.map((a) => (a && mem.arena ? mem.arena.offsetOf(a) : -1));
  const staging = mem.staging(chunk, arrays.length, scalars.length);
  const pScalars = staging[arrays.length]!;
  new Float64Array(mem.kernels.memory.buffer, pScalars, scalars.length).set(scalars);
  const view = f32(mem.kernels);
  const at = new Array<number>(MAX_ARRAYS).fill(0);
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const i1 = Math.min(n, i0 + chunk);
    arrays.forEach((a, i) => {
      if (!a) return;
      const h = home[i]!;
      if (h >= 0) at[i] = h + i0 * 4;
      else {
        at[i] = staging[i]!;
        view.set(a.subarray(i0, i1), staging[i]! >> 2);
      }
    });
    mem.kernels.updatePacked(kind, variant, at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, i1 - i0, pScalars);
    arrays.forEach((a, i) => {
      if (a && i !== 1 && home[i]! < 0) a.set(view.subarray(staging[i]! >> 2, (staging[i]! >> 2) + (i1 - i0)), i0);
    });
  }
}

/**
 * The wasm backend's {@link UpdateKernels}. Where the backend's memory is shared (its threaded form),
 * its heap holds the optimizers' float32 state, and parameters allocated there too: every array is
 * then updated in place (split over the worker threads when long). Elsewhere, where shared memory
 * exists, they run on their own instance of the kernels, whose memory holds the state; otherwise on
 * the backend's instance, streaming everything.
 */
export function createWasmUpdates(compiled: Kernels, scratch: Scratch, pool: () => WorkerPool | null = () => null): UpdateKernels {
  let made: UpdateMemory | null = null;
  const { stage } = createStaging(scratch);
  // Made at the first update, so loading the backend costs no second instance until it is used.
  const memory = (): UpdateMemory => (made ??= scratch.heap.residentArrays ? backendMemory(compiled, scratch) : (sharedUpdateMemory(compiled) ?? backendMemory(compiled, scratch)));

  /**
   * The whole parameter on the worker threads when there are some, it is long enough, and it and its
   * state live in wasm memory — everything written is then updated in place; the gradient, if not
   * there, is copied in whole first. Returns false (nothing done) otherwise. Each element's arithmetic
   * is unchanged, so are the bits.
   */
  function split(kind: number, variant: number, p: Float32Array, g: Float32Array, state: ReadonlyArray<Float32Array | null>, scalars: readonly number[]): boolean {
    const workers = pool();
    const heap = scratch.heap;
    if (!workers || memory().arena !== heap || p.length < MIN_SPLIT_UPDATE || ![p, ...state].every((a) => a === null || heap.offsetOf(a) >= 0)) return false;
    const [pg, pScalars] = stage([g], [], [scalars.length * 8]) as [number, number];
    new Float64Array(heap.current() as ArrayBuffer, pScalars, scalars.length).set(scalars);
    const pp = heap.offsetOf(p);
    const ps = Array.from({ length: MAX_UPDATE_STATE_ARRAYS }, (_, i) => (state[i] ? heap.offsetOf(state[i]!) : -1));
    const n = p.length;
    const count = Math.min(4 * workers.threads, Math.floor(n / (MIN_SPLIT_UPDATE / 4)));
    const step = Math.ceil(n / count / 16) * 16;
    const jobs: PoolJob[] = [];
    for (let i0 = 0; i0 < n; i0 += step) {
      const o = i0 * 4;
      const [a, b, c] = ps.map((at) => (at >= 0 ? at + o : 0));
      jobs.push({ kernel: 'updatePacked', args: [kind, variant, pp + o, pg + o, a!, b!, c!, Math.min(step, n - i0), pScalars] });
    }
    workers.run(jobs, scratch);
    return true;
  }

  /** The kernel of code `kind` on p with gradient g and `state` (in its row's order), on the threads or here. */
  function run(kind: number, variant: number, p: Float32Array, g: Float32Array, state: ReadonlyArray<Float32Array | null>, scalars: readonly number[]): void {
    if (!split(kind, variant, p, g, state, scalars)) streamed(memory(), kind, variant, [p, g, ...state], scalars);
  }

  return {
    minLength: 1024,
    resident(a: Float32Array): Float32Array {
      const arena = memory().arena;
      return arena ? arena.copyOf(a) : a;
    },
    update(kind, variant, arrays, scalars) {
      const { code, row } = updateKernel(kind);
      // By name, in the row's order: the order of updatePacked's array slots and of its scalars.
      const named = arrays as Readonly<Record<string, Float32Array | null>>;
      const values = scalars as Readonly<Record<string, number>>;
      run(code, variantCode(row, variant), arrays.p, arrays.g, row.arrays.map((a) => named[a] ?? null), row.scalars.map((s) => values[s]!));
    },
  };
}
