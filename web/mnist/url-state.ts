/**
 * The MNIST panel's settings in the address's fragment, so a configuration can be shared:
 * `#mnist?model=conv&optimizer=sgd&lr=0.05&batch=64&epochs=3&seed=2`. Opening such a link shows the
 * panel and trains with those settings; missing or invalid values keep the defaults.
 */
import { DEFAULT_CONFIG, defaultLearningRate, mnistOptimizers, type MnistModel, type TrainerConfig } from './trainer.js';

/** Epochs when the link does not say. */
export const DEFAULT_EPOCHS = 5;
/** Most epochs the panel runs. */
export const MAX_EPOCHS = 50;

/** What a link can set. */
export interface MnistLink {
  config: TrainerConfig;
  epochs: number;
}

/** Whether `hash` (e.g. `location.hash`) addresses the MNIST panel. */
export function isMnistHash(hash: string): boolean {
  return hash === '#mnist' || hash.startsWith('#mnist?');
}

/** A link's settings, and what in it the panel could not take as written. */
export interface ReadMnistLink {
  link: MnistLink;
  /**
   * One sentence per value the link set that the panel clamped or ignored (`epochs=500 is more than
   * …`), in the link's parameter order of model, optimizer, lr, batch, epochs, seed; empty when the
   * panel runs exactly what the link says.
   */
  notes: string[];
}

/**
 * The settings in `hash` (e.g. `location.hash`) with the defaults for what it does not set, and a
 * note for each value it sets wrongly: a value out of range is clamped when there is an obvious
 * nearest setting (more epochs than {@link MAX_EPOCHS}), otherwise the default is used.
 *
 * @example
 * readMnistHash('#mnist?epochs=500').notes; // ['epochs=500 is more than the panel runs: it trains 50 epochs, the most it allows.']
 */
export function readMnistHash(hash: string): ReadMnistLink {
  const q = new URLSearchParams(hash.startsWith('#mnist?') ? hash.slice('#mnist?'.length) : '');
  const notes: string[] = [];
  /** The link's own text for `key`, as a note quotes it. */
  const given = (key: string): string => `${key}=${q.get(key) ?? ''}`;
  const model: MnistModel = q.get('model') === 'conv' ? 'conv' : DEFAULT_CONFIG.model;
  if (q.has('model') && q.get('model') !== model) notes.push(`${given('model')} is not a network here (mlp or conv): using ${model}.`);
  const named = q.get('optimizer') ?? '';
  const optimizer = mnistOptimizers().includes(named) ? named : DEFAULT_CONFIG.optimizer;
  if (q.has('optimizer') && named !== optimizer) notes.push(`${given('optimizer')} is not an optimizer this panel trains with: using ${optimizer}.`);
  const lr = Number(q.get('lr'));
  const lrValid = q.has('lr') && lr > 0 && Number.isFinite(lr);
  const learningRate = lrValid ? lr : optimizer === DEFAULT_CONFIG.optimizer ? DEFAULT_CONFIG.learningRate : defaultLearningRate(optimizer);
  if (q.has('lr') && !lrValid) notes.push(`${given('lr')} is not a positive learning rate: using ${learningRate}.`);
  const batch = Number(q.get('batch'));
  const batchValid = Number.isInteger(batch) && batch >= 1 && batch <= 8000;
  if (q.has('batch') && !batchValid) notes.push(`${given('batch')} is not a batch size from 1 to 8 000: using ${DEFAULT_CONFIG.batchSize}.`);
  const epochs = Number(q.get('epochs'));
  const epochsValid = Number.isInteger(epochs) && epochs >= 1;
  if (epochsValid && epochs > MAX_EPOCHS) notes.push(`${given('epochs')} is more than the panel runs: it trains ${MAX_EPOCHS} epochs, the most it allows.`);
  else if (q.has('epochs') && !epochsValid) notes.push(`${given('epochs')} is not a whole number of epochs from 1 to ${MAX_EPOCHS}: using ${DEFAULT_EPOCHS}.`);
  const seed = Number(q.get('seed'));
  const seedValid = q.has('seed') && Number.isInteger(seed);
  if (q.has('seed') && !seedValid) notes.push(`${given('seed')} is not a whole number: using seed ${DEFAULT_CONFIG.seed}.`);
  return {
    link: {
      config: {
        ...DEFAULT_CONFIG,
        model,
        optimizer,
        learningRate,
        batchSize: batchValid ? batch : DEFAULT_CONFIG.batchSize,
        seed: seedValid ? seed : DEFAULT_CONFIG.seed,
      },
      epochs: epochsValid ? Math.min(MAX_EPOCHS, epochs) : DEFAULT_EPOCHS,
    },
    notes,
  };
}

/** The settings in `hash`; the defaults for what it does not set (or sets wrongly). See {@link readMnistHash} for why. */
export function decodeMnistHash(hash: string): MnistLink {
  return readMnistHash(hash).link;
}

/** The fragment for `link` (`#mnist?model=mlp&optimizer=adam&lr=0.002&batch=32&epochs=5&seed=1`). */
export function encodeMnistHash(link: MnistLink): string {
  const { model, optimizer, learningRate, batchSize, seed } = link.config;
  const q = new URLSearchParams({ model, optimizer, lr: String(learningRate), batch: String(batchSize), epochs: String(link.epochs), seed: String(seed) });
  return `#mnist?${q}`;
}
