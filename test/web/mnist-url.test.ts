/** The MNIST panel's settings in the address (`#mnist?model=conv&optimizer=sgd&…`). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, defaultLearningRate } from '../../web/mnist/trainer.js';
import { decodeMnistHash, DEFAULT_EPOCHS, encodeMnistHash, isMnistHash } from '../../web/mnist/url-state.js';

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
});
