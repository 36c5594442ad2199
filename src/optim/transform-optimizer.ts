/**
 * The façade over any gradient transformation (a `chain(...)` of verbs, or a named optimizer's
 * pure form), for the combinations the named classes do not cover: clipping inside the optimizer,
 * weight decay for optimizers without it, several verbs in a row.
 */
import { normalizeGroups } from './groups.js';
import { checkStateDictEnvelope, zeroGradients, type Optimizer, type OptimizerStateDict, type ParamGroup } from './optimizer.js';
import { dtypeOf, isFloatArray, stateFromJson, stateToJson, type StateValue } from './state.js';
import { applyUpdatesInPlace, type GradientTransformation } from './transform.js';
import type { Closure, FloatArray, ParameterLike, ParamsInput } from './types.js';

/**
 * Runs a {@link GradientTransformation} on parameters in place. One parameter group; parameters
 * without a gradient contribute zero gradients (the transformation sees every array).
 *
 * @example
 * const opt = new TransformOptimizer(model.namedParameters(), chain(clipByGlobalNorm(1), addDecayedWeights(1e-4), rprop()));
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class TransformOptimizer<S extends StateValue = StateValue> implements Optimizer {
  readonly name: string;
  readonly paramGroups: ParamGroup[];
  private state: S;

  constructor(params: ParamsInput, private readonly transformation: GradientTransformation<S>) {
    this.name = transformation.name;
    const groups = normalizeGroups(this.name, params);
    if (groups.length !== 1 || Object.keys(groups[0]!.overrides).length > 0) {
      throw new Error(`${this.name}: a transformation has its hyper-parameters built in; pass one list of parameters, not parameter groups`);
    }
    this.paramGroups = [{ params: groups[0]!.params, names: groups[0]!.names }];
    this.state = transformation.init(this.data());
  }

  private get params(): readonly ParameterLike[] {
    return this.paramGroups[0]!.params;
  }

  private data(): FloatArray[] {
    return this.params.map((p) => p.data);
  }

  step(closure?: Closure): number | undefined {
    const loss = closure ? closure() : undefined;
    const grads = this.params.map((p) => (p.grad === null ? new Float64Array(p.data.length) : p.grad.data));
    const data = this.data();
    const { updates, state } = this.transformation.update(grads, this.state, data);
    applyUpdatesInPlace(data, updates);
    this.state = state;
    return loss;
  }

  zeroGrad(setToNone = false): void {
    zeroGradients(this.paramGroups, setToNone);
  }

  stateDict(): OptimizerStateDict {
    return {
      optimizer: this.name,
      version: 1,
      paramGroups: [{ params: [...this.paramGroups[0]!.names], hyperParameters: {} }],
      state: {},
      global: stateToJson(this.state),
    };
  }

  loadStateDict(stateDict: OptimizerStateDict): void {
    const sd = checkStateDictEnvelope(this.name, stateDict, this.paramGroups);
    const loaded = stateFromJson(sd.global ?? null);
    this.state = conform(`${this.name}.loadStateDict`, this.transformation.init(this.data()), loaded, 'state') as S;
  }
}

/** Checks `loaded` has the template's structure and array sizes; arrays take the template's dtype. */
function conform(owner: string, template: StateValue, loaded: StateValue, path: string): StateValue {
  if (isFloatArray(template)) {
    if (!isFloatArray(loaded)) throw new Error(`${owner}: ${path} should be an array of ${template.length} values`);
    if (loaded.length !== template.length) throw new Error(`${owner}: ${path} has ${loaded.length} values but the parameters need ${template.length}`);
    return dtypeOf(template) === 'float32' ? Float32Array.from(loaded) : Float64Array.from(loaded);
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(loaded) || loaded.length !== template.length) throw new Error(`${owner}: ${path} should be a list of ${template.length} entries`);
    return template.map((t, i) => conform(owner, t, (loaded as StateValue[])[i]!, `${path}[${i}]`));
  }
  if (template !== null && typeof template === 'object') {
    if (loaded === null || typeof loaded !== 'object' || Array.isArray(loaded) || isFloatArray(loaded)) throw new Error(`${owner}: ${path} should be a record`);
    const out: Record<string, StateValue> = {};
    const l = loaded as Record<string, StateValue>;
    for (const k of Object.keys(template)) {
      if (!(k in l)) throw new Error(`${owner}: ${path} lacks '${k}'`);
      out[k] = conform(owner, (template as Record<string, StateValue>)[k]!, l[k]!, `${path}.${k}`);
    }
    for (const k of Object.keys(l)) if (!(k in out)) throw new Error(`${owner}: ${path} has an unknown entry '${k}'`);
    return out;
  }
  if (typeof template !== typeof loaded) throw new Error(`${owner}: ${path} should be a ${template === null ? 'null' : typeof template}`);
  return loaded;
}
