import { dirname } from 'node:path';
import type { Command } from 'commander';
import { evaluate } from '../../train/evaluate.js';
import { evaluationWeights } from '../../train/evaluation-weights.js';
import { heldOutSplit, loadDatasetSpec } from '../../specs/dataset-spec.js';
import { lossByName } from '../../specs/loss-spec.js';
import { openCheckpoint } from '../checkpoint-argument.js';
import { asUsage, asUsageSync, UsageError } from '../usage-error.js';
import { loadPyTorchWeights } from '../../interop/pytorch-weights.js';
import { verifyDatasetFingerprint, withoutDataContents } from '../data-fingerprint.js';
import type { Dataset } from '../../data/dataset.js';

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
      const { prefix, where, checkpoint, config, built } = await openCheckpoint(path);
      // The averaged weights when the run averaged its iterates: what its log's held-out numbers used.
      built.model.loadStateDict(evaluationWeights(checkpoint));
      const weights = opts.weights;
      if (weights !== undefined) await asUsage(`--weights ${weights}`, () => loadPyTorchWeights(built.model, weights));
      const datasetSpec = opts.dataset ?? config.dataset;
      // The run's own data (a path from its folder, not typed here): checked before it is parsed,
      // and, when the folder records no fingerprint, read without quoting its contents in errors.
      const unverified = opts.dataset === undefined && (await verifyDatasetFingerprint(datasetSpec, config.datasetFingerprint, {
        command: 'descent eval',
        where,
        remedy: 'restore the original data, or name the data to evaluate on with --dataset',
      })) === 'unverified';
      // Label names are mapped through the run's recorded classes (config.classes): a file holding
      // only some of them, in another order, is scored against the classes the model learned.
      // A run without names (recorded since datasetFingerprint was) trained on class indices: a file of
      // names is refused rather than numbered in its own order, which the model never learned.
      const indexLabels = config.classes === null && config.datasetFingerprint !== null && config.loss === 'cross-entropy';
      const load = (): Promise<Dataset> => loadDatasetSpec(datasetSpec, {
        seed: config.seed,
        imageLayout: built.inputShape.length === 3,
        task: config.task,
        classes: config.classes,
        ...(indexLabels ? { numClasses: built.outputs } : {}),
      });
      const full = await asUsage(opts.dataset === undefined ? where : undefined, () =>
        !unverified ? load() : withoutDataContents(`open the file to see what is wrong, or name it yourself: --dataset ${datasetSpec}`, load));
      // The same seeded split as training, so "held-out" means the samples training never saw.
      const data = opts.all || opts.dataset ? full : heldOutSplit(full, config.testFraction, config.seed).test;
      if (data.length === 0) throw new UsageError(`dataset ${datasetSpec} has no samples to evaluate`);
      const loss = lossByName(config.loss);
      const result = asUsageSync(undefined, () => evaluate(built.model, data, loss));
      console.log(`checkpoint ${prefix}.json (epoch ${checkpoint.state.epoch}, model ${config.model}, ${weights !== undefined ? `weights from ${weights}` : `${checkpoint.evaluate} weights`}) in ${dirname(prefix)}`);
      console.log(`dataset ${datasetSpec}${opts.all || opts.dataset ? '' : ' (held-out split)'}: ${result.samples} samples`);
      console.log(`loss ${result.loss.toFixed(4)}` + (result.error === null ? '' : `  error ${(result.error * 100).toFixed(2)}%  accuracy ${((1 - result.error) * 100).toFixed(2)}%`));
    });
}
