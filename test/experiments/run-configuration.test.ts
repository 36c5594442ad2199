/** One comparison run: same seed → same numbers; the seed fixes the initial weights for every configuration. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runConfiguration, runPool, type CompareTask, type Configuration, type EpochPoint, type RunJob, type RunProgress, type RunResult } from '../../src/experiments/index.js';

const task: CompareTask = { dataset: 'moons', model: 'mlp:2-8-2:tanh', loss: 'cross-entropy', epochs: 3, testFraction: 0.2, dataSeed: 0, target: null };
const sgd: Configuration = { id: 'c1', label: 'sgd', optimizer: 'sgd', hyperParameters: { learningRate: 0.1 }, batchSize: 16, schedule: 'constant', averaging: 'none' };
const adam: Configuration = { id: 'c2', label: 'adam', optimizer: 'adam', hyperParameters: { learningRate: 0.01 }, batchSize: 'full', schedule: 'cosine', averaging: 'polyak' };

/** Everything but wall time. */
const numbers = (r: RunResult): Omit<EpochPoint, 'seconds'>[] => r.points.map(({ seconds: _seconds, ...rest }) => rest);

describe('runConfiguration', () => {
  it('same job, same numbers', async () => {
    const a = await runConfiguration({ task, configuration: sgd, seed: 3 });
    const b = await runConfiguration({ task, configuration: sgd, seed: 3 });
    expect(numbers(a)).toEqual(numbers(b));
    expect(a.points.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(a.points.map((p) => p.updates)).toEqual([0, 10, 20, 30]); // 160 training samples, batches of 16
    expect(a.points[0]!.seconds).toBe(0);
    expect(a.failure).toBeNull();
  });

  it('the seed fixes the initial weights: every configuration starts from the same model', async () => {
    const a = await runConfiguration({ task, configuration: sgd, seed: 5 });
    const b = await runConfiguration({ task, configuration: adam, seed: 5 });
    const c = await runConfiguration({ task, configuration: sgd, seed: 6 });
    const initial = (r: RunResult): Omit<EpochPoint, 'learningRate'> => {
      const { learningRate: _lr, ...rest } = r.points[0]!;
      return rest;
    };
    expect(initial(b)).toEqual(initial(a));
    expect(c.points[0]!.validationLoss).not.toBe(a.points[0]!.validationLoss);
    expect(b.points.map((p) => p.updates)).toEqual([0, 1, 2, 3]); // full batch: one update per epoch
  });

  it('a diverging configuration ends early with the reason, keeping the epochs it completed', async () => {
    const wild: Configuration = { ...sgd, id: 'c3', hyperParameters: { learningRate: 1e50 } };
    const r = await runConfiguration({ task, configuration: wild, seed: 1 });
    expect(r.failure).toMatch(/non-finite parameter at epoch 1/);
    expect(r.points.length).toBeLessThan(task.epochs + 1);
  });
});

describe('runPool', () => {
  const jobs: RunJob[] = [sgd, adam].flatMap((configuration) => [1, 2].map((seed) => ({ task, configuration, seed })));
  const workerUrl = new URL('../../src/cli/workers/compare-worker.ts', import.meta.url);

  it('worker threads (running the .ts sources through tsx) give the in-process numbers, in job order', async () => {
    const progress: number[] = [];
    const threaded = await runPool<RunJob, RunResult, RunProgress>(jobs, { workers: 2, workerUrl, runInProcess: runConfiguration, onProgress: (i) => progress.push(i) });
    expect(threaded.threads).toBe(2);
    expect(threaded.note).toBeNull();
    const local = await runPool<RunJob, RunResult, RunProgress>(jobs, { workers: 1, workerUrl, runInProcess: runConfiguration });
    expect(local.threads).toBe(1);
    expect(threaded.results.map(numbers)).toEqual(local.results.map(numbers));
    expect(threaded.results.map((r) => [r.configurationId, r.seed])).toEqual([['c1', 1], ['c1', 2], ['c2', 1], ['c2', 2]]);
    expect(new Set(progress)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('a job that throws rejects the pool with its message', async () => {
    const bad: RunJob = { task: { ...task, model: 'mlp:3-2' }, configuration: sgd, seed: 1 };
    await expect(runPool<RunJob, RunResult, RunProgress>([bad, bad], { workers: 2, workerUrl, runInProcess: runConfiguration })).rejects.toThrow(/shape|matmul|3/);
  });

  it('the worker module exists next to the command', () => {
    expect(fileURLToPath(workerUrl)).toMatch(/src\/cli\/workers\/compare-worker\.ts$/);
  });
});
