/** The weights a checkpoint is evaluated and exported with: averaged when the run averaged. */
import { Tensor } from '../tensor/tensor.js';
import { CheckpointError } from './checkpoint-error.js';
import type { LoadedCheckpoint } from './checkpoint.js';

/**
 * The weights to evaluate or export a checkpoint with: the averaged weights when the run averaged its
 * iterates (`checkpoint.evaluate === 'averaged'`: what the run's held-out metrics were computed
 * with), else the raw weights. Averages are rounded to each weight's dtype; buffers (e.g. BatchNorm
 * statistics) are the raw ones, as during training's evaluation.
 *
 * @example
 * ```ts
 * const checkpoint = await loadCheckpoint('run/best');
 * model.loadStateDict(evaluationWeights(checkpoint));
 * evaluate(model, test, crossEntropy);
 * ```
 */
export function evaluationWeights(checkpoint: Pick<LoadedCheckpoint, 'weights' | 'state' | 'evaluate'> & { path?: string }): Record<string, Tensor> {
  const averaging = checkpoint.state.averaging;
  if (checkpoint.evaluate !== 'averaged' || !averaging) return checkpoint.weights;
  const where = checkpoint.path ?? '<checkpoint>';
  const out: Record<string, Tensor> = { ...checkpoint.weights };
  for (const [name, values] of Object.entries(averaging.averaged)) {
    const raw = Object.hasOwn(checkpoint.weights, name) ? checkpoint.weights[name] : undefined;
    if (!raw) throw new CheckpointError(where, `state.averaging.averaged.${name}`, 'averages a weight the checkpoint does not have');
    if (raw.data.length !== values.length) {
      throw new CheckpointError(where, `state.averaging.averaged.${name}`, `has ${values.length} values but weight '${name}' has ${raw.data.length}`);
    }
    const data = raw.data instanceof Float32Array ? Float32Array.from(values) : raw.data instanceof Float64Array ? Float64Array.from(values) : null;
    if (!data) throw new CheckpointError(where, `state.averaging.averaged.${name}`, `weight '${name}' is ${raw.dtype}, which is not averaged`);
    out[name] = new Tensor(data, raw.shape);
  }
  return out;
}
