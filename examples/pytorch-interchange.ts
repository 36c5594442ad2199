/**
 * Example: moving a model to PyTorch and back. Trains a small MLP with batch norm on the two moons,
 * then writes what PyTorch needs to pick it up:
 *
 * - `model.safetensors`: the weights under PyTorch's state-dict names (`1.running_mean`,
 *   `1.num_batches_tracked` as int64, ...), loadable with `load_state_dict(..., strict=True)`;
 * - the `torch.nn.Sequential(...)` source of the same architecture;
 * - `optimizer.safetensors`: Adam's state as `torch.optim.Adam.state_dict()` names it
 *   (`state.<index>.exp_avg`, `exp_avg_sq`, `step`; `param_groups` in the metadata).
 *
 * Then it reads the weights file back into a fresh model, as it would read a file PyTorch saved with
 * `save_file(model.state_dict(), 'model.safetensors')`, and checks the predictions are the same.
 *
 * Run: npx tsx examples/pytorch-interchange.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Adam, BatchNorm1d, DataLoader, Linear, Random, Sequential, Tanh, crossEntropy, exportPyTorchOptimizerState, exportPyTorchWeights, fit,
  loadPyTorchWeights, manualSeed, moons, pytorchModuleSource, splitDataset,
} from '../src/index.js';

/** What {@link main} returns. */
export interface InterchangeExampleResult {
  /** The folder holding model.safetensors and optimizer.safetensors. */
  dir: string;
  /** The PyTorch module source printed for the user. */
  source: string;
  /** Held-out accuracy of the trained model. */
  accuracy: number;
  /** True when the model read back from the file predicts exactly what the trained one does. */
  samePredictions: boolean;
}

function makeModel(seed: number): Sequential {
  const random = new Random(seed);
  return new Sequential(new Linear(2, 32, { random }), new BatchNorm1d(32), new Tanh(), new Linear(32, 2, { random }));
}

/** Trains, exports for PyTorch, and reads the export back. */
export async function main(log: (line: string) => void = console.log): Promise<InterchangeExampleResult> {
  manualSeed(1);
  const { train, test } = splitDataset(moons({ samples: 300, noise: 0.1, seed: 2 }), { train: 0.8, test: 0.2, validation: 0, seed: 1 });
  const model = makeModel(1);
  const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
  const result = await fit(model, { loss: crossEntropy, optimizer, data: new DataLoader(train, { batchSize: 32, seed: 1 }), epochs: 30, validation: test });
  const accuracy = 1 - result.history.at(-1)!.validationError!;
  log(`held-out accuracy ${(accuracy * 100).toFixed(1)}%`);

  const dir = mkdtempSync(join(tmpdir(), 'descent-pytorch-'));
  await exportPyTorchWeights(model, join(dir, 'model.safetensors'));
  await exportPyTorchOptimizerState(optimizer, join(dir, 'optimizer.safetensors'));
  const source = pytorchModuleSource(model);
  log(`wrote ${dir}/model.safetensors and optimizer.safetensors; in PyTorch:\n`);
  log(`model = ${source}\nmodel.load_state_dict(safetensors.torch.load_file('model.safetensors'), strict=True)\n`);

  // The way back: a file saved by PyTorch loads the same way (names and shapes checked).
  const fresh = makeModel(99);
  await loadPyTorchWeights(fresh, join(dir, 'model.safetensors'));
  const before = model.eval().forward(test.features).toFlatArray();
  const after = fresh.eval().forward(test.features).toFlatArray();
  const samePredictions = before.every((v, i) => v === after[i]);
  log(`read back: ${samePredictions ? 'the same' : 'DIFFERENT'} predictions`);
  return { dir, source, accuracy, samePredictions };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
