/** A tiny trained model with Adam state, for checkpoint tests. */
import { DataLoader } from '../../src/data/data-loader.js';
import { moons } from '../../src/data/datasets/moons.js';
import { splitDataset } from '../../src/data/split.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { Random } from '../../src/tensor/random.js';
import { fit, type FitOptions, type TrainingState } from '../../src/train/index.js';

export function tinyModel(seed = 1, hidden = 8): Sequential {
  const random = new Random(seed);
  return new Sequential(new Linear(2, hidden, { random }), new Tanh(), new Linear(hidden, 2, { random }));
}

export function tinyTask(seed = 3) {
  return splitDataset(moons({ samples: 64, noise: 0.1, seed }), { train: 0.75, test: 0.25, validation: 0, seed });
}

/** Trains `epochs` epochs; returns the model, optimizer and the last checkpointed state. */
export async function trained(epochs = 2, extra: Partial<FitOptions> = {}) {
  const { train, test } = tinyTask();
  const model = tinyModel();
  const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
  let state: TrainingState | null = null;
  const result = await fit(model, {
    loss: crossEntropy, optimizer, data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs,
    onCheckpoint: (s) => { state = s; },
    ...extra,
  });
  return { model, optimizer, state: state! as TrainingState, result };
}
