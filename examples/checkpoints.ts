/**
 * Example: checkpoints and a run folder. Trains a small MLP on the two moons with `fit`, writing
 * `last` every epoch, `best` when the held-out loss is the lowest so far, and one log row per epoch
 * (`run.jsonl`, written before the checkpoint that records it). Then it is interrupted part-way
 * through an epoch, as Ctrl-C would, and resumed from the newest intact checkpoint: the resumed
 * run ends with exactly the weights of a run that was never interrupted.
 *
 * Run: npx tsx examples/checkpoints.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Adam, DataLoader, Linear, Random, RunLog, Sequential, Tanh, cleanRunFolder, crossEntropy, evaluate, evaluationWeights, fit,
  loadNewestIntactCheckpoint, manualSeed, moons, saveCheckpoint, splitDataset, type FitResult,
} from '../src/index.js';

/** What {@link main} returns. */
export interface CheckpointsExampleResult {
  /** The run folder. */
  dir: string;
  /** The epochs in run.jsonl at the end (exactly 1..epochs). */
  loggedEpochs: number[];
  /** Why the first session ended ('interrupted') and the second ('epochs'). */
  stopReasons: string[];
  /** True when the interrupted-and-resumed weights equal an uninterrupted run's, bit for bit. */
  sameAsUninterrupted: boolean;
  /** The epoch `best` holds and its held-out loss, re-evaluated from the checkpoint. */
  best: { epoch: number; loss: number };
}

const EPOCHS = 6;

/** Everything a session builds from scratch: seeded data, model, optimizer, loader. */
function session() {
  manualSeed(1);
  const { train, test } = splitDataset(moons({ samples: 200, noise: 0.1, seed: 2 }), { train: 0.8, test: 0.2, validation: 0, seed: 1 });
  const random = new Random(1);
  const model = new Sequential(new Linear(2, 32, { random }), new Tanh(), new Linear(32, 2, { random }));
  const optimizer = new Adam(model.namedParameters(), { learningRate: 0.05 });
  return { model, optimizer, test, options: { loss: crossEntropy, optimizer, data: new DataLoader(train, { batchSize: 20, seed: 1 }), validation: test, epochs: EPOCHS } };
}

/** Trains in `dir`, resuming from its newest intact checkpoint if there is one; stops after `stopAfter` updates. */
async function train(dir: string, stopAfter: number | null, log: (line: string) => void): Promise<{ result: FitResult; weights: Float32Array[] }> {
  const { model, optimizer, options } = session();
  const runLog = new RunLog(join(dir, 'run.jsonl'));
  let resume;
  try {
    const found = await loadNewestIntactCheckpoint(dir, ['last', 'best'], { expect: { model, optimizer } });
    for (const s of found.skipped) log(`skipped ${s.name}: ${s.reason}`);
    model.loadStateDict(found.checkpoint.weights);
    resume = found.checkpoint.state;
    await runLog.truncateTo(resume.epoch, { history: resume.history });
    await cleanRunFolder(dir);
    log(`resuming from ${found.name} at epoch ${resume.epoch}, update ${resume.updates}`);
  } catch {
    await runLog.reset();
  }
  let updates = 0;
  const config = { model: 'mlp:2-32-2', epochs: EPOCHS };
  const result = await fit(model, {
    ...options,
    ...(resume ? { resume } : {}),
    callbacks: {
      onBatchEnd: (info) => { updates = info.updates; },
      onEpochEnd: (record) => runLog.append({ ...record }),
    },
    onCheckpoint: async (state, { isBest }) => {
      await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, config);
      if (isBest) await saveCheckpoint(join(dir, 'best'), model.stateDict(), state, config);
    },
    shouldStop: () => stopAfter !== null && updates >= stopAfter,
  });
  if (result.stopReason === 'interrupted') {
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), result.state, config);
    log(`interrupted at epoch ${result.state.epoch + 1}, update ${result.state.updates}: last saved`);
  }
  return { result, weights: model.parameters().map((p) => p.data as Float32Array) };
}

/** Runs the example in a fresh temporary folder (or `dir`). */
export async function main(log: (line: string) => void = console.log, dir = mkdtempSync(join(tmpdir(), 'descent-checkpoints-'))): Promise<CheckpointsExampleResult> {
  const first = await train(dir, 19, log); // 8 updates per epoch: stops inside epoch 3
  const second = await train(dir, null, log);
  const reference = await train(mkdtempSync(join(tmpdir(), 'descent-reference-')), null, () => {});
  const sameAsUninterrupted = second.weights.every((w, i) => w.every((v, j) => Object.is(v, reference.weights[i]![j])));

  const best = await loadNewestIntactCheckpoint(dir, ['best']);
  const { model, test } = session();
  model.loadStateDict(evaluationWeights(best.checkpoint));
  const loss = evaluate(model, test, crossEntropy).loss;
  const loggedEpochs = (await new RunLog(join(dir, 'run.jsonl')).read()).map((r) => r.epoch);
  log(`run.jsonl holds epochs ${loggedEpochs.join(', ')}; best is epoch ${best.checkpoint.state.epoch} (held-out loss ${loss.toFixed(4)})`);
  log(`resumed run ${sameAsUninterrupted ? 'matches' : 'DIFFERS FROM'} the uninterrupted one bit for bit`);
  return { dir, loggedEpochs, stopReasons: [first.result.stopReason, second.result.stopReason], sameAsUninterrupted, best: { epoch: best.checkpoint.state.epoch, loss } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
