/** State dicts: the name → tensor snapshot of a module, and loading one back checked by name and shape. */
import { formatShape, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A module's state: dotted names (`encoder.fc1.weight`, `bn.running_mean`) to tensors, parameters
 * and persistent buffers, in registration order.
 */
export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /**
   * Require the keys to match exactly (default true). With false, missing and unexpected keys are
   * reported in the result instead of thrown; shape mismatches always throw.
   */
  strict?: boolean;
}

/** What `loadStateDict` did not load, as in PyTorch's `_IncompatibleKeys`. */
export interface LoadStateDictResult {
  /** Keys the module has but the state dict lacks (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict the module does not have (ignored). */
  unexpectedKeys: string[];
}

function quoteList(keys: readonly string[]): string {
  return keys.map((k) => `'${k}'`).join(', ');
}

/**
 * Copies `source` into `targets` (the module's own tensors, by name), after checking every key and
 * shape, so a failed load changes nothing. Values are converted to each target's dtype.
 */
export function loadInto(
  targets: ReadonlyMap<string, Tensor>,
  source: StateDict | ReadonlyMap<string, Tensor>,
  options: LoadStateDictOptions = {},
): LoadStateDictResult {
  const entries = source instanceof Map ? [...source.entries()] : Object.entries(source);
  const given = new Map<string, Tensor>();
  const problems: string[] = [];
  for (const [name, value] of entries) {
    if (!(value instanceof Tensor)) {
      problems.push(`'${name}' is ${value === null ? 'null' : typeof value}, not a Tensor`);
      continue;
    }
    given.set(name, value);
  }
  const missingKeys = [...targets.keys()].filter((k) => !given.has(k));
  const unexpectedKeys = [...given.keys()].filter((k) => !targets.has(k));
  for (const [name, target] of targets) {
    const value = given.get(name);
    if (value !== undefined && !sameShape(value.shape, target.shape)) {
      problems.push(`shape of '${name}' is ${formatShape(target.shape)} in the module but ${formatShape(value.shape)} in the state dict`);
    }
  }
  if (options.strict ?? true) {
    if (missingKeys.length > 0) problems.unshift(`missing key${missingKeys.length > 1 ? 's' : ''} ${quoteList(missingKeys)}`);
    if (unexpectedKeys.length > 0) problems.splice(missingKeys.length > 0 ? 1 : 0, 0, `unexpected key${unexpectedKeys.length > 1 ? 's' : ''} ${quoteList(unexpectedKeys)}`);
  }
  if (problems.length > 0) throw new Error(`loadStateDict: ${problems.join('; ')}`);
  for (const [name, target] of targets) {
    const value = given.get(name);
    // TypedArray.set converts between dtypes (float64 → float32 rounds to nearest).
    if (value !== undefined && value.data !== target.data) target.data.set(value.data);
  }
  return { missingKeys, unexpectedKeys };
}
