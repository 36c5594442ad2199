/**
 * The PyTorch-style class every first-order optimizer gets from its definition (src/optim/definition.ts):
 * parameter groups, in-place `step()` through the definition's single pass, `zeroGrad()`, and a
 * name-keyed state dict. `optimizerClass(adamDefinition)` is the whole of class `Adam`.
 */
import { placeState, resolveHyper, transformationOf, type OptimizerDefinition, type OptimizerState, type ParamState } from './definition.js';
import { normalizeGroups } from './groups.js';
import {
  checkStateDictEnvelope,
  formatShape,
  numel,
  zeroGradients,
  type HyperParameters,
  type JsonTensor,
  type Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
} from './optimizer.js';
import { dtypeOf, isFloatArray, type JsonStateValue } from './state.js';
import type { GradientTransformation } from './transform.js';
import type { Closure, FloatArray, ParamGroupInput, ParameterLike, ParamsInput } from './types.js';

/**
 * The class of a first-order optimizer, from its definition. `optimizerClass(definition)` names it
 * (`Adam`); Schedule-Free and Muon extend it with their modes.
 */
export class DefinedOptimizer<H extends HyperParameters, S extends ParamState> implements Optimizer {
  readonly name: string;
  readonly paramGroups: ParamGroup<H>[] = [];
  /** The optimizer-level hyper-parameters (defaults filled in); groups override them. */
  readonly defaults: Readonly<H>;
  /** Per-parameter state, created lazily at a parameter's first step (as in PyTorch). */
  protected readonly state = new Map<ParameterLike, S>();
  /** Each group's values when last validated, and the result: a group is re-validated only after a write. */
  private readonly validated = new WeakMap<ParamGroup<H>, { values: unknown[]; hyper: H }>();

  constructor(protected readonly definition: OptimizerDefinition<H, S>, params: ParamsInput, options: object = {}) {
    this.name = definition.name;
    this.defaults = resolveHyper(definition, options as Record<string, unknown>);
    for (const g of normalizeGroups(this.name, params)) this.pushGroup(g.params, g.names, g.overrides);
  }

  /**
   * Adds a parameter group (e.g. to unfreeze layers while training), with its own overrides.
   *
   * @example
   * opt.addParamGroup({ params: model.head.namedParameters(), learningRate: 1e-3 });
   */
  addParamGroup(group: ParamGroupInput): void {
    const all = this.paramGroups.flatMap((g) => g.params.map((p, i) => [g.names[i]!, p] as const));
    const [added] = normalizeGroups(this.name, [{ params: all }, group]).slice(1);
    this.pushGroup(added!.params, added!.names, added!.overrides);
  }

  private pushGroup(params: ParameterLike[], names: string[], overrides: Record<string, unknown>): void {
    const own = this.definition.normalize ? this.definition.normalize(overrides) : overrides;
    const h = resolveHyper(this.definition, { ...(this.defaults as Record<string, unknown>), ...own });
    this.paramGroups.push({ ...h, params, names } as ParamGroup<H>);
  }

  /**
   * The group's hyper-parameters, validated again when a value changed since the last step (a
   * schedule or the user may write `group.learningRate = …` between steps).
   */
  protected hyperOf(group: ParamGroup<H>): H {
    const specs = this.definition.hyperParameters;
    const current = group as Record<string, unknown>;
    const last = this.validated.get(group);
    // The common case, nothing written since the last step, compares in place (no allocation).
    if (last !== undefined && specs.every((spec, i) => Object.is(current[spec.name], last.values[i]))) return last.hyper;
    const values = specs.map((spec) => current[spec.name]);
    const named: Record<string, unknown> = {};
    specs.forEach((spec, i) => (named[spec.name] = values[i]));
    const hyper = resolveHyper(this.definition, named);
    this.validated.set(group, { values, hyper });
    return hyper;
  }

  /**
   * One step of every parameter that has a gradient: one pass over each parameter's values.
   * With a closure, calls it first and returns its loss.
   */
  step(closure?: Closure): number | undefined {
    const loss = closure ? closure() : undefined;
    this.applyKernel();
    return loss;
  }

  /** Runs the definition's step once over every parameter that has a gradient. */
  protected applyKernel(): void {
    const def = this.definition;
    for (const group of this.paramGroups) {
      const h = this.hyperOf(group);
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (p.grad.data.length !== p.data.length) {
          throw new Error(`${this.name}: a gradient has ${p.grad.data.length} values but its parameter has ${p.data.length}`);
        }
        let s = this.state.get(p);
        if (s === undefined) {
          s = placeState(def.init(p.data, h, p.shape), p.data);
          this.state.set(p, s);
        }
        def.step(p.data, p.grad.data, s, h, p.data);
      }
    }
  }

  zeroGrad(setToNone = false): void {
    zeroGradients(this.paramGroups, setToNone);
  }

  /** The state of the parameter called `name` (undefined before its first step). Read-only view. */
  stateOf(name: string): Readonly<S> | undefined {
    for (const g of this.paramGroups) {
      const i = g.names.indexOf(name);
      if (i >= 0) return this.state.get(g.params[i]!);
    }
    throw new Error(`${this.name}: no parameter named '${name}'`);
  }

  /** The pure transformation with this optimizer's defaults (same step, same bits). */
  toTransformation(): GradientTransformation<OptimizerState<S>> {
    return transformationOf(this.definition, this.defaults);
  }

  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: OptimizerStateDict['paramGroups'] = [];
    for (const g of this.paramGroups) {
      const hyperParameters: Record<string, JsonStateValue> = {};
      for (const spec of this.definition.hyperParameters) {
        const v = (g as Record<string, unknown>)[spec.name];
        hyperParameters[spec.name] = (Array.isArray(v) ? [...v] : v) as JsonStateValue;
      }
      paramGroups.push({ params: [...g.names], hyperParameters });
      g.params.forEach((p, i) => {
        const s = this.state.get(p);
        if (s === undefined) return;
        const entry: Record<string, number | JsonTensor> = {};
        for (const [k, v] of Object.entries(s)) {
          entry[k] = isFloatArray(v) ? { dtype: dtypeOf(v), shape: [...p.shape], data: Array.from(v) } : v;
        }
        state[g.names[i]!] = entry;
      });
    }
    return { optimizer: this.name, version: 1, paramGroups, state };
  }

  loadStateDict(stateDict: OptimizerStateDict): void {
    const owner = this.name;
    const sd = checkStateDictEnvelope(owner, stateDict, this.paramGroups);
    // Validate everything before changing anything, so a bad dict leaves the optimizer as it was.
    const hypers = sd.paramGroups.map((g) => {
      try {
        return resolveHyper(this.definition, { ...(g.hyperParameters as Record<string, unknown>) });
      } catch (err) {
        throw new Error(`${owner}.loadStateDict: ${(err as Error).message}`);
      }
    });
    const restored = new Map<ParameterLike, S>();
    this.paramGroups.forEach((g, gi) => {
      g.params.forEach((p, i) => {
        const name = g.names[i]!;
        const entry = sd.state[name];
        if (entry === undefined) return;
        restored.set(p, placeState(this.decodeParamState(name, p, entry, hypers[gi]!), p.data));
      });
    });
    this.paramGroups.forEach((g, gi) => Object.assign(g, hypers[gi]));
    this.state.clear();
    for (const [p, s] of restored) this.state.set(p, s);
  }

  private decodeParamState(name: string, p: ParameterLike, entry: unknown, h: H): S {
    const owner = `${this.name}.loadStateDict`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${owner}: state of '${name}' is not an object`);
    const out: ParamState = {};
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (!this.definition.stateKeys.includes(k)) {
        throw new Error(`${owner}: state of '${name}' has an unknown entry '${k}' (a ${this.name} state holds ${this.definition.stateKeys.join(', ')})`);
      }
      if (typeof v === 'number') {
        out[k] = v;
        continue;
      }
      const t = v as Partial<JsonTensor>;
      if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || !Array.isArray(t.data)) {
        throw new Error(`${owner}: state '${k}' of '${name}' is neither a number nor a tensor`);
      }
      if (formatShape(t.shape) !== formatShape(p.shape) || t.data.length !== numel(p.shape) || t.data.length !== p.data.length) {
        throw new Error(`${owner}: state '${k}' of parameter '${name}' has shape ${formatShape(t.shape)} but the parameter has shape ${formatShape(p.shape)}`);
      }
      out[k] = castLike(p.data, t.data);
    }
    const template = this.definition.init(p.data, h);
    for (const k of Object.keys(template)) {
      if (!(k in out)) throw new Error(`${owner}: state of '${name}' lacks '${k}'`);
    }
    return out as S;
  }
}

/** Values converted to the parameter's dtype (state always has the parameter's dtype, as in PyTorch). */
function castLike(p: FloatArray, data: readonly number[]): FloatArray {
  return p instanceof Float32Array ? Float32Array.from(data) : Float64Array.from(data);
}

/** A class made by {@link optimizerClass}: `new Adam(params, options)`, and the definition it runs. */
export interface DefinedOptimizerClass<O extends object, H extends HyperParameters, S extends ParamState> {
  new (params: ParamsInput, options?: O): DefinedOptimizer<H, S>;
  readonly definition: OptimizerDefinition<H, S>;
}

/**
 * The class of a definition, named after it (`Adam.name === 'Adam'`), with the definition as a
 * static field (the registry reads it). Give the options type where it is used:
 * `export const Adam: DefinedOptimizerClass<AdamOptions, AdamHyper, AdamState> = optimizerClass(adamDefinition)`.
 */
export function optimizerClass<H extends HyperParameters, S extends ParamState>(definition: OptimizerDefinition<H, S>): DefinedOptimizerClass<object, H, S> {
  const named = class extends DefinedOptimizer<H, S> {
    static readonly definition = definition;
    constructor(params: ParamsInput, options: object = {}) {
      super(definition, params, options);
    }
  };
  Object.defineProperty(named, 'name', { value: definition.name });
  return named;
}
