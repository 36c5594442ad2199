import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DataLoader } from '../../src/data/data-loader.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Dropout, Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { SGD } from '../../src/optim/optimizers/sgd.js';
import { oneCycleLR } from '../../src/schedules/one-cycle-lr.js';
import { stepLR } from '../../src/schedules/step-lr.js';
import { reduceLROnPlateau } from '../../src/schedules/reduce-lr-on-plateau.js';
import { manualSeed, Random } from '../../src/tensor/random.js';
import { fit, loadCheckpoint, saveCheckpoint, type FitOptions, type FitResult } from '../../src/train/index.js';
import { tinyTask } from './checkpoint-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withoutTime } from '../helpers/epoch-history.js';

const EPOCHS = 4;
/** 48 training samples in batches of 10: 5 batches per epoch, the last one short. */
const BATCHES = 5;

type Setup = 'adam+step+dropout' | 'sgd-momentum+one-cycle-per-update' | 'adam+plateau';

function build(setup: Setup) {
  manualSeed(7);
  const random = new Random(5);
  const model = new Sequential(new Linear(2, 12, { random }), new Tanh(), new Dropout(0.2), new Linear(12, 2, { random }));
  const { train, test } = tinyTask(9);
  const data = new DataLoader(train, { batchSize: 10, seed: 2 });
  const base = { loss: crossEntropy, data, validation: test, epochs: EPOCHS };
  let options: FitOptions;
  if (setup === 'adam+step+dropout') {
    options = { ...base, optimizer: new Adam(model.namedParameters(), { learningRate: 0.02 }), schedule: stepLR({ learningRate: 0.02, stepSize: 1, gamma: 0.7 }) };
  } else if (setup === 'sgd-momentum+one-cycle-per-update') {
    options = {
      ...base, optimizer: new SGD(model.namedParameters(), { learningRate: 0.1, momentum: 0.9 }),
      schedule: oneCycleLR({ maxLr: 0.2, totalSteps: EPOCHS * BATCHES }), scheduleUnit: 'update',
    };
  } else {
    options = { ...base, optimizer: new Adam(model.namedParameters(), { learningRate: 0.05 }), plateau: reduceLROnPlateau({ patience: 0, factor: 0.5 }) };
  }
  return { model, options };
}


async function straight(setup: Setup) {
  const { model, options } = build(setup);
  const result = await fit(model, options);
  return { result, weights: model.stateDict() };
}

/** Trains, stopping after each update count in `stops`, resuming each time from a checkpoint on disk. */
async function interrupted(setup: Setup, stops: number[]) {
  const dir = tempDir('stop');
  let resumeFrom: string | null = null;
  let result: FitResult | null = null;
  let model: Sequential | null = null;
  const reasons: string[] = [];
  for (let leg = 0; leg <= stops.length; leg++) {
    const built = build(setup);
    // A different global generator before the resume: the checkpoint must restore it.
    if (leg > 0) manualSeed(1000 + leg);
    model = built.model;
    let resume;
    if (resumeFrom) {
      const checkpoint = await loadCheckpoint(resumeFrom, { expect: { model, optimizer: built.options.optimizer as Adam } });
      model.loadStateDict(checkpoint.weights);
      resume = checkpoint.state;
    }
    let seen = 0;
    const stopAt = stops[leg];
    result = await fit(model, {
      ...built.options,
      ...(resume ? { resume } : {}),
      callbacks: { onBatchEnd: (info) => { seen = info.updates; } },
      shouldStop: () => stopAt !== undefined && seen >= stopAt,
    });
    reasons.push(result.stopReason);
    if (result.stopReason === 'interrupted') {
      resumeFrom = join(dir, `last${leg}`);
      await saveCheckpoint(resumeFrom, model.stateDict(), result.state, {});
    }
  }
  return { result: result!, weights: model!.stateDict(), reasons };
}

describe('fit: a stop request, then resume, finishes bit for bit like an uninterrupted run', () => {
  const setups: Setup[] = ['adam+step+dropout', 'sgd-momentum+one-cycle-per-update', 'adam+plateau'];
  // Update counts: mid-epoch (3, 7, 12), the last batch of an epoch (5, 10: the epoch is finished first), and two stops in one run.
  const plans = [[3], [7], [5], [10, 12], [1, 2, 13]];
  for (const setup of setups) {
    it(`${setup}: stops after updates ${plans.map((p) => p.join('+')).join(', ')}`, async () => {
      const reference = await straight(setup);
      expect(reference.result.stopReason).toBe('epochs');
      for (const stops of plans) {
        const run = await interrupted(setup, stops);
        expect(run.reasons, String(stops)).toEqual([...stops.map(() => 'interrupted'), 'epochs']);
        expect(withoutTime(run.result.history), String(stops)).toEqual(withoutTime(reference.result.history));
        for (const [name, t] of Object.entries(reference.weights)) {
          expect(Array.from(run.weights[name]!.data), `${stops}: ${name}`).toEqual(Array.from(t.data));
        }
      }
    });
  }

  it('a mid-epoch state records the partial epoch; one after the last batch does not', async () => {
    const { model, options } = build('adam+step+dropout');
    let seen = 0;
    const mid = await fit(model, { ...options, callbacks: { onBatchEnd: (i) => { seen = i.updates; } }, shouldStop: () => seen >= 3 });
    expect(mid.stopReason).toBe('interrupted');
    expect(mid.state.epoch).toBe(0);
    expect(mid.state.updates).toBe(3);
    expect(mid.state.partialEpoch).toMatchObject({ batch: 3, samples: 30 });
    expect(mid.state.loader.batch).toBe(3);
    const b = build('adam+step+dropout');
    seen = 0;
    const end = await fit(b.model, { ...b.options, callbacks: { onBatchEnd: (i) => { seen = i.updates; } }, shouldStop: () => seen >= 5 });
    expect(end.stopReason).toBe('interrupted');
    expect(end.state.epoch).toBe(1);
    expect(end.history).toHaveLength(1);
    expect(end.state.partialEpoch).toBeUndefined();
    // A mid-epoch loader without its partial epoch would count batches twice: refused.
    const { partialEpoch: _p, ...torn } = mid.state;
    const c = build('adam+step+dropout');
    await expect(fit(c.model, { ...c.options, resume: torn })).rejects.toThrow(/loader is at batch 3 of its epoch, but its partial epoch records 0 batches/);
  });
});

describe('fit: best means best', () => {
  /** A fit whose held-out losses are given: the model is irrelevant, the validation set is replaced by a scripted evaluation. */
  async function bests(losses: number[], options: Partial<FitOptions> = {}) {
    const { model, options: base } = build('adam+step+dropout');
    const flags: boolean[] = [];
    let epoch = 0;
    const result = await fit(model, {
      ...base,
      epochs: losses.length,
      ...options,
      callbacks: { onEpochBegin: (e) => { epoch = e; } },
      // The held-out loss is scripted by wrapping the loss function during evaluation only.
      loss: (out, target) => {
        const l = crossEntropy(out, target);
        return (model as unknown as { training: boolean }).training ? l : l.mul(0).add(losses[epoch - 1]!);
      },
      onCheckpoint: (_s, { isBest }) => { flags.push(isBest); },
    });
    return { flags, result };
  }

  it('is the epoch with the lowest held-out loss, without early stopping; ties keep the earlier; NaN and Infinity never win', async () => {
    const { flags, result } = await bests([5, 3, 4, 3, NaN, Infinity, 2.5, 7]);
    expect(flags).toEqual([true, true, false, false, false, false, true, false]);
    expect(result.bestEpoch).toBe(7);
  });

  it('a diverging run keeps its first epoch as best', async () => {
    const { flags, result } = await bests([1, 10, 1e10, 5e36]);
    expect(flags).toEqual([true, false, false, false]);
    expect(result.bestEpoch).toBe(1);
  });

  it('a first epoch with a non-finite loss is not best, the next finite one is', async () => {
    const { flags } = await bests([NaN, 4, 6]);
    expect(flags).toEqual([false, true, false]);
  });

  it('follows the early-stopping metric with early stopping on (non-finite never improves)', async () => {
    const { flags, result } = await bests([5, NaN, 3, 4], { earlyStopping: { patience: 10, restoreBest: false } });
    expect(flags).toEqual([true, false, true, false]);
    expect(result.bestEpoch).toBe(3);
  });
});
