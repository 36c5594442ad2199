/**
 * Tuning inside `compare`: the validation split is carved from the training data (the test split
 * stays the one an untuned comparison uses), tuning runs are measured on it, and the choice follows
 * the validation numbers only.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import {
  chooseSettings, defaultTarget, expandSweep, loadTaskData, parseTuneAxes, runConfiguration, tuningPlan,
  type CompareTask, type Configuration, type RunResult, type TuneOptions,
} from '../../src/experiments/index.js';

const TASK: CompareTask = { dataset: 'moons', model: 'mlp:2-8-2:tanh', loss: 'cross-entropy', epochs: 2, testFraction: 0.2, dataSeed: 0, target: null, validationFraction: 0.25 };

const rows = (d: Dataset): string[] => {
  const xs = d.features.toArray() as number[];
  const width = xs.length / d.length;
  return Array.from({ length: d.length }, (_, i) => xs.slice(i * width, (i + 1) * width).join(','));
};

const base = (): Configuration[] => expandSweep({
  optimizers: [{ name: 'sgd', hyperParameters: {} }, { name: 'adam', hyperParameters: { learningRate: 0.01 } }, { name: 'momentum', hyperParameters: {} }],
  learningRates: [], batchSizes: [16], schedules: ['constant'], averaging: ['none'],
});

const options = (tune: string[], extra: Partial<TuneOptions> = {}): TuneOptions => ({ axes: parseTuneAxes(tune, '--tune'), budget: null, searchSeed: 0, seeds: [1, 2], metric: 'error', ...extra });

/** A run whose last epoch has the given validation error and loss. */
const fake = (configurationId: string, seed: number, error: number, loss: number, failure: string | null = null): RunResult => ({
  configurationId, seed, parameters: 1, failure,
  points: [0, 1].map((epoch) => ({ epoch, updates: epoch, seconds: epoch, trainLoss: 1, validationLoss: epoch ? loss : 1, validationError: epoch ? error : 0.5, learningRate: 0.1 })),
});

describe('the validation split', () => {
  it('is carved from the training split; the test split is the untuned one', async () => {
    const plain = await loadTaskData({ ...TASK, validationFraction: undefined }, false);
    const tuned = await loadTaskData(TASK, false);
    expect(plain.validation).toBeNull();
    expect(rows(tuned.test)).toEqual(rows(plain.test));
    const validation = rows(tuned.validation!);
    expect(validation.length).toBe(Math.round(plain.train.length * 0.25));
    expect(tuned.train.length + validation.length).toBe(plain.train.length);
    const test = new Set(rows(tuned.test));
    const train = new Set(rows(tuned.train));
    expect(validation.filter((r) => test.has(r) || train.has(r))).toEqual([]);
    expect(new Set([...train, ...validation])).toEqual(new Set(rows(plain.train)));
  });

  it('a tuning run trains the same way and is measured on the validation split', async () => {
    const configuration = base()[1]!;
    const onTest = await runConfiguration({ task: TASK, configuration, seed: 3 });
    const onValidation = await runConfiguration({ task: { ...TASK, heldOut: 'validation' }, configuration, seed: 3 });
    expect(onValidation.points.map((p) => p.trainLoss)).toEqual(onTest.points.map((p) => p.trainLoss));
    expect(onValidation.points.map((p) => p.validationLoss)).not.toEqual(onTest.points.map((p) => p.validationLoss));
    await expect(runConfiguration({ task: { ...TASK, validationFraction: undefined, heldOut: 'validation' }, configuration, seed: 3 })).rejects.toThrow(/validationFraction/);
  });
});

describe('tuningPlan', () => {
  it('searches each optimizer over its own free keys, measured on the validation split', () => {
    const plan = tuningPlan(base(), TASK, options(['learningRate=log:0.01..1,3', 'momentum=0.5;0.9']));
    const labels = plan.candidates.map((c) => c.configuration.label);
    // sgd has a momentum hyper-parameter too: the full product; adam fixes its rate and has no momentum.
    expect(labels.filter((l) => l.startsWith('sgd'))).toHaveLength(6);
    expect(labels.filter((l) => l.startsWith('adam'))).toEqual(['adam lr=0.01']);
    expect(plan.untuned.c2).toEqual(['learningRate: fixed at 0.01 on the command line', 'momentum: adam has no such hyper-parameter']);
    expect(plan.candidates[0]!.configuration).toMatchObject({ id: 't1', label: 'sgd lr=0.01 momentum=0.5', hyperParameters: { learningRate: 0.01, momentum: 0.5 } });
    expect(plan.jobs).toHaveLength(plan.candidates.length * 2);
    expect(new Set(plan.jobs.map((j) => j.task.heldOut))).toEqual(new Set(['validation']));
  });

  it('a key no optimizer has, or a task without a validation split, is an error', () => {
    expect(() => tuningPlan(base().slice(1, 2), TASK, options(['momentum=0.5;0.9']))).toThrow('--tune: momentum applies to none of the optimizers (adam)');
    expect(() => tuningPlan(base(), { ...TASK, validationFraction: undefined }, options(['learningRate=0.1;1']))).toThrow(/validation split/);
  });
});

describe('chooseSettings', () => {
  const plan = tuningPlan(base().slice(0, 1), TASK, options(['learningRate=lin:0.1..0.4,4']));
  const ids = plan.candidates.map((c) => c.configuration.id); // lr 0.1, 0.2, 0.3, 0.4

  it('chooses the lowest mean validation error over the seeds', () => {
    const results = [
      fake(ids[0]!, 1, 0.3, 0.6), fake(ids[0]!, 2, 0.3, 0.6),
      fake(ids[1]!, 1, 0.05, 0.2), fake(ids[1]!, 2, 0.25, 0.5), // mean 0.15
      fake(ids[2]!, 1, 0.1, 0.3), fake(ids[2]!, 2, 0.1, 0.3), // mean 0.10: best
      fake(ids[3]!, 1, 0.0, 0.1), fake(ids[3]!, 2, 0.3, 0.1), // best single seed, mean 0.15
    ];
    const { choices } = chooseSettings(plan, results);
    expect(choices[0]!.best.candidate.setting).toEqual({ learningRate: 0.3 });
    expect(choices[0]!.final).toMatchObject({ id: 'c1', label: 'sgd lr=0.3', hyperParameters: { learningRate: 0.3 } });
    expect(choices[0]!.best.finalError).toMatchObject({ mean: 0.1, count: 2 });
  });

  it('ties go to the lower validation loss; a setting that diverged on a seed is never chosen', () => {
    const results = [
      fake(ids[0]!, 1, 0.1, 0.5), fake(ids[0]!, 2, 0.1, 0.5),
      fake(ids[1]!, 1, 0.1, 0.3), fake(ids[1]!, 2, 0.1, 0.3),
      fake(ids[2]!, 1, 0.0, 0.1), fake(ids[2]!, 2, 0.0, 0.1, 'non-finite loss at epoch 1'),
      fake(ids[3]!, 1, 0.1, 0.4), fake(ids[3]!, 2, 0.1, 0.4),
    ];
    const { choices } = chooseSettings(plan, results);
    expect(choices[0]!.best.candidate.setting).toEqual({ learningRate: 0.2 });
    expect(choices[0]!.scores[2]!.score).toBe(Infinity);
  });

  it('the loss metric ignores errors', () => {
    const lossPlan = { ...plan, options: { ...plan.options, metric: 'loss' as const } };
    const results = ids.flatMap((id, i) => [fake(id, 1, 0.1 * i, 1 - 0.2 * i), fake(id, 2, 0.1 * i, 1 - 0.2 * i)]);
    expect(chooseSettings(lossPlan, results).choices[0]!.best.candidate.setting).toEqual({ learningRate: 0.4 });
    expect(chooseSettings(plan, results).choices[0]!.best.candidate.setting).toEqual({ learningRate: 0.1 });
  });

  it('the default target is 1.1 × the best mean final error', () => {
    expect(defaultTarget([{ mean: 0.2, min: 0.1, max: 0.3, count: 2 }, null, { mean: 0.1, min: 0.1, max: 0.1, count: 1 }])).toBeCloseTo(0.11, 12);
    expect(defaultTarget([null])).toBeNull();
  });
});

describe('sensitivity curves', () => {
  it('one line per tuned configuration; with two tuned keys, the slice through the chosen setting', async () => {
    const { sensitivityFigures } = await import('../../src/experiments/compare/tuning-report.js');
    const plan = tuningPlan(base().slice(0, 1), TASK, options(['learningRate=0.1;1', 'momentum=0;0.5;0.9']));
    // Loss falls with momentum at lr 0.1, and is poor everywhere at lr 1: the choice is lr 0.1, momentum 0.9.
    const results = plan.candidates.flatMap((c) => [1, 2].map((seed) => {
      const { learningRate, momentum } = c.setting as { learningRate: number; momentum: number };
      const loss = learningRate === 1 ? 2 : 1 - momentum + seed / 100;
      return fake(c.configuration.id, seed, loss / 10, loss);
    }));
    const outcome = chooseSettings(plan, results);
    expect(outcome.choices[0]!.best.candidate.setting).toEqual({ learningRate: 0.1, momentum: 0.9 });
    const [lr, momentum] = sensitivityFigures(TASK, outcome, Math.log(2));
    const data = (f: typeof lr): Array<{ x: number; y: number; lo?: number; hi?: number }> => ((f!.spec as { data: { values: Array<{ x: number; y: number; lo?: number; hi?: number }> } }).data.values);
    expect(lr!.name).toBe('sensitivity-learning-rate');
    // Along the learning rate, momentum is held at its chosen 0.9.
    expect(data(lr).map((p) => [p.x, p.y])).toEqual([[0.1, expect.closeTo(0.115, 12)], [1, 2]]);
    // Along momentum, the learning rate is held at 0.1; the band is the min–max over the seeds.
    expect(data(momentum).map((p) => [p.x, p.lo, p.hi])).toEqual([[0, expect.closeTo(1.01, 12), expect.closeTo(1.02, 12)], [0.5, expect.closeTo(0.51, 12), expect.closeTo(0.52, 12)], [0.9, expect.closeTo(0.11, 12), expect.closeTo(0.12, 12)]]);
  });
});
