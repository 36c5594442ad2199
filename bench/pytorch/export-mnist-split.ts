/**
 * Writes the default `descent train` split of the shipped MNIST digits as raw little-endian files
 * (train-x.f32, train-y.i32, test-x.f32, test-y.i32) so PyTorch trains on the very same samples.
 * Usage: npx tsx bench/pytorch/export-mnist-split.ts <dir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '../../src/data/datasets/mnist.js';
import { heldOutSplit } from '../../src/specs/dataset-spec.js';
import { TRAIN_DEFAULTS } from '../../src/train/run-config.js';

const dir = process.argv[2] ?? '.tmp/pytorch';
mkdirSync(dir, { recursive: true });
const seed = Number(process.argv[3] ?? TRAIN_DEFAULTS.seed);
const { train, test } = heldOutSplit(await loadMnist(), TRAIN_DEFAULTS.testFraction, seed);
for (const [name, ds] of [['train', train], ['test', test]] as const) {
  writeFileSync(join(dir, `${name}-x.f32`), new Uint8Array(ds.features.data.buffer, ds.features.data.byteOffset, ds.features.data.byteLength));
  writeFileSync(join(dir, `${name}-y.i32`), new Uint8Array(ds.labels.data.buffer, ds.labels.data.byteOffset, ds.labels.data.byteLength));
}
console.log(`wrote ${train.length} training and ${test.length} held-out digits to ${dir}`);
