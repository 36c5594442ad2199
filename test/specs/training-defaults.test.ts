/**
 * The settings a run takes from its data when the user leaves them out: model, epochs, learning rate
 * (per optimizer, recommended by the registry for the problem's scale), and every hyper-parameter a run uses.
 */
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { spirals } from '../../src/data/datasets/spirals.js';
import { OPTIMIZERS } from '../../src/optim/registry.js';
import { autoModelSpec } from '../../src/specs/auto-model.js';
import { OPTIMIZER_NAMES } from '../../src/specs/optimizer-spec.js';
import { defaultEpochs, defaultLearningRate, effectiveHyperParameters, trainingDefaults } from '../../src/specs/training-defaults.js';

/** 20 samples of 784 features and 10 classes: shaped like MNIST. */
const wide = Dataset.fromArrays(Array.from({ length: 20 }, () => new Array<number>(784).fill(0)), Array.from({ length: 20 }, (_, i) => i % 10));
const small = spirals({ seed: 1 });

describe('autoModelSpec', () => {
  it('a small tanh MLP for low-dimensional data; train\'s long-standing MNIST model for 784 inputs', () => {
    expect(autoModelSpec(small)).toBe('mlp:2-32-32-2:tanh');
    expect(autoModelSpec(wide)).toBe('mlp:784-256-128-10:relu');
    expect(autoModelSpec(Dataset.fromArrays([[1, 2, 3]], [[0.5, 1]]))).toBe('mlp:3-32-32-2:tanh'); // regression: the label size
  });

  it('one stray label far past the others is refused, not turned into a million outputs; many classes are fine', () => {
    const stray = Dataset.fromArrays([[0], [1], [2], [3]], [0, 1, 2, 1_000_000]);
    expect(() => autoModelSpec(stray)).toThrow(/^the class labels use 4 different values but the largest is 1000000, so a model would need 1000001 outputs; .*give --model$/);
    const many = Dataset.fromArrays(Array.from({ length: 1200 }, (_, i) => [i]), Array.from({ length: 1200 }, (_, i) => i));
    expect(autoModelSpec(many)).toBe('mlp:1-32-32-1200:tanh');
  });
});

describe('defaultEpochs', () => {
  it('at least 20, and enough for 600 updates, at most 1000', () => {
    expect(defaultEpochs(160, 64)).toBe(200); // 3 updates per epoch
    expect(defaultEpochs(160, 32)).toBe(120);
    expect(defaultEpochs(8000, 64)).toBe(20); // MNIST as shipped: 125 updates per epoch
    expect(defaultEpochs(160, 'full')).toBe(600);
    expect(defaultEpochs(10, 1)).toBe(60);
    expect(defaultEpochs(5, 'full')).toBeLessThanOrEqual(1000);
  });
});

describe('defaultLearningRate', () => {
  it('on small data, each optimizer\'s own: SGD 1, momentum and Nesterov 0.1 (the same effective step), Adam 1e-2', () => {
    expect(defaultLearningRate('sgd', {}, small)).toBe(1);
    expect(defaultLearningRate('momentum', {}, small)).toBe(0.1);
    expect(defaultLearningRate('nesterov', {}, small)).toBe(0.1);
    expect(defaultLearningRate('sgd', { momentum: 0.5 }, small)).toBe(0.5);
    expect(defaultLearningRate('adam', {}, small)).toBe(0.01);
  });

  it('momentum 1 or more: no rate is chosen (it gave 0, a run that never moved, or −4, refused as if the user had typed it)', () => {
    for (const momentum of [1, 5]) {
      expect(() => defaultLearningRate('sgd', { momentum }, small)).toThrow(
        new RegExp(`^no learning rate can be chosen for sgd: momentum ${momentum} is 1 or more, .*; give --learning-rate, or a momentum below 1$`),
      );
    }
    expect(defaultLearningRate('sgd', { momentum: 0.99 }, small)).toBe(0.01);
  });

  it('on wide data: Adam its default 1e-3 (so MNIST runs as before), SGD 0.1 and momentum 0.01 (not SGD\'s placeholder 1e-3)', () => {
    expect(defaultLearningRate('adam', {}, wide)).toBe(1e-3);
    expect(defaultLearningRate('sgd', {}, wide)).toBe(0.1);
    expect(defaultLearningRate('momentum', {}, wide)).toBe(0.01);
    expect(defaultLearningRate('rmsprop', {}, wide)).toBe(0.01); // no recommendation: the default
  });

  it('every command-line optimizer has a positive finite rate at either scale; the SGD and Adam families have recommendations', () => {
    for (const name of OPTIMIZER_NAMES) {
      for (const data of [small, wide]) {
        const rate = defaultLearningRate(name, {}, data);
        expect(rate, name).toBeGreaterThan(0);
        expect(Number.isFinite(rate), name).toBe(true);
      }
    }
    expect(OPTIMIZERS.filter((e) => e.recommendedLearningRate).map((e) => e.name)).toEqual(expect.arrayContaining(['sgd', 'adam', 'adamw']));
    expect(() => defaultLearningRate('adamm', {}, small)).toThrow(/unknown optimizer 'adamm'; valid optimizers: sgd, adam/);
  });
});

describe('effectiveHyperParameters', () => {
  it('registry defaults, then the preset of the name, then what was given', () => {
    expect(effectiveHyperParameters('momentum', { learningRate: 0.1 })).toEqual({ learningRate: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    expect(effectiveHyperParameters('adam', {})).toMatchObject({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(() => effectiveHyperParameters('adamm', {})).toThrow(/unknown optimizer 'adamm'/);
  });
});

describe('trainingDefaults', () => {
  it('fills model, epochs and learning rate on spirals; keeps what was given', () => {
    const filled = trainingDefaults(small, { optimizer: 'adam', hyperParameters: {}, batchSize: 64 });
    // 200 samples, batch 64: 4 updates per epoch, 150 epochs for 600 updates.
    expect(filled).toEqual({ model: 'mlp:2-32-32-2:tanh', epochs: 150, hyperParameters: { learningRate: 0.01 }, filled: ['model mlp:2-32-32-2:tanh', '150 epochs', 'learning rate 0.01'] });
    const kept = trainingDefaults(small, { model: 'mlp:2-8-2', epochs: 3, optimizer: 'sgd', hyperParameters: { learningRate: 0.2 }, batchSize: 64 });
    expect(kept).toEqual({ model: 'mlp:2-8-2', epochs: 3, hyperParameters: { learningRate: 0.2 }, filled: [] });
  });

  it('on MNIST-shaped data: the old default model, 20 epochs, and no learning rate written (Adam\'s default)', () => {
    const filled = trainingDefaults(wide, { optimizer: 'adam', hyperParameters: {}, batchSize: 64 });
    expect(filled).toMatchObject({ model: 'mlp:784-256-128-10:relu', hyperParameters: {} });
  });
});
