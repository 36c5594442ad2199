import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Random } from '../../tensor/random.js';
import { evaluate } from '../../train/evaluate.js';
import { loadCheckpoint } from '../../train/checkpoint.js';
import { buildModel } from '../../specs/model-spec.js';
import { heldOutSplit, loadDatasetSpec } from '../../specs/dataset-spec.js';
import { lossByName } from '../../specs/loss-spec.js';
import { TRAIN_DEFAULTS, type TrainConfig } from './train.js';
import { UsageError } from '../usage-error.js';
import { loadPyTorchWeights } from '../../interop/pytorch-weights.js';

/** `descent eval <checkpoint>`: loss and error of a saved model on a dataset. */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('report the loss and classification error of a checkpoint on a dataset')
    .argument('<checkpoint>', 'a checkpoint written by descent train: <run>/best.json, <run>/final.json (or the run folder: uses final)')
    .option('--dataset <spec>', "dataset to evaluate on (default: the checkpoint's, on its held-out split)")
    .option('--all', 'evaluate on the whole dataset rather than the held-out split')
    .option('--weights <file.safetensors>', "evaluate these weights (e.g. saved by PyTorch) with the checkpoint's model and data; names and shapes must match")
    .action(async (path: string, opts: { dataset?: string; all?: boolean; weights?: string }) => {
      const prefix = path.endsWith('.json') ? path.slice(0, -'.json'.length) : join(path, 'final');
      const checkpoint = await loadCheckpoint(prefix).catch((err: Error) => {
        throw new UsageError(`eval: ${err.message}`);
      });
      const config = { ...TRAIN_DEFAULTS, ...(checkpoint.config as Partial<TrainConfig>) };
      const built = buildModel(config.model, new Random(config.seed));
      built.model.loadStateDict(checkpoint.weights);
      if (opts.weights !== undefined) await loadPyTorchWeights(built.model, opts.weights);
      const datasetSpec = opts.dataset ?? config.dataset;
      const full = await loadDatasetSpec(datasetSpec, { seed: config.seed, imageLayout: built.inputShape.length === 3 });
      // The same seeded split as training, so "held-out" means the samples training never saw.
      const data = opts.all || opts.dataset
        ? full
        : heldOutSplit(full, config.testFraction, config.seed).test;
      const loss = lossByName(config.loss);
      const result = evaluate(built.model, data, loss);
      console.log(`checkpoint ${prefix}.json (epoch ${checkpoint.state.epoch}, model ${config.model}) in ${dirname(prefix)}`);
      console.log(`dataset ${datasetSpec}${opts.all || opts.dataset ? '' : ' (held-out split)'}: ${result.samples} samples`);
      console.log(`loss ${result.loss.toFixed(4)}` + (result.error === null ? '' : `  error ${(result.error * 100).toFixed(2)}%  accuracy ${((1 - result.error) * 100).toFixed(2)}%`));
    });
}
