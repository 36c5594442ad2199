import { describe, expect, it } from 'vitest';
import { moduleParameters, swa, withAveragedModule, type AveragingState } from '../../src/averaging/index.js';
import { BatchNorm1d, Linear, Sequential, updateBatchNormStatistics } from '../../src/nn/index.js';
import { randn } from '../../src/tensor/creation.js';
import { Random } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function makeModel() {
  const random = new Random(7);
  return new Sequential(new Linear(3, 4, { dtype: 'float64', random }), new BatchNorm1d(4, { dtype: 'float64' }), new Linear(4, 2, { dtype: 'float64', random }));
}

const snapshot = (model: ReturnType<typeof makeModel>) => ({
  params: model.namedParameters().map(([n, p]) => [n, Array.from(p.data)]),
  buffers: model.namedBuffers().map(([n, b]) => [n, Array.from(b.data)]),
  training: model.training,
});

describe('averaging an nn Module (SWA with BatchNorm)', () => {
  const random = new Random(1);
  const batches: Tensor[] = [0, 1, 2].map(() => randn([5, 3], { dtype: 'float64', random }));

  function trainAndAverage(model: ReturnType<typeof makeModel>): AveragingState {
    const avg = swa();
    let state = avg.init(moduleParameters(model));
    for (let epoch = 0; epoch < 4; epoch++) {
      // a stand-in for training: move the weights, and run forward passes that update the BN statistics
      for (const [, p] of model.namedParameters()) for (let i = 0; i < p.data.length; i++) p.data[i] = p.data[i]! + 0.1 * Math.sin(epoch + i);
      for (const x of batches) model.forward(x);
      state = avg.update(state, moduleParameters(model));
    }
    return state;
  }

  it('evaluates with averaged weights and recomputed statistics, then restores parameters, buffers and mode', () => {
    const model = makeModel();
    const state = trainAndAverage(model);
    model.eval();
    const before = snapshot(model);

    // Reference: a second model holding the averaged weights, its statistics recomputed by nn directly.
    const reference = makeModel();
    for (const [name, p] of reference.namedParameters()) p.data.set(state.averaged[name]!);
    updateBatchNormStatistics(reference, batches);
    const expectedBuffers = reference.namedBuffers().map(([n, b]) => [n, Array.from(b.data)]);
    const expectedOutput = Array.from((reference.eval().forward(batches[0]!) as Tensor).data);

    const seen = withAveragedModule(state, model, () => ({
      params: model.namedParameters().map(([n, p]) => [n, Array.from(p.data)]),
      buffers: model.namedBuffers().map(([n, b]) => [n, Array.from(b.data)]),
      output: Array.from((model.eval().forward(batches[0]!) as Tensor).data),
    }), { batches });

    expect(seen.params).toEqual(Object.entries(state.averaged).map(([n, a]) => [n, Array.from(a)]));
    expect(seen.buffers).toEqual(expectedBuffers);
    expect(seen.output).toEqual(expectedOutput);
    expect(snapshot(model)).toEqual(before);
  });

  it('restores everything when the evaluation throws', () => {
    const model = makeModel();
    const state = trainAndAverage(model);
    const before = snapshot(model);
    expect(() => withAveragedModule(state, model, () => {
      model.eval();
      throw new Error('evaluation failed');
    }, { batches })).toThrow('evaluation failed');
    expect(snapshot(model)).toEqual(before);
  });
});
