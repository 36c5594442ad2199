/**
 * The façade shared by every fused optimizer (SGD, Adam, …): parameter groups, in-place `step()`
 * through the optimizer's single-pass kernel, `zeroGrad()`, and a name-keyed state dict.
 */
import { fusedTransformation, placeState, resolveHyper, type FusedDefinition, type FusedState, type ParamState } from './fused.js';
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
 * Base class of the named first-order optimizers. A subclass only passes its definition; see
 * `optimizers/adam.ts` for a complete example.
 */
export class FusedOptimizer<H extends HyperParameters, S extends ParamState> implements Optimizer {
  readonly name: string;
  readonly paramGroups: ParamGroup<H>[] = [];
  /** The optimizer-level hyper-parameters (defaults filled in); groups override them. */
  readonly defaults: Readonly<H>;
  /** Per-parameter state, created lazily at a parameter's first step (as in PyTorch). */
  protected readonly state = new Map<ParameterLike, S>();
  private readonly anyDef: FusedDefinition<H, ParamState>;

  constructor(protected readonly definition: FusedDefinition<H, S>, params: ParamsInput, options: object = {}) {
    this.name = definition.name;
    this.anyDef = definition as unknown as FusedDefinition<H, ParamState>;
    this.defaults = resolveHyper(this.anyDef, options as Record<string, unknown>);
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
    const own = this.anyDef.normalize ? this.anyDef.normalize(overrides) : overrides;
    const h = resolveHyper(this.anyDef, { ...(this.defaults as Record<string, unknown>), ...own });
    this.paramGroups.push({ ...h, params, names } as ParamGroup<H>);
  }

  /** The group's hyper-parameters, re-validated (a schedule may have written them). */
  protected hyperOf(group: ParamGroup<H>): H {
    const values: Record<string, unknown> = {};
    for (const spec of this.definition.hyperParameters) values[spec.name] = (group as Record<string, unknown>)[spec.name];
    return resolveHyper(this.anyDef, values);
  }

  /**
   * One step of every parameter that has a gradient: one fused pass over each parameter's values.
   * With a closure, calls it first and returns its loss.
   */
  step(closure?: Closure): number | undefined {
    const loss = closure ? closure() : undefined;
    this.applyKernel();
    return loss;
  }

  /** Runs the fused kernel once over every parameter that has a gradient. */
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
          s = placeState(def.init(p.data, h), p.data);
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

  /** The pure transformation with this optimizer's defaults (same kernel, same bits). */
  toTransformation(): GradientTransformation<FusedState<S>> {
    return fusedTransformation(this.definition, this.defaults as Record<string, unknown>);
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
        return resolveHyper(this.anyDef, { ...(g.hyperParameters as Record<string, unknown>) });
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
