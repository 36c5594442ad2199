/** The MNIST panel's settings in the address (`#mnist?model=conv&optimizer=sgd&…`). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, defaultLearningRate, mnistOptimizers } from '../../web/mnist/trainer.js';
import { linkNotesText } from '../../web/mnist/link-notes.js';
import { decodeMnistHash, DEFAULT_EPOCHS, encodeMnistHash, isMnistHash, MAX_EPOCHS, readMnistHash } from '../../web/mnist/url-state.js';

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

  it('say when a link asks for more epochs than the panel runs, instead of clamping in silence', () => {
    const read = readMnistHash('#mnist?epochs=500');
    expect(read.link.epochs).toBe(MAX_EPOCHS);
    expect(read.notes).toEqual([`epochs=500 is more than the panel runs: it trains ${MAX_EPOCHS} epochs, the most it allows.`]);
    expect(linkNotesText(read.notes)).toBe(`This link: epochs=500 is more than the panel runs: it trains ${MAX_EPOCHS} epochs, the most it allows.`);
    expect(readMnistHash(`#mnist?epochs=${MAX_EPOCHS}`).notes).toEqual([]);
    expect(readMnistHash(`#mnist?epochs=${MAX_EPOCHS + 1}`).notes).toHaveLength(1);
  });

  it('name every value a link sets wrongly and what the panel uses instead, in the link’s order', () => {
    const read = readMnistHash('#mnist?model=resnet&optimizer=newton&lr=-1&batch=0&epochs=x&seed=1.5');
    expect(read.link).toEqual({ config: DEFAULT_CONFIG, epochs: DEFAULT_EPOCHS });
    expect(read.notes).toEqual([
      'model=resnet is not a network here (mlp or conv): using mlp.',
      'optimizer=newton is not an optimizer this panel trains with: using adam.',
      `lr=-1 is not a positive learning rate: using ${DEFAULT_CONFIG.learningRate}.`,
      'batch=0 is not a batch size from 1 to 8 000: using 32.',
      `epochs=x is not a whole number of epochs from 1 to ${MAX_EPOCHS}: using ${DEFAULT_EPOCHS}.`,
      'seed=1.5 is not a whole number: using seed 1.',
    ]);
    // The learning rate a note names is the one the panel uses: the optimizer's own default.
    expect(readMnistHash('#mnist?optimizer=sgd&lr=0').notes).toEqual([`lr=0 is not a positive learning rate: using ${defaultLearningRate('sgd')}.`]);
  });

  it('have nothing to say about a link that is fine, or silent about what it leaves out', () => {
    for (const hash of ['#mnist', '#mnist?model=mlp', '#mnist?model=conv&optimizer=sgd&lr=0.05&batch=64&epochs=3&seed=-7', '#networks?epochs=500']) {
      expect(readMnistHash(hash).notes, hash).toEqual([]);
    }
    expect(linkNotesText([])).toBeNull();
    // decodeMnistHash is the link part of readMnistHash.
    expect(decodeMnistHash('#mnist?epochs=500&lr=x')).toEqual(readMnistHash('#mnist?epochs=500&lr=x').link);
  });
});
