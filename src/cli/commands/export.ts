import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { evaluationWeights } from '../../train/evaluation-weights.js';
import { exportPyTorchWeights } from '../../interop/pytorch-weights.js';
import { pytorchModuleSource } from '../../interop/pytorch-module-source.js';
import { pytorchOptimizerState, type PyTorchOptimizerState } from '../../interop/pytorch-optimizer-state.js';
import { saveSafetensors } from '../../io/safetensors.js';
import type { OptimizerStateDict } from '../../optim/optimizer.js';
import { UsageError } from '../usage-error.js';
import { openCheckpoint } from '../checkpoint-argument.js';
import { checkExportTarget, realTarget } from '../export-target.js';

interface ExportOptions {
  out?: string;
  optimizerState?: string | boolean;
  rawWeights?: boolean;
  force?: boolean;
}

/** `descent export <checkpoint>`: the weights (and optionally optimizer state) for PyTorch. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description("write a checkpoint's weights as safetensors under PyTorch's state-dict names and print the equivalent torch.nn module")
    .argument('<checkpoint>', 'a checkpoint written by descent train: <run>/best.json, <run>/final.json (or the run folder: uses final)')
    .option('--out <file>', 'the weights file to write, a new .safetensors file outside the run folder (default: beside the checkpoint, <name>.pytorch.safetensors)')
    .option('--force', 'replace the --out (and --optimizer-state) file when it exists (never a file of the run folder)')
    .option('--raw-weights', 'export the raw weights that training continues from (default: the averaged weights when the run averaged its iterates)')
    .option('--optimizer-state [file]', "also write the optimizer state in torch.optim's names (default file: <out>.optimizer.safetensors)")
    .action(async (path: string, opts: ExportOptions) => {
      const { prefix, checkpoint, config, built } = await openCheckpoint(path);
      const model = built.model;
      // The weights the run evaluated with: the averaged ones when it averaged its iterates.
      const averaged = checkpoint.evaluate === 'averaged' && opts.rawWeights !== true;
      model.loadStateDict(averaged ? evaluationWeights(checkpoint) : checkpoint.weights);
      const out = opts.out ?? join(dirname(prefix), `${basename(prefix)}.pytorch.safetensors`);
      const force = opts.force === true;
      checkExportTarget(out, opts.out === undefined ? 'output' : '--out', dirname(prefix), force);
      const statePath = typeof opts.optimizerState === 'string' ? opts.optimizerState : `${out.replace(/\.safetensors$/, '')}.optimizer.safetensors`;
      if (opts.optimizerState !== undefined) {
        checkExportTarget(statePath, '--optimizer-state', dirname(prefix), force);
        if (realTarget(statePath) === realTarget(out)) throw new UsageError(`--optimizer-state ${statePath} is the weights file (--out ${out}); give it another name`);
      }
      // Mapped before anything is written: an optimizer torch lacks must not leave a weights file behind.
      const sd = checkpoint.state.optimizer as OptimizerStateDict;
      let optimizerState: PyTorchOptimizerState | null = null;
      if (opts.optimizerState !== undefined) {
        try {
          optimizerState = pytorchOptimizerState(sd);
        } catch (err) {
          throw new UsageError(`--optimizer-state: ${(err as Error).message}`);
        }
      }
      await exportPyTorchWeights(model, out, { metadata: { producer: 'descent', model: config.model, epoch: String(checkpoint.state.epoch), weights: averaged ? 'averaged' : 'raw' } });
      console.log(`wrote ${out}: the ${averaged ? 'averaged ' : ''}weights of ${prefix}.json (epoch ${checkpoint.state.epoch}, model ${config.model}) under PyTorch's names`);
      if (optimizerState !== null) {
        await saveSafetensors(statePath, optimizerState.tensors, optimizerState.metadata);
        console.log(`wrote ${statePath}: the ${sd.optimizer} state in torch.optim's names (tensors state.<index>.<name>; param_groups in the metadata)`);
        if (averaged) console.log('note: the optimizer state belongs to the raw weights; to resume training in PyTorch, export them with --raw-weights');
      }
      const source = pytorchModuleSource(model);
      const imports = source.includes('collections.') ? 'import collections\nimport torch' : 'import torch';
      console.log(`\nIn PyTorch:\n\n${imports}\nfrom safetensors.torch import load_file\n\nmodel = ${source}\nmodel.load_state_dict(load_file(${JSON.stringify(out)}), strict=True)`);
    });
}
