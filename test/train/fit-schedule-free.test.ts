/**
 * fit with a Schedule-Free optimizer: updates in train mode (parameters at y), held-out evaluation,
 * checkpoints and the returned weights in eval mode (parameters at the average x), and a stop →
 * resume that continues bit for bit from a state whose weights are x.
 */
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../../src/data/data-loader.js';
import { moons } from '../../src/data/datasets/moons.js';
import { splitDataset } from '../../src/data/split.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { AdamWScheduleFree } from '../../src/optim/optimizers/adamw-schedule-free.js';
import { SGDScheduleFree } from '../../src/optim/optimizers/sgd-schedule-free.js';
import { Random } from '../../src/tensor/random.js';
import { evaluate, fit } from '../../src/train/index.js';
import { withoutTime } from '../helpers/epoch-history.js';

const loss = (o: Parameters<typeof crossEntropy>[0], t: Parameters<typeof crossEntropy>[1]) => crossEntropy(o, t);

function task() {
  const data = moons({ samples: 120, noise: 0.1, seed: 5 });
  return splitDataset(data, { train: 0.75, test: 0.25, validation: 0, seed: 5 });
}

function build() {
  const random = new Random(3);
  const model = new Sequential(new Linear(2, 8, { random }), new Tanh(), new Linear(8, 2, { random }));
  const optimizer = new AdamWScheduleFree(model.namedParameters(), { learningRate: 0.02, warmupSteps: 3 });
  return { model, optimizer };
}

const flat = (model: Sequential): number[] => model.namedParameters().flatMap(([, p]) => Array.from(p.data));

describe('fit with Schedule-Free: train mode for updates, eval mode for evaluation', () => {
  it('computes the held-out loss at the averaged point x, and returns the model at x', async () => {
    const { train, test } = task();
    const { model, optimizer } = build();
    const evaluatedAt: number[][] = [];
    const result = await fit(model, {
      loss, optimizer, data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs: 2,
      callbacks: { onEpochEnd: () => { evaluatedAt.push(flat(model)); } },
    });
    expect(optimizer.mode).toBe('eval');
    // The parameters hold x: the optimizer state's averaged point.
    const x = model.namedParameters().flatMap(([name]) => Array.from(optimizer.stateOf(name)!.x));
    expect(flat(model)).toEqual(x);
    expect(evaluatedAt[1]).toEqual(x);
    // The recorded held-out loss is the loss at x, not at the training point y.
    const last = result.history[1]!;
    expect(last.validationLoss).toBe(evaluate(model, test, loss).loss);
    optimizer.train();
    const atY = evaluate(model, test, loss).loss;
    expect(atY).not.toBe(last.validationLoss);
    expect(flat(model)).not.toEqual(x);
    // Back to x: eval() is exact.
    optimizer.eval();
    expect(flat(model)).toEqual(x);
  });

  it('checkpoints see the eval-point weights and the optimizer in eval mode', async () => {
    const { train, test } = task();
    const { model, optimizer } = build();
    const seen: Array<{ weights: number[]; x: number[]; mode: string }> = [];
    await fit(model, {
      loss, optimizer, data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs: 2,
      onCheckpoint: () => {
        seen.push({ weights: flat(model), x: model.namedParameters().flatMap(([name]) => Array.from(optimizer.stateOf(name)!.x)), mode: optimizer.mode });
      },
    });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.mode).toBe('eval');
      expect(s.weights).toEqual(s.x);
    }
  });

  it('stop → resume (from the eval-point weights) continues bit for bit', async () => {
    const { train, test } = task();
    const straight = build();
    const reference = await fit(straight.model, { loss, optimizer: straight.optimizer, data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs: 3 });

    const first = build();
    const data = new DataLoader(train, { batchSize: 16, seed: 1 });
    let seen = 0;
    const stopped = await fit(first.model, {
      loss, optimizer: first.optimizer, data, validation: test, epochs: 3,
      callbacks: { onBatchEnd: (i) => { seen = i.updates; } }, shouldStop: () => seen === 9,
    });
    expect(stopped.stopReason).toBe('interrupted');
    // Stopped in eval mode: the weights a checkpoint would save are x.
    expect(first.optimizer.mode).toBe('eval');
    const weights = flat(first.model);
    expect(weights).toEqual(first.model.namedParameters().flatMap(([name]) => Array.from(first.optimizer.stateOf(name)!.x)));

    // A fresh model and optimizer, loaded from what a checkpoint holds: x and the state dict.
    const second = build();
    let off = 0;
    for (const [, p] of second.model.namedParameters()) {
      p.data.set(weights.slice(off, off + p.data.length));
      off += p.data.length;
    }
    const resumed = await fit(second.model, {
      loss, optimizer: second.optimizer, data: new DataLoader(train, { batchSize: 16, seed: 1 }), validation: test, epochs: 3,
      resume: JSON.parse(JSON.stringify(stopped.state)),
    });
    expect(withoutTime(resumed.history)).toEqual(withoutTime(reference.history));
    expect(flat(second.model)).toEqual(flat(straight.model));
  });

  it('step() in eval mode is an error naming the fix', () => {
    const random = new Random(1);
    const layer = new Linear(2, 1, { random });
    const opt = new SGDScheduleFree(layer.namedParameters(), { learningRate: 0.1 });
    opt.eval();
    expect(() => opt.step()).toThrow('SGDScheduleFree: step() in eval mode: call optimizer.train() before training');
  });
});
