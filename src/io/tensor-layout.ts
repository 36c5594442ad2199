/**
 * Checking loaded tensors against what a model expects, by name: the step between reading a
 * checkpoint and copying it into parameters.
 */
import { DataError } from '../data/data-error.js';
import type { DType } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** The expected shape (and optionally dtype) of one named tensor. */
export interface TensorSpec {
  shape: readonly number[];
  dtype?: DType;
}

/** Options of {@link checkTensorLayout}. */
export interface TensorLayoutOptions {
  /** Name of the file in the message (e.g. the checkpoint path). */
  source?: string;
  /** Accept names in `actual` that `expected` lacks (default false). */
  allowUnexpected?: boolean;
}

/**
 * Throws a `DataError` listing every difference between `actual` and `expected`: missing names,
 * unexpected names, and shape or dtype mismatches (up to ten, then a count).
 *
 * @example
 * const { tensors } = await loadSafetensors('best.safetensors');
 * checkTensorLayout(tensors, model.namedParameters(), { source: 'best.safetensors' });
 * // DataError: best.safetensors: does not match: missing "fc2.bias"; "fc1.weight" has shape [128,784], expected [256,784]
 */
export function checkTensorLayout(actual: Record<string, Tensor>, expected: Record<string, Tensor | TensorSpec>, options: TensorLayoutOptions = {}): void {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(expected)) {
    const t = Object.hasOwn(actual, name) ? actual[name] : undefined;
    if (!t) {
      problems.push(`missing "${name}"`);
      continue;
    }
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
      problems.push(`"${name}" has shape ${formatShape(t.shape)}, expected ${formatShape(spec.shape)}`);
    }
    const dtype = spec instanceof Tensor ? spec.dtype : spec.dtype;
    if (dtype !== undefined && t.dtype !== dtype) problems.push(`"${name}" is ${t.dtype}, expected ${dtype}`);
  }
  if (!options.allowUnexpected) {
    for (const name of Object.keys(actual)) if (!Object.hasOwn(expected, name)) problems.push(`unexpected "${name}"`);
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 10).join('; ');
  const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
  throw new DataError(`does not match: ${shown}${more}`, options.source !== undefined ? { source: options.source } : {});
}
