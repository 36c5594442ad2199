import { describe, expect, it } from 'vitest';
import { isBatchNorm, updateBatchNorm, type BatchNormStatistics } from '../../src/averaging/index.js';

/** A stand-in BatchNorm layer implementing PyTorch's running statistics (momentum null: cumulative). */
class FakeBatchNorm implements BatchNormStatistics {
  runningMean = Float64Array.from([5]);
  runningVar = Float64Array.from([5]);
  momentum: number | null = 0.1;
  numBatchesTracked = 17;
  momentaSeen: (number | null)[] = [];
  observe(batchMean: number, batchVar: number): void {
    this.momentaSeen.push(this.momentum);
    this.numBatchesTracked += 1;
    const f = this.momentum ?? 1 / this.numBatchesTracked;
    this.runningMean[0] = (1 - f) * this.runningMean[0]! + f * batchMean;
    this.runningVar[0] = (1 - f) * this.runningVar[0]! + f * batchVar;
  }
}

function fakeModel(bn: FakeBatchNorm[]) {
  const model = {
    training: false,
    trainCalls: [] as boolean[],
    train(mode: boolean) {
      this.training = mode;
      this.trainCalls.push(mode);
    },
    modules: () => [model, { weight: new Float64Array(2) }, ...bn],
  };
  return model;
}

describe('updateBatchNorm', () => {
  it('recomputes the statistics as the equal-weight mean over the batches, in training mode', () => {
    const bn = new FakeBatchNorm();
    const model = fakeModel([bn]);
    const batches = [{ mean: 1, var: 2 }, { mean: 3, var: 4 }, { mean: 8, var: 0 }];
    const modes: boolean[] = [];
    const n = updateBatchNorm(model, batches, (batch) => {
      modes.push(model.training);
      bn.observe(batch.mean, batch.var);
    });
    expect(n).toBe(1);
    expect(modes).toEqual([true, true, true]);
    expect(bn.momentaSeen).toEqual([null, null, null]);
    expect(bn.runningMean[0]).toBeCloseTo(4, 14);
    expect(bn.runningVar[0]).toBeCloseTo(2, 14);
    expect(bn.numBatchesTracked).toBe(3);
    expect(bn.momentum).toBe(0.1);
    expect(model.training).toBe(false);
  });

  it('restores momentum and the training flag when forward throws; uses resetRunningStats if present', () => {
    const bn = Object.assign(new FakeBatchNorm(), { resetRunningStats() { bn.runningMean.fill(0); bn.runningVar.fill(1); bn.numBatchesTracked = 0; bn.resets++; }, resets: 0 });
    const model = fakeModel([bn]);
    model.training = true;
    expect(() => updateBatchNorm(model, [1], () => { throw new Error('bad batch'); })).toThrow('bad batch');
    expect(bn.momentum).toBe(0.1);
    expect(bn.resets).toBe(1);
    expect(model.training).toBe(true);
  });

  it('does nothing without BatchNorm layers', () => {
    const model = fakeModel([]);
    let visited = 0;
    expect(updateBatchNorm(model, [1, 2], () => visited++)).toBe(0);
    expect(visited).toBe(0);
    expect(model.trainCalls).toEqual([]);
    expect(isBatchNorm({ runningMean: [0], runningVar: new Float32Array(1), numBatchesTracked: 0, momentum: 0.1 })).toBe(false);
  });
});
