import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataLoader } from '../../src/data/data-loader.js';
import { moons } from '../../src/data/datasets/moons.js';
import { noisyFunction } from '../../src/data/datasets/noisy-function.js';
import { splitDataset } from '../../src/data/split.js';
import { Dropout, Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { SGD } from '../../src/optim/optimizers/sgd.js';
import { crossEntropy, mseLoss } from '../../src/losses/index.js';
import { manualSeed, Random } from '../../src/tensor/random.js';
import { fit, NonFiniteError, type FitOptions, type TrainingState } from '../../src/train/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { stepLR } from '../../src/schedules/step-lr.js';
import { tempDir } from '../helpers/temp-dir.js';

const loss = (o: Parameters<typeof crossEntropy>[0], t: Parameters<typeof crossEntropy>[1]) => crossEntropy(o, t);

function moonsTask(seed: number) {
  const data = moons({ samples: 400, noise: 0.1, seed });
  return splitDataset(data, { train: 0.75, test: 0.25, validation: 0, seed });
}

function mlp(seed: number, dropout = 0) {
  const random = new Random(seed);
  const layers = [new Linear(2, 32, { random }), new Tanh()];
  if (dropout > 0) layers.push(new Dropout(dropout) as never);
  return new Sequential(...layers, new Linear(32, 2, { random }));
}

describe('fit trains small models to a stated held-out accuracy', () => {
  const cases: Array<[string, (m: Sequential) => FitOptions['optimizer'], number]> = [
    ['SGD (lr 0.5)', (m) => new SGD(m.namedParameters(), { learningRate: 0.5 }), 0.95],
    ['SGD momentum 0.9 (lr 0.1)', (m) => new SGD(m.namedParameters(), { learningRate: 0.1, momentum: 0.9 }), 0.95],
    ['Adam (lr 0.02)', (m) => new Adam(m.namedParameters(), { learningRate: 0.02 }), 0.95],
  ];
  for (const [name, makeOptimizer, accuracy] of cases) {
    it(`${name} on moons reaches >= ${accuracy * 100}%`, async () => {
      const { train, test } = moonsTask(3);
      const model = mlp(1);
      const result = await fit(model, { loss, optimizer: makeOptimizer(model), data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs: 40 });
      const last = result.history[result.history.length - 1]!;
      expect(1 - last.validationError!).toBeGreaterThanOrEqual(accuracy);
      expect(last.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    });
  }

  it('records one history row per epoch with the learning rate of each epoch', async () => {
    const { train, test } = moonsTask(4);
    const model = mlp(2);
    const optimizer = new SGD(model.namedParameters(), { learningRate: 0.4 });
    const result = await fit(model, { loss, optimizer, data: new DataLoader(train, { batchSize: 'full' }), validation: test, epochs: 6, schedule: stepLR({ learningRate: 0.4, stepSize: 2, gamma: 0.5 }) });
    expect(result.history.map((h) => h.learningRate)).toEqual([0.4, 0.4, 0.2, 0.2, 0.1, 0.1]);
    // Full-batch descent: one update per epoch.
    expect(result.history.map((h) => h.updates)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('resume', () => {
  async function run(epochs: number, resume?: { state: TrainingState; weights: Record<string, unknown> }) {
    const { train, test } = moonsTask(5);
    manualSeed(11);
    const model = mlp(7, 0.2); // dropout draws from the global generator: it must be restored too
    if (resume) model.loadStateDict(resume.weights as never);
    const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
    const data = new DataLoader(train, { batchSize: 32, seed: 3 });
    let saved: TrainingState | null = null;
    const result = await fit(model, {
      loss, optimizer, data, validation: test, epochs,
      ...(resume ? { resume: resume.state } : {}),
      onCheckpoint: (state) => { saved = state; },
    });
    return { model, result, saved: saved! };
  }

  it('a run stopped after epoch k and resumed ends bit-identical to an uninterrupted run', async () => {
    const straight = await run(6);
    const first = await run(3);
    const dir = tempDir('resume');
    await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), first.saved, { note: 'test' });
    const loaded = await loadCheckpoint(join(dir, 'last'));
    const resumed = await run(6, { state: JSON.parse(JSON.stringify(loaded.state)) as TrainingState, weights: loaded.weights });
    for (const [name, p] of straight.model.namedParameters()) {
      expect(Array.from(resumed.model.getParameter(name).data), name).toEqual(Array.from(p.data));
    }
    expect(resumed.result.history).toHaveLength(6);
    expect(resumed.result.history.map((h) => h.trainLoss)).toEqual(straight.result.history.map((h) => h.trainLoss));
  });

  it('a crash while the next checkpoint is being written leaves the previous one loadable', async () => {
    const dir = tempDir('crash');
    const first = await run(2);
    await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), first.saved, {});
    // The next save died after writing part of its new weights file, before switching the JSON.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, `last.e3.u${first.saved!.updates + 10}.safetensors`), new Uint8Array([1, 2, 3]));
    const loaded = await loadCheckpoint(join(dir, 'last'));
    expect(loaded.state.epoch).toBe(2);
    for (const [name, p] of first.model.namedParameters()) expect(Array.from(loaded.weights[name]!.data), name).toEqual(Array.from(p.data));
  });

  it('checkpoints keep exactly one weights file per prefix and reject a foreign JSON', async () => {
    const dir = tempDir('ckpt');
    const first = await run(2);
    await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), first.saved, {});
    await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), { ...first.saved, epoch: 3, updates: 20 }, {});
    expect(readdirSync(dir).sort()).toEqual(['last.e3.u20.safetensors', 'last.e3.u20.state.safetensors', 'last.json']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    await expect(loadCheckpoint(join(dir, 'other'))).rejects.toThrow(/not a descent checkpoint/);
    writeFileSync(join(dir, 'broken.json'), '{"format": "descent-che');
    await expect(loadCheckpoint(join(dir, 'broken'))).rejects.toThrow(/is not valid JSON/);
  });
});

describe('resume with a Dropout that has its own generator', () => {
  // The dropout masks come from the layer's Random, not the library-wide one: the checkpoint must
  // carry that generator's state (the model's extra state) for the resumed run to draw the same masks.
  function model() {
    const random = new Random(7);
    return new Sequential(new Linear(2, 32, { random }), new Tanh(), new Dropout(0.3, { random: new Random(21) }), new Linear(32, 2, { random }));
  }

  async function run(epochs: number, resume?: { state: TrainingState; weights: Record<string, unknown> }) {
    const { train, test } = moonsTask(8);
    manualSeed(5);
    const m = model();
    if (resume) m.loadStateDict(resume.weights as never);
    const optimizer = new SGD(m.namedParameters(), { learningRate: 0.2, momentum: 0.9 });
    const data = new DataLoader(train, { batchSize: 16, seed: 2 });
    let saved: TrainingState | null = null;
    const result = await fit(m, {
      loss, optimizer, data, validation: test, epochs,
      ...(resume ? { resume: resume.state } : {}),
      onCheckpoint: (state) => { saved = state; },
    });
    return { model: m, result, saved: saved! };
  }

  it('resumed after epoch 2 of 5 (through a checkpoint on disk), it ends bit-identical to an uninterrupted run', async () => {
    const straight = await run(5);
    const first = await run(2);
    expect(Object.keys(first.saved.extraState)).toEqual(['2']);
    const dir = tempDir('resume-dropout');
    await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), first.saved, {});
    const loaded = await loadCheckpoint(join(dir, 'last'));
    expect(loaded.state.extraState).toEqual(first.saved.extraState);
    const resumed = await run(5, { state: loaded.state, weights: loaded.weights });
    for (const [name, p] of straight.model.namedParameters()) {
      expect(Array.from(resumed.model.getParameter(name).data), name).toEqual(Array.from(p.data));
    }
    expect(resumed.result.history.map((h) => h.trainLoss)).toEqual(straight.result.history.map((h) => h.trainLoss));
    expect(resumed.saved.extraState).toEqual(straight.saved.extraState);
  });

  it('a resume state without extraState (saved before descent kept module state) is an error naming the module', async () => {
    const first = await run(1);
    const { extraState: _dropped, ...old } = first.saved;
    await expect(run(2, { state: old as TrainingState, weights: first.model.stateDict() })).rejects.toThrow(
      "fit: the resume state has no extraState, but modules '2' of the model have some",
    );
  });
});

describe('non-finite values stop training with a precise message', () => {
  it('names the epoch, the batch and the first non-finite parameter or the loss', async () => {
    // Regression with a step far beyond 2/λmax: the iterates grow geometrically until they overflow.
    const data = noisyFunction({ samples: 64, seed: 1 });
    const model = new Sequential(new Linear(1, 1, { random: new Random(1) }));
    const optimizer = new SGD(model.namedParameters(), { learningRate: 1e6 });
    const checkpoints: number[] = [];
    const error = await fit(model, {
      loss: (o, t) => mseLoss(o, t.reshape(o.shape)), optimizer, data: new DataLoader(data, { batchSize: 8, seed: 1 }), epochs: 50,
      onCheckpoint: (s) => void checkpoints.push(s.epoch),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    const e = error as NonFiniteError;
    expect(e.message).toMatch(/^non-finite (loss|gradient|parameter) .*at epoch \d+, batch \d+/);
    expect(e.epoch).toBeGreaterThanOrEqual(1);
    // Checkpoints were only written for epochs that completed cleanly.
    expect(checkpoints.every((epoch) => epoch < e.epoch)).toBe(true);
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', async () => {
    const { train, test } = moonsTask(6);
    const model = mlp(4);
    const optimizer = new SGD(model.namedParameters(), { learningRate: 0 }); // no progress at all
    const result = await fit(model, { loss, optimizer, data: new DataLoader(train, { batchSize: 32 }), validation: test, epochs: 20, earlyStopping: { patience: 3 } });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.history).toHaveLength(4);
    expect(result.bestEpoch).toBe(1);
  });

  it('rejects early stopping or plateau decay without validation data', async () => {
    const { train } = moonsTask(6);
    const model = mlp(4);
    const optimizer = new SGD(model.namedParameters(), { learningRate: 0.1 });
    await expect(fit(model, { loss, optimizer, data: new DataLoader(train, { batchSize: 32 }), epochs: 2, earlyStopping: {} })).rejects.toThrow(/needs `validation`/);
  });
});

