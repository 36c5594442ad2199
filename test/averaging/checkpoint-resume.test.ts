import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ema, polyak, polynomialDecay, swa, type Averager } from '../../src/averaging/index.js';
import { DataLoader } from '../../src/data/data-loader.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { evaluate, evaluationWeights, fit, loadCheckpoint, saveCheckpoint, type FitResult } from '../../src/train/index.js';
import { tinyModel, tinyTask } from '../train/checkpoint-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withoutTime } from '../helpers/epoch-history.js';

const EPOCHS = 3;
const averagers: Array<[string, () => Averager]> = [
  ['ema', () => ema({ decay: 0.8 })],
  ['polyak', () => polyak()],
  ['swa', () => swa()],
  ['polynomial-decay', () => polynomialDecay()],
];

function build(makeAverager: () => Averager) {
  const model = tinyModel(4);
  const { train, test } = tinyTask(5);
  return {
    model,
    test,
    options: {
      loss: crossEntropy, optimizer: new Adam(model.namedParameters(), { learningRate: 0.03 }),
      data: new DataLoader(train, { batchSize: 16, seed: 3 }), validation: test, epochs: EPOCHS, averaging: makeAverager(),
    },
  };
}


describe('checkpoints with iterate averaging', () => {
  for (const [name, makeAverager] of averagers) {
    it(`${name}: resumed from disk (mid-epoch and at an epoch's end) it ends bit-identical to an uninterrupted run`, async () => {
      const reference = build(makeAverager);
      const straight = await fit(reference.model, reference.options);
      // 48 training samples in batches of 16: 3 updates per epoch. Stop after update 2 (mid-epoch) and 6 (an epoch's end).
      for (const stopAt of [2, 6]) {
        const dir = tempDir(`avg-${name}`);
        const first = build(makeAverager);
        let seen = 0;
        const stopped = await fit(first.model, { ...first.options, callbacks: { onBatchEnd: (i) => { seen = i.updates; } }, shouldStop: () => seen >= stopAt });
        expect(stopped.stopReason).toBe('interrupted');
        await saveCheckpoint(join(dir, 'last'), first.model.stateDict(), stopped.state, {});
        // The averages are binary arrays in the state file, not numbers inline in the JSON.
        expect(readFileSync(join(dir, 'last.json'), 'utf8')).not.toMatch(/"averaged":\{"0\.weight":\[/);
        const second = build(makeAverager);
        const checkpoint = await loadCheckpoint(join(dir, 'last'), { expect: { model: second.model, optimizer: second.options.optimizer } });
        expect(checkpoint.evaluate).toBe('averaged');
        second.model.loadStateDict(checkpoint.weights);
        const resumed: FitResult = await fit(second.model, { ...second.options, resume: checkpoint.state });
        expect(withoutTime(resumed.history), `stop at ${stopAt}`).toEqual(withoutTime(straight.history));
        for (const [key, t] of Object.entries(reference.model.stateDict())) {
          expect(Array.from(second.model.stateDict()[key]!.data), `${stopAt}: ${key}`).toEqual(Array.from(t.data));
        }
        for (const [key, values] of Object.entries(straight.state.averaging!.averaged)) {
          expect(Array.from(resumed.state.averaging!.averaged[key]!), `${stopAt}: averaged ${key}`).toEqual(Array.from(values));
        }
        expect(resumed.state.averaging!.count).toBe(straight.state.averaging!.count);
      }
    });
  }

  it('evaluationWeights reproduce the held-out loss the run logged (the averaged model), the raw weights do not', async () => {
    const run = build(averagers[0]![1]);
    const dir = tempDir('avg-eval');
    const result = await fit(run.model, run.options);
    await saveCheckpoint(join(dir, 'final'), run.model.stateDict(), result.state, {});
    const checkpoint = await loadCheckpoint(join(dir, 'final'));
    const logged = result.history.at(-1)!.validationLoss!;
    const fresh = tinyModel(99);
    fresh.loadStateDict(evaluationWeights(checkpoint));
    expect(evaluate(fresh, run.test, crossEntropy).loss).toBe(logged);
    fresh.loadStateDict(checkpoint.weights);
    expect(evaluate(fresh, run.test, crossEntropy).loss).not.toBe(logged);
  });

  it('a resume state from another averager, or none, is an error', async () => {
    const run = build(() => ema());
    let seen = 0;
    const stopped = await fit(run.model, { ...run.options, callbacks: { onBatchEnd: (i) => { seen = i.updates; } }, shouldStop: () => seen >= 2 });
    const other = build(() => polyak());
    await expect(fit(other.model, { ...other.options, resume: stopped.state })).rejects.toThrow("holds 'ema' averaging state, but the averager is 'polyak'");
    const none = build(() => ema());
    const { averaging: _a, ...options } = none.options;
    await expect(fit(none.model, { ...options, resume: stopped.state })).rejects.toThrow('but averaging is off');
  });
});
