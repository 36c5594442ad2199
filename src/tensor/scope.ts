/**
 * Scopes: the tensors a block of code creates are released when it ends (TensorFlow.js's `tidy`),
 * deterministically, instead of waiting for the garbage collector.
 *
 * Inside a scope, on a backend with scoped storage (the wasm backend over a shared memory), the
 * storage of every new tensor is taken from the backend's own memory, so its kernels read operands
 * and write results in place, with no copy in or out per call; at the end of the outermost scope each
 * block goes straight back to the backend's free lists, so a warm training step reuses the same
 * blocks and allocates nothing. On other backends a scope only releases: storage stays a plain JS
 * array, reclaimed by the garbage collector. Outside every scope nothing changes.
 *
 * What survives a scope: the tensors in its function's result (the result itself, or inside arrays,
 * plain objects and Maps, at any depth), tensors `keep()`-ed, parameters and module buffers (never
 * released by a scope), and a leaf's gradient (it belongs to the leaf: `backward` in one scope and
 * `optimizer.step()` in another works; its storage returns to the backend at the end of the first
 * outermost scope after the leaf dropped it, e.g. by `zeroGrad()`). Everything else created inside is
 * released: reading its data throws a {@link ReleasedTensorError}, and the graph recorded inside the
 * scope can no longer be differentiated (call `backward` inside the scope). A nested scope whose
 * result is part of a graph still being recorded hands everything it made to the enclosing scope
 * instead (backward there may need any of it).
 *
 * NOTE: a released tensor's storage is reused by the next tensors. Keep values, not views: `t.item()`,
 * `t.toArray()` or `t.data.slice()` stay valid after the scope, `t.data` (a view) does not.
 */
import type { ScopedStorage } from '../backend/backend.js';
import type { VectorJacobianProduct } from '../autograd/node.js';
import type { Tensor } from './tensor.js';
import { allocatePlain, dtypeOf, setScopedAllocator, type TypedArray } from './dtype.js';
import { formatShape } from './shape.js';
import { sharedState } from '../platform/shared-state.js';

/**
 * Thrown when the data of a tensor released by a scope is read, or when backward reaches a graph
 * recorded inside a scope that has ended.
 *
 * @example
 * let h: Tensor | null = null;
 * const total = tidy(() => { h = x.relu(); return h.sum(); }); // total survives, h does not
 * h!.toArray(); // ReleasedTensorError: tensor [3] made by 'relu' was released when the tidy() scope that created it ended; ...
 */
export class ReleasedTensorError extends Error {
  override readonly name = 'ReleasedTensorError';
}

/** One open `tidy` call. */
interface Scope {
  readonly parent: Scope | null;
  /** Every tensor constructed while this scope was the innermost one. */
  readonly tensors: Tensor[];
  /** The backend storage taken while this scope was the innermost one, freed at its end. */
  readonly blocks: Set<TypedArray>;
  /** Where the blocks come from (the backend's when the outermost scope opened). */
  readonly storage: ScopedStorage | null;
}

/** A leaf's gradient living in scoped storage, freed once the leaf drops it. */
interface AdoptedGradient {
  readonly leaf: WeakRef<Tensor>;
  readonly grad: Tensor;
  readonly block: TypedArray;
}

/** A block adopted gradients use: how many of them (two leaves' gradients can share one) and its storage. */
interface AdoptedBlock {
  users: number;
  readonly storage: ScopedStorage;
}

/** 'keep': never released (keep(), parameters, buffers); 'grad': a leaf's gradient. */
type Status = 'keep' | 'grad';

// Shared with any other copy of the package in this process (ES module and CommonJS builds), like
// the active backend: a tensor made by one copy inside the other's tidy is still tracked.
const state = sharedState('tensor-scopes', () => ({
  current: null as Scope | null,
  /** The active backend's scoped storage (set by setBackend), or null. */
  storage: null as ScopedStorage | null,
  status: new WeakMap<Tensor, Status>(),
  adopted: [] as AdoptedGradient[],
  adoptedBlocks: new Map<TypedArray, AdoptedBlock>(),
}));

/** The storage field of a tensor (private to Tensor; null once released). */
type Stored = { storage: TypedArray | null };
const storageOf = (t: Tensor): TypedArray | null => (t as unknown as Stored).storage;
const setStorage = (t: Tensor, d: TypedArray | null): void => void ((t as unknown as Stored).storage = d);

/** Set by `setBackend`: the storage scopes take tensor data from (null: plain JS arrays). */
export function setScopedStorage(storage: ScopedStorage | null): void {
  state.storage = storage;
}

/** Called by Tensor's constructor: the innermost open scope (if any) owns the new tensor. */
export function trackTensor(t: Tensor): void {
  const s = state.current;
  if (s !== null) s.tensors.push(t);
}

/** Called when a tensor's storage is replaced (Module.to): the new storage must outlive the scope too. */
export function trackStorageChange(t: Tensor): void {
  const s = state.current;
  if (s !== null && state.status.get(t) !== 'grad') s.tensors.push(t);
}

function scopedAllocate(dtype: 'float32' | 'float64' | 'int32', size: number): TypedArray | null {
  const s = state.current;
  if (s === null || s.storage === null || size === 0) return null;
  const a = s.storage.take(dtype, size);
  if (a !== null) s.blocks.add(a);
  return a;
}

/** The error for reading the data of a released tensor (thrown by `Tensor.data`). */
export function releasedTensorError(t: Tensor): ReleasedTensorError {
  const op = t.gradNode?.op;
  return new ReleasedTensorError(
    `tensor ${formatShape(t.shape)}${op ? ` made by '${op}'` : ''} was released when the tidy() scope that created it ended; ` +
      'return it from the function given to tidy, or keep(t) it, to use it afterwards',
  );
}

/**
 * The VJP a graph node gets when the scope that recorded it ends: its saved tensors are released.
 * (backward names the node's op in its own message.)
 */
export const scopeEndedVjp: VectorJacobianProduct = () => {
  throw new ReleasedTensorError('backward: the graph was recorded inside a tidy() scope that has ended; call backward() inside that scope');
};

/**
 * Runs `fn` in a scope and returns its result. Every tensor created inside and not part of the
 * result (a tensor, or tensors in arrays, plain objects or Maps), not `keep()`-ed, not a parameter,
 * buffer or leaf gradient, is released when `fn` returns or throws: its storage goes back to the
 * backend, and reading it throws a {@link ReleasedTensorError}. Scopes nest: a nested scope's
 * result belongs to the enclosing one. `fn` must be synchronous.
 *
 * On the wasm backend (with shared memory: Node, cross-origin-isolated pages) the tensors inside
 * live in wasm memory, where every kernel reads and writes them without a copy, and a warm training
 * step allocates nothing. Backpropagate inside the scope that recorded the graph.
 *
 * @example
 * for (const { x, y } of loader) {
 *   const loss = tidy(() => {
 *     opt.zeroGrad();
 *     const l = crossEntropy(model.forward(x), y);
 *     l.backward();
 *     opt.step();
 *     return l.item(); // a number: nothing escapes the scope
 *   });
 * }
 */
export function tidy<T>(fn: () => T): T {
  const parent = state.current;
  const scope: Scope = { parent, tensors: [], blocks: new Set(), storage: parent ? parent.storage : state.storage };
  state.current = scope;
  if (parent === null) setScopedAllocator(scope.storage ? scopedAllocate : null);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    end(scope, undefined);
    throw error;
  }
  if (result instanceof Promise) {
    end(scope, undefined);
    throw new Error('tidy: the function returned a Promise; a scope must be synchronous (await outside it, or open one scope per synchronous step)');
  }
  end(scope, result);
  return result;
}

/**
 * Keeps `t` from being released by any scope (it lives until the garbage collector takes it, like a
 * tensor made outside every scope). Returns `t`.
 *
 * @example
 * let best: Tensor | null = null;
 * tidy(() => { const w = model.forward(x); best = keep(w); });
 * best!.toArray(); // still readable
 */
export function keep<T extends Tensor>(t: T): T {
  if (storageOf(t) === null) throw releasedTensorError(t);
  if (state.status.get(t) !== 'grad') state.status.set(t, 'keep');
  return t;
}

/**
 * Marks `t` as never released by a scope (parameters, module buffers). Unlike `keep`, meant for
 * objects that own their tensors (`Parameter`'s constructor and `Module.registerBuffer` call it).
 * Returns `t`.
 *
 * @example
 * this.table = untrack(new Tensor(allocatePlain('float32', n), [n])); // a module's cache, kept across steps
 */
export function untrack<T extends Tensor>(t: T): T {
  state.status.set(t, 'keep');
  return t;
}

/**
 * True when a scope released `t` (its data can no longer be read).
 *
 * @example
 * let h: Tensor | null = null;
 * const y = tidy(() => (h = x.exp()).add(1));
 * isReleased(h!); // true
 * isReleased(y);  // false: returned
 */
export function isReleased(t: Tensor): boolean {
  return storageOf(t) === null;
}

/**
 * Zero-fills `a` in place: with the active backend's kernel where `a` lives in its memory (a
 * gradient made inside a scope, in wasm memory), else `a.fill(0)`.
 */
export function fillZero(a: TypedArray): void {
  if (!state.storage?.zero(a)) a.fill(0);
}

/**
 * Called by backward after it set `leaf.grad`: the gradient belongs to the leaf, not to the scope
 * that computed it. Its storage, if scoped, leaves the scopes (it is freed once the leaf drops it).
 */
export function adoptGradient(leaf: Tensor): void {
  const g = leaf.grad;
  if (state.current === null || g === null || state.status.has(g)) return;
  state.status.set(g, 'grad');
  const block = storageOf(g);
  if (block === null) return;
  let owner = state.adoptedBlocks.get(block); // x + y: both leaves get the same gradient storage
  for (let s: Scope | null = state.current; owner === undefined && s !== null; s = s.parent) {
    if (s.blocks.delete(block)) state.adoptedBlocks.set(block, (owner = { users: 0, storage: s.storage! }));
  }
  if (owner === undefined) return; // a plain JS array, or storage that outlives every scope
  owner.users++;
  state.adopted.push({ leaf: new WeakRef(leaf), grad: g, block });
}

/** Tensors (and other non-container objects) reachable from a scope's result. */
function reachable(value: unknown, found: Set<object>): void {
  if (value === null || typeof value !== 'object' || found.has(value)) return;
  found.add(value);
  if (Array.isArray(value)) for (const v of value) reachable(v, found);
  else if (value instanceof Map) for (const v of value.values()) reachable(v, found);
  else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) for (const v of Object.values(value as Record<string, unknown>)) reachable(v, found);
  }
}

/** True when backward can still run through the node that made `t`. */
function liveGraph(t: Tensor): boolean {
  const vjp = t.gradNode?.vjp;
  return vjp !== undefined && vjp !== null && vjp !== scopeEndedVjp;
}

function release(t: Tensor): void {
  setStorage(t, null);
  const node = t.gradNode;
  if (node !== null && node.vjp !== null) node.vjp = scopeEndedVjp;
}

/** Ends `scope`: releases what does not survive, frees its blocks, hands survivors to the parent. */
function end(scope: Scope, result: unknown): void {
  const parent = scope.parent;
  state.current = parent;
  const found = new Set<object>();
  reachable(result, found);
  const { status } = state;
  if (parent !== null && scope.tensors.some((t) => (found.has(t) || status.has(t)) && liveGraph(t))) {
    // The result is part of a graph still being recorded (a nested scope inside a step): its VJPs
    // may read anything made here, so all of it goes to the enclosing scope, which ends the graph.
    for (const t of scope.tensors) parent.tensors.push(t);
    for (const block of scope.blocks) parent.blocks.add(block);
    return;
  }
  const copies = new Map<TypedArray, TypedArray>();
  for (const t of scope.tensors) {
    const s = status.get(t);
    if (s === 'grad') {
      // The leaf's (its block left the scopes when it was adopted). A gradient with a graph
      // (backward with createGraph) can be differentiated until the outermost scope ends.
      if (parent !== null) parent.tensors.push(t);
      else if (liveGraph(t)) t.gradNode!.vjp = scopeEndedVjp;
      continue;
    }
    const data = storageOf(t);
    if (data === null) continue; // released already (listed twice)
    if (s !== 'keep' && !found.has(t)) {
      release(t);
      continue;
    }
    // The graph recorded here may read released tensors and freed blocks: cut it at the survivor.
    if (t.gradNode !== null && t.gradNode.vjp !== null) t.gradNode.vjp = scopeEndedVjp;
    if (parent !== null) {
      parent.tensors.push(t);
      if (scope.blocks.delete(data)) parent.blocks.add(data);
    } else if (scope.blocks.has(data)) {
      // Out of every scope tensors own plain JS arrays: a survivor's block is copied out and freed.
      let copy = copies.get(data);
      if (copy === undefined) {
        copies.set(data, (copy = allocatePlain(dtypeOf(data), data.length)));
        copy.set(data);
      }
      setStorage(t, copy);
    }
  }
  if (scope.storage !== null) for (const block of scope.blocks) scope.storage.free(block);
  if (parent === null) {
    setScopedAllocator(null);
    sweepGradients();
  }
}

/** Frees the adopted gradients their leaves no longer hold (end of an outermost scope). */
function sweepGradients(): void {
  const { adopted, adoptedBlocks } = state;
  let kept = 0;
  for (const entry of adopted) {
    const leaf = entry.leaf.deref();
    if (leaf !== undefined && leaf.grad === entry.grad && storageOf(leaf) !== null) {
      adopted[kept++] = entry;
      continue;
    }
    setStorage(entry.grad, null);
    state.status.delete(entry.grad);
    const owner = adoptedBlocks.get(entry.block)!;
    if (--owner.users === 0) {
      adoptedBlocks.delete(entry.block);
      owner.storage.free(entry.block);
    }
  }
  adopted.length = kept;
}
