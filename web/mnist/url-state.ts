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

/** The settings in `hash`; the defaults for what it does not set (or sets wrongly). */
export function decodeMnistHash(hash: string): MnistLink {
  const q = new URLSearchParams(hash.startsWith('#mnist?') ? hash.slice('#mnist?'.length) : '');
  const model: MnistModel = q.get('model') === 'conv' ? 'conv' : DEFAULT_CONFIG.model;
  const named = q.get('optimizer') ?? '';
  const optimizer = mnistOptimizers().includes(named) ? named : DEFAULT_CONFIG.optimizer;
  const lr = Number(q.get('lr'));
  const batch = Number(q.get('batch'));
  const epochs = Number(q.get('epochs'));
  const seed = Number(q.get('seed'));
  return {
    config: {
      ...DEFAULT_CONFIG,
      model,
      optimizer,
      learningRate: q.has('lr') && lr > 0 && Number.isFinite(lr) ? lr : optimizer === DEFAULT_CONFIG.optimizer ? DEFAULT_CONFIG.learningRate : defaultLearningRate(optimizer),
      batchSize: Number.isInteger(batch) && batch >= 1 && batch <= 8000 ? batch : DEFAULT_CONFIG.batchSize,
      seed: q.has('seed') && Number.isInteger(seed) ? seed : DEFAULT_CONFIG.seed,
    },
    epochs: Number.isInteger(epochs) && epochs >= 1 ? Math.min(MAX_EPOCHS, epochs) : DEFAULT_EPOCHS,
  };
}

/** The fragment for `link` (`#mnist?model=mlp&optimizer=adam&lr=0.002&batch=32&epochs=5&seed=1`). */
export function encodeMnistHash(link: MnistLink): string {
  const { model, optimizer, learningRate, batchSize, seed } = link.config;
  const q = new URLSearchParams({ model, optimizer, lr: String(learningRate), batch: String(batchSize), epochs: String(link.epochs), seed: String(seed) });
  return `#mnist?${q}`;
}
