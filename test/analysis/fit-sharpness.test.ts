import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d, DataLoader, Dropout, Linear, Random, SGD, Sequential, Tanh, crossEntropy, fit, hessianEigenvalues, manualSeed, moons, splitDataset,
  type FitOptions, type SharpnessRecord,
} from '../../src/index.js';
import { validateTrainingState } from '../../src/train/checkpoint-state.js';

function task() {
  return splitDataset(moons({ samples: 120, noise: 0.1, seed: 2 }), { train: 0.75, test: 0.25, validation: 0, seed: 2 });
}

function mlp(seed: number, extras = false): Sequential {
  const random = new Random(seed);
  return extras
    ? new Sequential(new Linear(2, 8, { random }), new BatchNorm1d(8), new Tanh(), new Dropout(0.2), new Linear(8, 2, { random }))
    : new Sequential(new Linear(2, 8, { random }), new Tanh(), new Linear(8, 2, { random }));
}

describe('fit({ sharpness })', () => {
  it('full-batch descent: λmax every 3 updates, equal to an independent Lanczos run on the same weights, next to 2/η', async () => {
    const { train } = task();
    const model = mlp(1);
    const independent: number[] = [];
    const result = await fit(model, {
      loss: crossEntropy,
      optimizer: new SGD(model.namedParameters(), { learningRate: 0.5 }),
      data: new DataLoader(train, { batchSize: 'full' }),
      epochs: 10,
      sharpness: { every: 3, iterations: 30 },
      callbacks: {
        // onBatchEnd sees the weights the measurement saw: compute λmax of the full training loss exactly (n = 42 products).
        onBatchEnd: ({ updates }) => {
          if (updates % 3 !== 0) return;
          const loss = () => crossEntropy(model.forward(train.features), train.labels);
          independent.push(hessianEigenvalues(loss, model.namedParameters(), { iterations: 42, which: 'largest', tol: 0 }).values[0]!);
        },
      },
    });
    const records = result.history.flatMap((h) => h.sharpness ?? []);
    expect(records.map((r) => r.update)).toEqual([3, 6, 9]);
    expect(result.history.map((h) => (h.sharpness ?? []).length)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
    records.forEach((r, i) => {
      expect(r.twoOverLr).toBe(4);
      expect(r.sharpness).toBeGreaterThan(0);
      expect(Math.abs(r.sharpness - independent[i]!)).toBeLessThan(1e-3 * independent[i]!);
    });
  });

  it('mini-batches: measurements at every 5th update across epoch boundaries; training is unchanged bit for bit (dropout, batch norm)', async () => {
    const { train } = task();
    const run = async (sharpness?: FitOptions['sharpness']) => {
      manualSeed(9);
      const model = mlp(4, true);
      const result = await fit(model, {
        loss: crossEntropy,
        optimizer: new SGD(model.namedParameters(), { learningRate: 0.1, momentum: 0.9 }),
        data: new DataLoader(train, { batchSize: 16, seed: 3 }), // 90 samples: 6 updates per epoch
        epochs: 3,
        ...(sharpness ? { sharpness } : {}),
      });
      return { result, state: model.stateDict() };
    };
    const plain = await run();
    const measured = await run({ every: 5, iterations: 10 });
    expect(measured.result.history.map((h) => h.trainLoss)).toEqual(plain.result.history.map((h) => h.trainLoss));
    for (const [name, t] of Object.entries(plain.state)) expect(measured.state[name]!.data).toEqual(t.data);
    expect(Object.keys(plain.state)).toContain("1.running_mean"); // the buffers were compared too
    expect(plain.result.history.every((h) => h.sharpness === undefined)).toBe(true);
    const perEpoch = measured.result.history.map((h) => h.sharpness!.map((r) => r.update));
    expect(perEpoch).toEqual([[5], [10], [15]]);
    const all: SharpnessRecord[] = measured.result.history.flatMap((h) => h.sharpness!);
    all.forEach((r) => {
      expect(Number.isFinite(r.sharpness)).toBe(true);
      expect(r.twoOverLr).toBeCloseTo(20, 12);
    });
  });

  it('a stop mid-epoch keeps the epoch\'s measurements in the resumable state, which validates as a checkpoint state', async () => {
    const { train } = task();
    const model = mlp(5);
    let calls = 0;
    const options: FitOptions = {
      loss: crossEntropy,
      optimizer: new SGD(model.namedParameters(), { learningRate: 0.1 }),
      data: new DataLoader(train, { batchSize: 16, seed: 3 }),
      epochs: 2,
      sharpness: { every: 2, iterations: 8 },
      shouldStop: () => ++calls === 9, // after update 9: epoch 2, batch 3
    };
    const stopped = await fit(model, options);
    expect(stopped.stopReason).toBe('interrupted');
    expect(stopped.state.partialEpoch!.sharpness!.map((r) => r.update)).toEqual([8]);
    const state = validateTrainingState(JSON.parse(JSON.stringify(stopped.state)));
    expect(state.history[0]!.sharpness!.map((r) => r.update)).toEqual([2, 4, 6]);
    expect(state.partialEpoch!.sharpness).toEqual(stopped.state.partialEpoch!.sharpness);
    const resumed = await fit(model, { ...options, shouldStop: undefined, resume: state });
    expect(resumed.history[1]!.sharpness!.map((r) => r.update)).toEqual([8, 10, 12]);
    // An older state without sharpness still validates.
    const old = JSON.parse(JSON.stringify(stopped.state));
    delete old.history[0].sharpness;
    delete old.partialEpoch.sharpness;
    expect(validateTrainingState(old).history[0]!.sharpness).toBeUndefined();
  });

  it('rejects bad options', async () => {
    const { train } = task();
    const model = mlp(1);
    const base = { loss: crossEntropy, optimizer: new SGD(model.namedParameters(), { learningRate: 0.1 }), data: new DataLoader(train, { batchSize: 'full' as const }), epochs: 1 };
    await expect(fit(model, { ...base, sharpness: { every: 0 } })).rejects.toThrow(/sharpness.every must be an integer >= 1/);
    await expect(fit(model, { ...base, sharpness: { every: 2, iterations: 1.5 } })).rejects.toThrow(/sharpness.iterations/);
  });
});
