/**
 * `descent converge`: the convergence lab. Runs the experiments with known optima, fits the rate of
 * log(f(x_k) − f*), sets it beside the theory, and writes a report folder.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXPERIMENT_NAMES, selectExperiments } from '../../experiments/convergence/experiments.js';
import { convergenceReport } from '../../experiments/convergence/report.js';
import { runExperimentJob, type ExperimentJob } from '../../experiments/convergence/run-experiment.js';
import type { ExperimentResult } from '../../experiments/convergence/types.js';
import { runPool } from '../../experiments/worker-pool.js';
import { markdownTable } from '../../plot/report/markdown.js';
import { writeReport } from '../../plot/report/report-folder.js';
import { UsageError } from '../usage-error.js';

interface ConvergeOptions {
  only?: string;
  quick?: boolean;
  seed: string;
  workers: string;
  out?: string;
}

/** `descent converge`. */
export function registerConvergeCommand(program: Command): void {
  program
    .command('converge')
    .description('the convergence lab: measured rates of GD, SGD, averaging, mini-batches and momentum against theory, as a report folder (exit 1 if a rate is outside its tolerance)')
    .option('--only <list>', `experiments to run (default all): ${EXPERIMENT_NAMES.join(', ')}`)
    .option('--quick', 'fewer runs and steps (a few seconds; the tests use it)')
    .option('--seed <n>', 'seed of the gradient noise and of the data', '1')
    .option('--workers <n>', 'worker threads (1: run in this process)', String(Math.min(2, availableParallelism())))
    .option('--out <dir>', 'report folder (default runs/converge-<timestamp>)')
    .action(async (opts: ConvergeOptions) => {
      await runConverge(opts);
    });
}

function workerUrl(): URL {
  const ext = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`../workers/converge-worker${ext}`, import.meta.url);
}

async function runConverge(opts: ConvergeOptions): Promise<void> {
  const names = opts.only === undefined ? [] : opts.only.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--only: expected experiment names separated by commas, got '${opts.only}'; valid experiments: ${EXPERIMENT_NAMES.join(', ')}`);
  let entries;
  try {
    entries = selectExperiments(names);
  } catch (err) {
    throw new UsageError(`--only: ${(err as Error).message}`);
  }
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got '${opts.seed}'`);
  const workers = Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers: expected an integer >= 1, got '${opts.workers}'`);
  const out = opts.out ?? join('runs', `converge-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const jobs: ExperimentJob[] = entries.map((e) => ({ name: e.name, options: { quick: opts.quick ?? false, seed } }));

  console.log(`descent converge: ${jobs.length} experiment(s)${opts.quick ? ' (quick)' : ''}`);
  const started = performance.now();
  const pool = await runPool<ExperimentJob, ExperimentResult, never>(jobs, {
    workers,
    workerUrl: workerUrl(),
    runInProcess: runExperimentJob,
    onResult: (_, r) => {
      const failed = r.checks.filter((c) => !c.pass).length;
      process.stderr.write(`  ${r.name}: ${r.checks.length - failed}/${r.checks.length} checks within tolerance\n`);
    },
  });
  if (pool.note) console.log(`note: ${pool.note}`);
  const seconds = (performance.now() - started) / 1000;
  const report = convergenceReport(pool.results, [
    `Seed ${seed}${opts.quick ? ', quick sizes' : ''}; ${pool.threads > 1 ? `${pool.threads} worker threads` : 'in-process'}; ${seconds.toFixed(1)} s.`,
  ]);
  await writeReport(out, report);
  console.log('');
  console.log(markdownTable(report.tables[0]!));
  const outside = pool.results.flatMap((r) => r.checks.filter((c) => !c.pass));
  console.log(`report folder: ${out} (open index.html)`);
  if (outside.length > 0) {
    console.error(`descent converge: ${outside.length} measured rate(s) outside the tolerance: ${outside.map((c) => c.name).join('; ')}`);
    process.exitCode = 1;
  }
}
