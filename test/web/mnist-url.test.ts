/** The MNIST panel's settings in the address (`#mnist?model=conv&optimizer=sgd&…`). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, defaultLearningRate, mnistOptimizers } from '../../web/mnist/trainer.js';
import { decodeMnistHash, DEFAULT_EPOCHS, encodeMnistHash, isMnistHash, MAX_EPOCHS } from '../../web/mnist/url-state.js';

describe('MNIST panel links', () => {
  it('round-trip every setting', () => {
    const link = { config: { ...DEFAULT_CONFIG, model: 'conv' as const, optimizer: 'sgd', learningRate: 0.05, batchSize: 64, seed: 7 }, epochs: 3 };
    const hash = encodeMnistHash(link);
    expect(hash).toBe('#mnist?model=conv&optimizer=sgd&lr=0.05&batch=64&epochs=3&seed=7');
    expect(isMnistHash(hash)).toBe(true);
    expect(decodeMnistHash(hash)).toEqual(link);
  });

  it('fall back to the defaults for what is missing or wrong, with the optimizer’s own learning rate', () => {
    expect(decodeMnistHash('#mnist')).toEqual({ config: DEFAULT_CONFIG, epochs: DEFAULT_EPOCHS });
    const odd = decodeMnistHash('#mnist?model=resnet&optimizer=newton&lr=-1&batch=0&epochs=999&seed=x');
    expect(odd.config).toEqual(DEFAULT_CONFIG);
    expect(odd.epochs).toBe(50);
    expect(decodeMnistHash('#mnist?optimizer=sgd').config.learningRate).toBe(defaultLearningRate('sgd'));
    expect(isMnistHash('#mnistx')).toBe(false);
    expect(isMnistHash('#networks?dataset=spirals')).toBe(false);
  });

  it('round-trip every optimizer and model, at the edges of each range and with awkward learning rates', () => {
    const rates = [1e-7, 0.1 + 0.2, 2e-3, 1.5, 123456.789];
    const edges = [{ batchSize: 1, epochs: 1, seed: -3 }, { batchSize: 8000, epochs: MAX_EPOCHS, seed: 2 ** 31 }, { batchSize: 32, epochs: DEFAULT_EPOCHS, seed: 0 }];
    let checked = 0;
    for (const model of ['mlp', 'conv'] as const) {
      for (const optimizer of mnistOptimizers()) {
        rates.forEach((learningRate, i) => {
          const { batchSize, epochs, seed } = edges[i % edges.length]!;
          const link = { config: { ...DEFAULT_CONFIG, model, optimizer, learningRate, batchSize, seed }, epochs };
          const hash = encodeMnistHash(link);
          expect(decodeMnistHash(hash), hash).toEqual(link);
          expect(encodeMnistHash(decodeMnistHash(hash)), hash).toBe(hash);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
