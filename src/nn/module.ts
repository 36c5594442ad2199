/**
 * Module: the base class of every layer and model. A module owns parameters, buffers and child
 * modules, each registered under a name; names of nested tensors are dotted paths
 * (`encoder.fc1.weight`), which key `stateDict()` and what optimizers see in `namedParameters()`.
 *
 * Registration is explicit (`this.fc1 = this.registerModule('fc1', new Linear(784, 256))`), not
 * inferred from property assignment as in PyTorch's `__setattr__`. Reasons: (1) a state-dict key is a
 * file format, so it should be written down rather than follow a field name that a refactor or a
 * minifier may change; (2) a plain tensor field can't be told apart from a buffer, nor a reference to
 * another model (a teacher, an EMA copy) from a child, without guessing; (3) no Proxy in the hot path
 * and no surprises from TypeScript class-field semantics. The cost is one call per registration.
 */
import { cast } from '../ops/elementwise.js';
import { isFloat, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { untrack } from '../tensor/scope.js';
import { checkFloatDType, Parameter, type FloatDType, type FloatTensor } from './parameter.js';
import { loadInto, type LoadStateDictOptions, type LoadStateDictResult, type StateDict } from './state-dict.js';

/** Any module, whatever its forward signature (children and `apply` callbacks use this). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], unknown>;

export interface RegisterBufferOptions {
  /** Include the buffer in `stateDict()` (default true). */
  persistent?: boolean;
}

/**
 * Base class of layers and models. Subclasses register their parameters, buffers and children in the
 * constructor and implement `forward`. `In` is the tuple of forward's arguments, `Out` its result.
 *
 * @example
 * class Mlp extends Module {
 *   readonly fc1 = this.registerModule('fc1', new Linear(784, 128));
 *   readonly fc2 = this.registerModule('fc2', new Linear(128, 10));
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(relu(this.fc1.forward(x)));
 *   }
 * }
 * const net = new Mlp();
 * net.namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (Dropout drops, BatchNorm uses batch statistics); see `train()`/`eval()`. */
  training = true;
  private readonly ownParameters = new Map<string, Parameter>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly nonPersistent = new Set<string>();
  private readonly ownModules = new Map<string, AnyModule>();

  /** The computation. Call it directly: `model.forward(x)`. */
  abstract forward(...inputs: In): Out;

  /** Registers (or replaces) a parameter under `name` and returns it. */
  registerParameter<P extends Parameter>(name: string, parameter: P): P {
    this.checkName(name, 'registerParameter', this.ownParameters);
    if (!(parameter instanceof Parameter)) throw new Error(`${this.typeName}.registerParameter: '${name}' must be a Parameter (wrap a tensor with Parameter.from)`);
    this.ownParameters.set(name, parameter);
    return parameter;
  }

  /**
   * Registers (or replaces) a buffer: state that is saved and converted with the module but not
   * trained (BatchNorm's running statistics). Returns it.
   */
  registerBuffer<T extends Tensor>(name: string, buffer: T, options: RegisterBufferOptions = {}): T {
    this.checkName(name, 'registerBuffer', this.ownBuffers);
    this.ownBuffers.set(name, untrack(buffer)); // the module's: never released by a `tidy` scope
    if (options.persistent ?? true) this.nonPersistent.delete(name);
    else this.nonPersistent.add(name);
    return buffer;
  }

  /** Registers (or replaces) a child module under `name` and returns it. */
  registerModule<M extends AnyModule>(name: string, module: M): M {
    this.checkName(name, 'registerModule', this.ownModules);
    if (!(module instanceof Module)) throw new Error(`${this.typeName}.registerModule: '${name}' must be a Module`);
    if (module === (this as unknown)) throw new Error(`${this.typeName}.registerModule: a module cannot be its own child ('${name}')`);
    this.ownModules.set(name, module);
    return module;
  }

  private checkName(name: string, what: string, own: ReadonlyMap<string, unknown>): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new Error(`${this.typeName}.${what}: name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
    }
    const taken = [this.ownParameters, this.ownBuffers, this.ownModules].some((m) => m !== own && m.has(name));
    if (taken) throw new Error(`${this.typeName}.${what}: '${name}' is already registered as another kind (parameter, buffer or module)`);
  }

  /** The class name, used in `toString()` and error messages. */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): Array<[string, AnyModule]> {
    return [...this.ownModules.entries()];
  }

  /** Direct children, in registration order. */
  children(): AnyModule[] {
    return [...this.ownModules.values()];
  }

  /** This module and all descendants (pre-order), each once, with dotted names ('' for this one). */
  namedModules(prefix = ''): Array<[string, AnyModule]> {
    const out: Array<[string, AnyModule]> = [];
    const seen = new Set<AnyModule>();
    const visit = (m: AnyModule, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [child, sub] of m.ownModules) visit(sub, dotted(name, child));
    };
    visit(this, prefix);
    return out;
  }

  /** This module and all descendants (pre-order), each once. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter with its dotted name, each once (a parameter shared by two layers is listed under
   * its first name), in registration order. This is what optimizers consume.
   */
  namedParameters(): Array<[string, Parameter]> {
    return this.namedMembers((m) => m.ownParameters);
  }

  /** Every parameter, each once, in `namedParameters()` order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its dotted name, each once. */
  namedBuffers(): Array<[string, Tensor]> {
    return this.namedMembers((m) => m.ownBuffers);
  }

  /**
   * The tensors `own` gives of this module and every descendant, under dotted names, each once (a
   * tensor shared by two modules is listed under its first name), in registration order.
   */
  private namedMembers<T>(own: (m: AnyModule) => ReadonlyMap<string, T>): Array<[string, T]> {
    const out: Array<[string, T]> = [];
    const seen = new Set<T>();
    for (const [path, m] of this.namedModules()) {
      for (const [name, member] of own(m)) {
        if (seen.has(member)) continue;
        seen.add(member);
        out.push([dotted(path, name), member]);
      }
    }
    return out;
  }

  /** Every buffer, each once. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** The parameter at a dotted path (`'encoder.fc1.weight'`); throws if there is none. */
  getParameter(path: string): Parameter {
    const { module, name } = this.resolve(path, 'getParameter');
    const p = module.ownParameters.get(name);
    if (p === undefined) throw new Error(`${this.typeName}.getParameter: no parameter '${path}'`);
    return p;
  }

  /** The buffer at a dotted path (`'bn.running_mean'`); throws if there is none. */
  getBuffer(path: string): Tensor {
    const { module, name } = this.resolve(path, 'getBuffer');
    const b = module.ownBuffers.get(name);
    if (b === undefined) throw new Error(`${this.typeName}.getBuffer: no buffer '${path}'`);
    return b;
  }

  /** The descendant module at a dotted path (`''` is this module). */
  getSubmodule(path: string): AnyModule {
    let m: AnyModule = this;
    if (path === '') return m;
    for (const part of path.split('.')) {
      const next = m.ownModules.get(part);
      if (next === undefined) throw new Error(`${this.typeName}.getSubmodule: no submodule '${path}' ('${part}' not found)`);
      m = next;
    }
    return m;
  }

  private resolve(path: string, what: string): { module: AnyModule; name: string } {
    const cut = path.lastIndexOf('.');
    if (cut < 0) return { module: this, name: path };
    try {
      return { module: this.getSubmodule(path.slice(0, cut)), name: path.slice(cut + 1) };
    } catch {
      throw new Error(`${this.typeName}.${what}: no submodule '${path.slice(0, cut)}' for '${path}'`);
    }
  }

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`): Dropout is the identity, BatchNorm uses running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's gradient to null (what optimizers' zeroGrad also does). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Switches gradients of every parameter on or off (freezing a part of a model); returns this. */
  requireGrad(on = true): this {
    for (const p of this.parameters()) p.requiresGrad = on;
    return this;
  }

  /** Calls `fn` on every descendant and then on this module (children first, as PyTorch); returns this. */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.ownModules.values()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts every parameter (and its gradient) and every floating-point buffer to `dtype`, in place:
   * the Parameter objects keep their identity, only their storage changes. Integer buffers
   * (`num_batches_tracked`) are left alone. Returns this.
   *
   * @example
   * const net = new Linear(3, 2).to('float64');
   */
  to(dtype: FloatDType): this {
    checkFloatDType(dtype, `${this.typeName}.to`);
    for (const p of this.parameters()) {
      if (p.dtype !== dtype) p.data = cast(p.detach(), dtype).data as Parameter['data'];
      if (p.grad !== null && p.grad.dtype !== dtype) p.grad = cast(p.grad.detach(), dtype) as FloatTensor;
    }
    for (const b of this.buffers()) {
      if (isFloat(b.dtype) && b.dtype !== dtype) swapStorage(b, dtype);
    }
    return this;
  }

  /** The number of scalar parameters (each shared parameter counted once). */
  numParameters(options: { trainableOnly?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /**
   * The parameters and persistent buffers by dotted name, as **copies** (unlike PyTorch, whose state
   * dict shares storage), so a saved state dict stays a snapshot while training goes on.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, t] of this.stateTensors()) out[name] = t.clone();
    return out;
  }

  /**
   * Copies a state dict into this module's parameters and buffers, in place. Every key and shape is
   * checked before anything is written, and all problems are reported in one error, e.g.
   * `loadStateDict: missing key 'fc2.bias'` or
   * `loadStateDict: shape of 'fc1.weight' is [256,784] in the module but [128,784] in the state dict`.
   * With `{strict: false}`, missing and unexpected keys are returned instead of thrown.
   */
  loadStateDict(dict: StateDict | ReadonlyMap<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    return loadInto(this.stateTensors(), this.upgradeStateDict(dict), options);
  }

  /**
   * Names this module's state had in earlier versions, old → current (own names, not dotted paths).
   * `loadStateDict` renames a key found under an old name, unless the current name is also present,
   * so files saved before a rename still load (PyTorch's `_load_from_state_dict` migrations).
   * Override in layers that renamed state; the default has none.
   *
   * @example
   * new BatchNorm1d(4).legacyStateKeys(); // { runningMean: 'running_mean', runningVar: 'running_var', numBatchesTracked: 'num_batches_tracked' }
   */
  legacyStateKeys(): Readonly<Record<string, string>> {
    return {};
  }

  /**
   * `dict` with every legacy key of every descendant ({@link Module.legacyStateKeys}) renamed to its
   * current dotted name, as `loadStateDict` sees it; `dict` itself when nothing needs renaming. For
   * code that checks a saved state dict's names against `stateDict()` before loading it.
   *
   * @example
   * new Sequential(new Linear(2, 2), new BatchNorm1d(2)).upgradeStateDict({ '1.runningMean': t }); // { '1.running_mean': t }
   */
  upgradeStateDict<D extends StateDict | ReadonlyMap<string, Tensor>>(dict: D): D {
    const renames = new Map<string, string>();
    for (const [path, m] of this.namedModules()) {
      for (const [old, current] of Object.entries(m.legacyStateKeys())) renames.set(dotted(path, old), dotted(path, current));
    }
    const entries = dict instanceof Map ? [...(dict as ReadonlyMap<string, Tensor>).entries()] : Object.entries(dict);
    if (!entries.some(([k]) => renames.has(k))) return dict;
    // A Map in, a Map out; a record in, a record out; keys keep their order.
    const present = new Set(entries.map(([k]) => k));
    const out = new Map<string, Tensor>();
    for (const [k, v] of entries) {
      const current = renames.get(k);
      out.set(current !== undefined && !present.has(current) ? current : k, v);
    }
    return (dict instanceof Map ? out : Object.fromEntries(out)) as D;
  }

  /**
   * Non-tensor state that a resumed training run needs (PyTorch's `get_extra_state`): plain JSON-safe
   * data, or `undefined` (the default) for a module without any. It is saved in training checkpoints
   * (`fit`'s `TrainingState.extraState`), not in `stateDict()`, whose tensors form the weights file.
   * Dropout with its own generator returns that generator's state.
   *
   * @example
   * new Dropout(0.5, { random: new Random(0) }).getExtraState(); // { random: { algorithm: 'xoshiro128**', s: [...], spare: null } }
   * new Dropout(0.5).getExtraState();                            // undefined: it draws from the library-wide generator
   */
  getExtraState(): unknown {
    return undefined;
  }

  /** Restores what {@link Module.getExtraState} returned (PyTorch's `set_extra_state`). */
  setExtraState(state: unknown): void {
    throw new Error(`${this.typeName}.setExtraState: this module has no extra state, got ${JSON.stringify(state)}`);
  }

  /**
   * The extra state of this module and every descendant that has one, by dotted module path ('' for
   * this module). Plain data: `JSON.parse(JSON.stringify(dict))` restores it.
   *
   * @example
   * const net = new Sequential(new Linear(4, 4), new Dropout(0.2, { random: new Random(1) }));
   * Object.keys(net.extraStateDict()); // ['1']
   */
  extraStateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [path, m] of this.namedModules()) {
      const state = m.getExtraState();
      if (state !== undefined) out[path] = state;
    }
    return out;
  }

  /**
   * Restores an {@link Module.extraStateDict}. Every module with extra state must have an entry and
   * every entry a module with extra state; the keys are checked before anything is restored.
   *
   * @example
   * const saved = JSON.stringify(net.extraStateDict());
   * net.loadExtraStateDict(JSON.parse(saved));
   */
  loadExtraStateDict(dict: Readonly<Record<string, unknown>>): void {
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
      throw new Error(`loadExtraStateDict: expected an object of module path → state, got ${JSON.stringify(dict)}`);
    }
    const holders = this.namedModules().filter(([, m]) => m.getExtraState() !== undefined);
    const label = (path: string, m: AnyModule): string => `'${path}' (${m.typeName})`;
    const missing = holders.filter(([path]) => !(path in dict)).map(([path, m]) => label(path, m));
    const unexpected = Object.keys(dict).filter((k) => !holders.some(([path]) => path === k)).map((k) => `'${k}'`);
    const problems: string[] = [];
    if (missing.length > 0) problems.push(`no state for module${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    if (unexpected.length > 0) problems.push(`state for unknown module${unexpected.length > 1 ? 's' : ''} (or ones without extra state) ${unexpected.join(', ')}`);
    if (problems.length > 0) throw new Error(`loadExtraStateDict: ${problems.join('; ')}`);
    for (const [path, m] of holders) {
      try {
        m.setExtraState(dict[path]);
      } catch (err) {
        throw new Error(`loadExtraStateDict: module ${label(path, m)}: ${(err as Error).message}`);
      }
    }
  }

  /** The module's own state tensors by name (PyTorch's order: per module, parameters then buffers). */
  private stateTensors(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [path, m] of this.namedModules()) {
      for (const [name, p] of m.ownParameters) out.set(dotted(path, name), p);
      for (const [name, b] of m.ownBuffers) if (!m.nonPersistent.has(name)) out.set(dotted(path, name), b);
    }
    return out;
  }

  /** The hyper-parameters shown between the parentheses of `toString()` (override in layers). */
  extraRepr(): string {
    return '';
  }

  /**
   * A tree like PyTorch's repr:
   * ```
   * Sequential(
   *   (0): Linear(inFeatures=784, outFeatures=10, bias=true)
   *   (1): ReLU()
   * )
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const lines = extra === '' ? [] : extra.split('\n');
    for (const [name, child] of this.ownModules) lines.push(`(${name}): ${indent(child.toString())}`);
    if (lines.length === 0) return `${this.typeName}()`;
    if (this.ownModules.size === 0 && lines.length === 1) return `${this.typeName}(${lines[0]})`;
    return `${this.typeName}(\n${lines.map((l) => `  ${l}`).join('\n')}\n)`;
  }
}

/** `name` under the module at `path`: `fc1.weight`, or `weight` for the root ('' path). */
function dotted(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}

/** Replaces a tensor's storage by a converted copy (buffers are plain tensors, converted in place). */
function swapStorage(t: Tensor, dtype: DType): void {
  (t as unknown as { data: Tensor['data'] }).data = cast(t.detach(), dtype).data;
}
