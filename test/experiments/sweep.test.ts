/** Sweep axes from text and their cartesian product. */
import { describe, expect, it } from 'vitest';
import { optimizerSpecs } from '../../src/specs/optimizer-spec.js';
import { expandSweep, parseBatchSizes, parseLearningRates, parseOptimizers, parseSeeds, parseTarget, splitSpecList, type SweepSpec } from '../../src/experiments/index.js';

describe('sweep text', () => {
  it('optimizers carry their hyper-parameters (colons or commas between pairs)', () => {
    expect(parseOptimizers('sgd,momentum:learningRate=0.05,nesterov=true,adam:learningRate=0.01:betas=0.8;0.99', '--optimizers')).toEqual([
      { name: 'sgd', hyperParameters: {} },
      { name: 'momentum', hyperParameters: { learningRate: 0.05, nesterov: true } },
      { name: 'adam', hyperParameters: { learningRate: 0.01, betas: [0.8, 0.99] } },
    ]);
    expect(() => parseOptimizers('adam:learningRate', '--optimizers')).toThrow(/--optimizers: expected key=value after 'adam:'/);
  });

  it('schedule specs keep their commas', () => {
    expect(splitSpecList('constant,step:stepSize=5,gamma=0.5,cosine', '--schedules')).toEqual(['constant', 'step:stepSize=5,gamma=0.5', 'cosine']);
  });

  it('an empty list is an empty sweep, an empty item an error', () => {
    expect(() => parseOptimizers('', '--optimizers')).toThrow('empty sweep: --optimizers lists nothing');
    expect(() => parseOptimizers('sgd,,adam', '--optimizers')).toThrow("--optimizers: empty item in 'sgd,,adam'");
    expect(() => parseSeeds(' ', '--seeds')).toThrow('empty sweep: --seeds lists nothing');
  });

  it("momentum and nesterov are SGD presets (the issue's --optimizers sgd,momentum,nesterov), not the lecture's look-ahead Nesterov", () => {
    const byName = new Map(optimizerSpecs().map((o) => [o.name, o]));
    expect(byName.get('momentum')!.preset).toEqual({ momentum: 0.9 });
    expect(byName.get('nesterov')!.preset).toEqual({ momentum: 0.9, nesterov: true });
    expect(byName.get('nesterov')!.specs).toBe(byName.get('sgd')!.specs);
    expect(byName.get('momentum')!.specs).toBe(byName.get('sgd')!.specs);
  });

  it('batch sizes, learning rates, seeds and targets', () => {
    expect(parseBatchSizes('1,16,256,full', '--batch-sizes')).toEqual([1, 16, 256, 'full']);
    expect(() => parseBatchSizes('0', '--batch-sizes')).toThrow(/positive integers or 'full', got '0'/);
    expect(parseLearningRates('0.1,1e-3', '--learning-rates')).toEqual([0.1, 0.001]);
    expect(() => parseLearningRates('-1', '--learning-rates')).toThrow(/positive numbers/);
    expect(parseSeeds('1-3,7', '--seeds')).toEqual([1, 2, 3, 7]);
    expect(() => parseSeeds('1,1', '--seeds')).toThrow(/seed listed twice/);
    // A bare integer is a count (the issue's `--seeds 3`: three seeds); ranges and lists are seeds.
    expect(parseSeeds('3', '--seeds')).toEqual([1, 2, 3]);
    expect(parseSeeds(' 1 ', '--seeds')).toEqual([1]);
    expect(parseSeeds('7-7', '--seeds')).toEqual([7]);
    expect(parseSeeds('1,5,9', '--seeds')).toEqual([1, 5, 9]);
    expect(() => parseSeeds('0', '--seeds')).toThrow("--seeds: a count of seeds must be at least 1, got '0' (one seed s: --seeds s-s)");
    expect(parseTarget('5%', '--target')).toBeCloseTo(0.05, 12);
    expect(parseTarget('0.1', '--target')).toBe(0.1);
    expect(() => parseTarget('2', '--target')).toThrow(/error rate in \[0, 1\)/);
  });
});

describe('expandSweep', () => {
  const base: SweepSpec = { optimizers: [{ name: 'sgd', hyperParameters: {} }, { name: 'adam', hyperParameters: { learningRate: 0.01 } }], learningRates: [], batchSizes: [32], schedules: ['constant'], averaging: ['none'] };

  it('one configuration per point of the product, labelled by what varies', () => {
    const configs = expandSweep({ ...base, batchSizes: [1, 'full'], averaging: ['none', 'polyak'] });
    expect(configs.map((c) => c.label)).toEqual([
      'sgd b=1 no averaging', 'sgd b=1 polyak', 'sgd b=full no averaging', 'sgd b=full polyak',
      'adam lr=0.01 b=1 no averaging', 'adam lr=0.01 b=1 polyak', 'adam lr=0.01 b=full no averaging', 'adam lr=0.01 b=full polyak',
    ]);
    expect(configs.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
  });

  it('swept learning rates apply to optimizers without their own', () => {
    const configs = expandSweep({ ...base, learningRates: [0.1, 0.01] });
    expect(configs.map((c) => [c.label, c.hyperParameters.learningRate])).toEqual([
      ['sgd lr=0.1', 0.1], ['sgd lr=0.01', 0.01], ['adam lr=0.01', 0.01],
    ]);
  });

  it('an empty axis is an empty sweep', () => {
    expect(() => expandSweep({ ...base, optimizers: [] })).toThrow('empty sweep: no optimizers given');
    expect(() => expandSweep({ ...base, batchSizes: [] })).toThrow('empty sweep: no batch sizes given');
  });

  it('identical labels are told apart', () => {
    const configs = expandSweep({ ...base, optimizers: [{ name: 'sgd', hyperParameters: {} }, { name: 'sgd', hyperParameters: {} }] });
    expect(configs.map((c) => c.label)).toEqual(['sgd (c1)', 'sgd (c2)']);
  });
});
