/**
 * The familiar façade over the pure core: `new Adam(params, { learningRate })`, `step()`,
 * `zeroGrad()`, parameter groups with their own (writable) hyper-parameters, and a state dict keyed
 * by parameter name and checked against shapes when it is loaded.
 */
import type { HyperParameterSpec } from '../registry/spec.js';
import type { JsonStateValue } from './state.js';
import type { Closure, ParameterLike } from './types.js';
import { fillZero } from '../tensor/scope.js';

/** Hyper-parameters of a group: usually a learning rate (a chain of transforms may have none) and the optimizer's own. */
export type HyperParameters = { learningRate?: number; [name: string]: unknown };

/**
 * A parameter group as the optimizer holds it: its parameters and names plus every hyper-parameter
 * with defaults filled in. Hyper-parameters are plain writable fields, so a schedule sets
 * `group.learningRate = …` (or `momentum`, `beta1` for one-cycle) between steps; the new value is
 * validated at the next `step()`.
 */
export type ParamGroup<H extends object = HyperParameters> = H & {
  readonly params: readonly ParameterLike[];
  readonly names: readonly string[];
};

/** A typed array in a state dict: dtype, the parameter's shape, and the values row-major. */
export interface JsonTensor {
  dtype: 'float32' | 'float64';
  shape: number[];
  data: number[];
}

/**
 * A JSON-able snapshot of an optimizer: which optimizer, each group's parameter names and
 * hyper-parameters, and the state of each parameter keyed by its *name*.
 */
export interface OptimizerStateDict {
  /** The optimizer's class name; loading into another optimizer is an error. */
  optimizer: string;
  version: 1;
  paramGroups: Array<{ params: string[]; hyperParameters: Record<string, JsonStateValue> }>;
  /** Per-parameter state: numbers stay numbers, arrays become {@link JsonTensor}. */
  state: Record<string, Record<string, number | JsonTensor>>;
  /** Optimizer-wide state (LBFGS keeps its history here). */
  global?: JsonStateValue;
}

/** What every descent optimizer offers, whatever its algorithm. */
export interface Optimizer {
  /** The class name, e.g. `Adam`. */
  readonly name: string;
  readonly paramGroups: ParamGroup[];
  /**
   * Performs one optimization step. With a closure, calls it first (it zeroes the gradients,
   * computes the loss and back-propagates) and returns its loss. LBFGS, Newton and the lecture's
   * Nesterov require the closure.
   */
  step(closure?: Closure): number | undefined;
  /** Zeroes every gradient (or sets it to null with `setToNone`, so the next step skips it). */
  zeroGrad(setToNone?: boolean): void;
  stateDict(): OptimizerStateDict;
  /** Restores a state dict, checking optimizer name, group layout, parameter names and shapes. */
  loadStateDict(stateDict: OptimizerStateDict): void;
}

/**
 * An optimizer whose groups all have a learning rate: every registry optimizer (a bare chain of
 * transforms, `TransformOptimizer`, is the one kind without).
 */
export interface OptimizerWithLearningRate extends Optimizer {
  readonly paramGroups: ParamGroup<{ learningRate: number; [name: string]: unknown }>[];
}

/** Zeroes (or nulls) the gradients of every parameter in the groups. */
export function zeroGradients(groups: readonly ParamGroup[], setToNone: boolean): void {
  for (const g of groups) {
    for (const p of g.params) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else fillZero(p.grad.data); // in wasm memory, a wasm memset: TypedArray.fill is slow there
    }
  }
}

/** Shapes as `[3,2]` for messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** The number of elements a shape holds. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Checks a state dict's envelope (type, optimizer name, group layout) before anything is loaded. */
export function checkStateDictEnvelope(owner: string, sd: unknown, groups: readonly ParamGroup[]): OptimizerStateDict {
  if (typeof sd !== 'object' || sd === null) throw new Error(`${owner}.loadStateDict: expected a state dict object, got ${String(sd)}`);
  const d = sd as Partial<OptimizerStateDict>;
  if (d.optimizer !== owner) {
    throw new Error(`${owner}.loadStateDict: the state dict is from ${JSON.stringify(d.optimizer)}, not ${owner}`);
  }
  if (d.version !== 1) throw new Error(`${owner}.loadStateDict: unsupported state dict version ${String(d.version)}`);
  if (!Array.isArray(d.paramGroups) || d.paramGroups.length !== groups.length) {
    throw new Error(
      `${owner}.loadStateDict: the state dict has ${Array.isArray(d.paramGroups) ? d.paramGroups.length : 'no'} parameter groups, the optimizer has ${groups.length}`,
    );
  }
  d.paramGroups.forEach((g, i) => {
    const mine = groups[i]!.names;
    const theirs = Array.isArray(g?.params) ? g.params : [];
    if (theirs.length !== mine.length || theirs.some((n, j) => n !== mine[j])) {
      throw new Error(`${owner}.loadStateDict: parameter group ${i} holds [${theirs.join(', ')}] in the state dict but [${mine.join(', ')}] here`);
    }
  });
  if (typeof d.state !== 'object' || d.state === null) throw new Error(`${owner}.loadStateDict: the state dict has no 'state' object`);
  const known = new Set(groups.flatMap((g) => g.names));
  for (const name of Object.keys(d.state)) {
    if (!known.has(name)) throw new Error(`${owner}.loadStateDict: the state dict has state for '${name}', which is not a parameter of this optimizer`);
  }
  return d as OptimizerStateDict;
}

/** A group's current values of the named hyper-parameters (a schedule or the user may have written them). */
export function groupValues(group: object, specs: readonly HyperParameterSpec[]): Record<string, unknown> {
  const all: Record<string, unknown> = { ...group };
  return Object.fromEntries(specs.map((s) => [s.name, all[s.name]]));
}

/** The hyper-parameters of a group as a state dict records them (pairs copied). */
export function groupStateValues(group: object, specs: readonly HyperParameterSpec[]): Record<string, JsonStateValue> {
  const out: Record<string, JsonStateValue> = {};
  for (const [k, v] of Object.entries(groupValues(group, specs))) out[k] = (Array.isArray(v) ? [...v] : v) as JsonStateValue;
  return out;
}
