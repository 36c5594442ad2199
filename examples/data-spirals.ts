/**
 * Example: the data pipeline end to end on the two-spirals problem. Generate the spirals (seeded),
 * split them stratified into train / validation / test, standardise with statistics of the training
 * split only, and train a small MLP with mini-batch SGD + momentum from a seeded DataLoader. Halfway,
 * a checkpoint is written atomically (weights and momentum as safetensors, loader and scaler state as
 * JSON); a fresh model and loader restored from it finish the run with weights bit-identical to the
 * uninterrupted one.
 *
 * Run: npx tsx examples/data-spirals.ts
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Random, Tensor, argmax, noGrad } from '../src/index.js';
import { crossEntropy } from '../src/losses/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { DataLoader, StandardScaler, splitDataset, spirals, type DataLoaderState, type Dataset } from '../src/data/index.js';
import { atomicWriteFile, checkTensorLayout, decodeSafetensors, encodeSafetensors } from '../src/io/index.js';

/** What {@link main} returns. */
export interface SpiralsExampleResult {
  sizes: { train: number; validation: number; test: number };
  batchesPerEpoch: number;
  /** Mean training loss of each epoch. */
  losses: number[];
  validationAccuracy: number;
  testAccuracy: number;
  /** Bytes of the safetensors checkpoint written halfway. */
  checkpointBytes: number;
  /** True when the run resumed from the checkpoint ends with exactly the same weights. */
  resumedMatches: boolean;
}

const learningRate = 0.1;
const momentum = 0.9;

function buildModel(): Sequential {
  const random = new Random(2);
  return new Sequential(new Linear(2, 32, { random }), new ReLU(), new Linear(32, 32, { random }), new ReLU(), new Linear(32, 2, { random }));
}

/** Runs epochs `from`..`to`-1 of mini-batch SGD with heavy-ball momentum (v ← μv + g; p ← p − ηv). */
function train(model: Sequential, loader: DataLoader, velocity: Map<string, Float32Array>, from: number, to: number, log: (line: string) => void): number[] {
  const losses: number[] = [];
  for (let epoch = from; epoch < to; epoch++) {
    let sum = 0;
    for (const { x, y } of loader) {
      model.zeroGrad();
      const loss = crossEntropy(model.forward(x), y); // mean over the batch
      loss.backward();
      noGrad(() => {
        for (const [name, p] of model.namedParameters()) {
          const v = velocity.get(name)!;
          const g = p.grad!.data;
          for (let i = 0; i < p.size; i++) {
            v[i] = momentum * v[i]! + g[i]!;
            p.data[i] = p.data[i]! - learningRate * v[i]!;
          }
        }
      });
      sum += loss.item();
    }
    losses.push(sum / loader.length);
    if (epoch % 10 === 9) log(`epoch ${epoch + 1}: training loss ${losses.at(-1)!.toFixed(4)}`);
  }
  return losses;
}

function accuracy(model: Sequential, data: Dataset): number {
  const predicted = argmax(noGrad(() => model.forward(data.features)), 1);
  let correct = 0;
  for (let i = 0; i < data.length; i++) if (predicted.data[i] === data.labels.data[i]) correct++;
  return correct / data.length;
}

/**
 * Builds the data pipeline, trains for `epochs` epochs with a checkpoint halfway, resumes from it,
 * and reports accuracies and whether the resumed run matches.
 *
 * @example
 * const { testAccuracy, resumedMatches } = await main(console.log);
 */
export async function main(log: (line: string) => void = () => {}, epochs = 60): Promise<SpiralsExampleResult> {
  const data = spirals({ samplesPerClass: 150, noise: 0.02, seed: 0 });
  const split = splitDataset(data, { validation: 0.15, test: 0.15, stratify: true, seed: 0 });
  const scaler = new StandardScaler().fit(split.train); // training statistics only
  const [trainZ, validationZ, testZ] = [split.train, split.validation, split.test].map((d) => scaler.transform(d)) as [Dataset, Dataset, Dataset];
  const sizes = { train: trainZ.length, validation: validationZ.length, test: testZ.length };
  log(`spirals: ${data.length} points → train ${sizes.train}, validation ${sizes.validation}, test ${sizes.test} (stratified: test classes ${testZ.classCounts().join('/')})`);

  const newLoader = (): DataLoader => new DataLoader(trainZ, { batchSize: 16, seed: 1 });
  const newVelocity = (model: Sequential): Map<string, Float32Array> =>
    new Map(model.namedParameters().map(([name, p]) => [name, new Float32Array(p.size)]));

  // The uninterrupted run, with a checkpoint after half the epochs.
  const model = buildModel();
  const loader = newLoader();
  const velocity = newVelocity(model);
  log(`${loader.length} batches of ≤ ${loader.batchSize} per epoch`);
  const half = Math.floor(epochs / 2);
  const losses = train(model, loader, velocity, 0, half, log);
  const dir = mkdtempSync(join(tmpdir(), 'descent-spirals-'));
  const tensors: Record<string, Tensor> = { ...model.stateDict() };
  for (const [name, p] of model.namedParameters()) tensors[`momentum.${name}`] = new Tensor(velocity.get(name)!.slice(), p.shape);
  await atomicWriteFile(join(dir, 'checkpoint.safetensors'), encodeSafetensors(tensors, { epoch: String(half) }));
  await atomicWriteFile(join(dir, 'checkpoint.json'), JSON.stringify({ epoch: half, loader: loader.state(), scaler: scaler.state() }));
  losses.push(...train(model, loader, velocity, half, epochs, log));
  const validationAccuracy = accuracy(model, validationZ);
  const testAccuracy = accuracy(model, testZ);
  log(`validation accuracy ${(100 * validationAccuracy).toFixed(1)}%, test accuracy ${(100 * testAccuracy).toFixed(1)}%`);

  // A fresh process would do this: rebuild, restore the checkpoint, finish the run.
  const bytes = readFileSync(join(dir, 'checkpoint.safetensors'));
  const saved = decodeSafetensors(bytes, 'checkpoint.safetensors');
  const state = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { epoch: number; loader: DataLoaderState };
  const resumed = buildModel();
  const weights = Object.fromEntries(Object.entries(saved.tensors).filter(([name]) => !name.startsWith('momentum.')));
  checkTensorLayout(weights, resumed.stateDict(), { source: 'checkpoint.safetensors' });
  resumed.loadStateDict(weights);
  const resumedVelocity = new Map([...newVelocity(resumed).keys()].map((name) => [name, Float32Array.from(saved.tensors[`momentum.${name}`]!.data)]));
  const resumedLoader = newLoader();
  resumedLoader.setState(state.loader);
  train(resumed, resumedLoader, resumedVelocity, state.epoch, epochs, () => {});
  const final = model.stateDict();
  const resumedMatches = Object.entries(resumed.stateDict()).every(([name, t]) => t.data.every((v, i) => Object.is(v, final[name]!.data[i])));
  log(`checkpoint: ${bytes.length} bytes at epoch ${state.epoch}; resumed run ${resumedMatches ? 'matches bit for bit' : 'DIFFERS'}`);

  return { sizes, batchesPerEpoch: loader.length, losses, validationAccuracy, testAccuracy, checkpointBytes: bytes.length, resumedMatches };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(console.log);
}
