/**
 * Checking a loaded checkpoint against the model and optimizer it is about to be loaded into: every
 * weight's name, dtype and shape, and every optimizer state tensor's shape and dtype, so a wrong
 * `--model` or a doctored file is a message naming the tensor rather than garbage or a crash later.
 */
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError } from './checkpoint-error.js';
import type { TrainingState } from './fit.js';

/** What a checkpoint must match (see {@link checkCheckpointAgainst}). */
export interface CheckpointExpectation {
  /** The model (its `stateDict()`: parameters and buffers), or its state dict itself. */
  model?: { stateDict(): Record<string, Tensor> | ReadonlyMap<string, Tensor> } | Record<string, Tensor> | ReadonlyMap<string, Tensor>;
  /** The optimizer the state will be loaded into (its `stateDict()` gives its name and parameter groups). */
  optimizer?: { stateDict(): unknown };
}

function entriesOf(model: NonNullable<CheckpointExpectation['model']>): Map<string, Tensor> {
  const dict = typeof (model as { stateDict?: unknown }).stateDict === 'function'
    ? (model as { stateDict(): Record<string, Tensor> | ReadonlyMap<string, Tensor> }).stateDict()
    : (model as Record<string, Tensor> | ReadonlyMap<string, Tensor>);
  return dict instanceof Map ? new Map(dict) : new Map(Object.entries(dict as Record<string, Tensor>));
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Throws a {@link CheckpointError} naming the first tensor that does not match: a weight missing or
 * unexpected, or with another dtype or shape than the model's; an optimizer state for another
 * optimizer or other parameter groups, or a state tensor whose shape or dtype is not its parameter's.
 *
 * @example
 * ```ts
 * checkCheckpointAgainst(await loadCheckpoint('run/last'), { model, optimizer });
 * // CheckpointError: checkpoint run/last.json: weights.0.weight: shape [32, 2], expected [64, 2] (the model's)
 * ```
 */
export function checkCheckpointAgainst(
  checkpoint: { weights: Record<string, Tensor>; state: TrainingState; path?: string },
  expect: CheckpointExpectation,
): void {
  const where = checkpoint.path ?? '<checkpoint>';
  const fail = (field: string, reason: string): never => {
    throw new CheckpointError(where, field, reason, { code: 'mismatch' });
  };
  let expected: Map<string, Tensor> | null = null;
  if (expect.model) {
    expected = entriesOf(expect.model);
    for (const [name, want] of expected) {
      const got = Object.hasOwn(checkpoint.weights, name) ? checkpoint.weights[name] : undefined;
      if (!got) fail(`weights.${name}`, `missing (the model has ${want.dtype} ${formatShape(want.shape)})`);
      else {
        if (got.dtype !== want.dtype) fail(`weights.${name}`, `dtype ${got.dtype}, expected ${want.dtype} (the model's)`);
        if (!sameShape(got.shape, want.shape)) fail(`weights.${name}`, `shape ${formatShape(got.shape)}, expected ${formatShape(want.shape)} (the model's)`);
      }
    }
    for (const name of Object.keys(checkpoint.weights)) {
      if (!expected.has(name)) fail(`weights.${name}`, `the model has no tensor of this name (it has ${[...expected.keys()].slice(0, 8).join(', ')}${expected.size > 8 ? ', …' : ''})`);
    }
    const averaging = checkpoint.state.averaging;
    if (averaging) {
      for (const [name, values] of Object.entries(averaging.averaged)) {
        const want = expected.get(name);
        if (!want) fail(`state.averaging.averaged.${name}`, 'the model has no parameter of this name');
        else if (values.length !== want.data.length) fail(`state.averaging.averaged.${name}`, `has ${values.length} values, expected ${want.data.length} (shape ${formatShape(want.shape)})`);
      }
    }
  }
  if (expect.optimizer) checkOptimizerState(checkpoint.state.optimizer, expect.optimizer.stateDict(), expected ?? new Map(Object.entries(checkpoint.weights)), fail);
}

function checkOptimizerState(saved: unknown, fresh: unknown, weights: Map<string, Tensor>, fail: (field: string, reason: string) => never): void {
  const field = 'state.optimizer';
  const want = fresh as { optimizer?: unknown; paramGroups?: Array<{ params: string[] }> } | null;
  if (saved === null || saved === undefined) {
    if (want !== null && want !== undefined) fail(field, `missing, expected the state of ${String(want.optimizer)}`);
    return;
  }
  const got = saved as { optimizer: string; paramGroups: Array<{ params: string[] }>; state: Record<string, Record<string, unknown>> };
  if (want === null || want === undefined) fail(field, `holds ${got.optimizer} state, but the optimizer has none`);
  const w = want!;
  if (got.optimizer !== w.optimizer) fail(`${field}.optimizer`, `${got.optimizer}, expected ${String(w.optimizer)}`);
  const groups = w.paramGroups ?? [];
  if (got.paramGroups.length !== groups.length) fail(`${field}.paramGroups`, `${got.paramGroups.length} groups, expected ${groups.length}`);
  got.paramGroups.forEach((g, i) => {
    const names = groups[i]!.params;
    if (g.params.length !== names.length || g.params.some((p, j) => p !== names[j])) {
      fail(`${field}.paramGroups[${i}].params`, `[${g.params.join(', ')}], expected [${names.join(', ')}]`);
    }
  });
  const known = new Set(groups.flatMap((g) => g.params));
  for (const [name, entry] of Object.entries(got.state)) {
    if (!known.has(name)) fail(`${field}.state.${name}`, 'the optimizer has no parameter of this name');
    const param = weights.get(name);
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value !== 'object' || value === null || !param) continue;
      const t = value as { dtype: string; shape: number[] };
      if (!sameShape(t.shape, param.shape)) fail(`${field}.state.${name}.${key}`, `shape ${formatShape(t.shape)}, expected ${formatShape(param.shape)} (parameter '${name}')`);
      if (t.dtype !== param.dtype) fail(`${field}.state.${name}.${key}`, `dtype ${t.dtype}, expected ${param.dtype} (parameter '${name}')`);
    }
  }
}
