/**
 * `descent compare`: several configurations on one task, the same initial weights and data order per
 * seed, on all cores, into a report folder (figures, table, raw numbers).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { Random } from '../../tensor/random.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { expandSweep } from '../../experiments/compare/sweep.js';
import { parseBatchSizes, parseLearningRates, parseOptimizers, parseSeeds, parseTarget, splitList, splitSpecList } from '../../experiments/compare/sweep-spec.js';
import { autoModelSpec, loadTaskData, type TaskData } from '../../experiments/compare/task-data.js';
import { runConfiguration } from '../../experiments/compare/run-configuration.js';
import { compareReport } from '../../experiments/compare/report.js';
import type { CompareTask, Configuration, RunJob, RunProgress, RunResult } from '../../experiments/compare/types.js';
import { runPool } from '../../experiments/worker-pool.js';
import { markdownTable } from '../../plot/report/markdown.js';
import { writeReport, type Report } from '../../plot/report/report-folder.js';
import { buildModel, MODEL_SPEC_HELP } from '../../specs/model-spec.js';
import { DATASET_NAMES } from '../../specs/dataset-spec.js';
import { createOptimizer, kebab, OPTIMIZER_NAMES } from '../../specs/optimizer-spec.js';
import { createSchedule, SCHEDULE_NAMES } from '../../specs/schedule-spec.js';
import { createAveraging, AVERAGING_NAMES } from '../../specs/averaging-spec.js';
import { defaultLearningRate, effectiveHyperParameters } from '../../specs/training-defaults.js';
import { COMPARE_MIN_UPDATES, compareEpochs } from '../../experiments/compare/default-epochs.js';
import { chanceAccuracy } from '../../train/chance.js';
import { parseTuneAxes } from '../../experiments/compare/tune-spec.js';
import { chooseSettings, defaultTarget, tuningPlan, type TuningOutcome, type TuningPlan } from '../../experiments/compare/tuning.js';
import { chanceLoss, sensitivityFigures, timeToTargetFigures, tunedTable, tuningConfig, tuningCsv, tuningRunsTable } from '../../experiments/compare/tuning-report.js';
import { summarize } from '../../experiments/compare/summary.js';
import { parseQueueUrl, redactQueueUrl, type QueueConnection } from '../../experiments/queue/queue-url.js';
import { checkSweepId, newSweepId, SWEEP_TTL_SECONDS } from '../../experiments/queue/sweep-store.js';
import { UsageError } from '../usage-error.js';
import { loadQueueModule } from '../queue-package.js';

interface CompareOptions {
  optimizers?: string;
  optimizer?: string;
  learningRates?: string;
  batchSizes: string;
  schedules: string;
  averaging: string;
  seeds: string;
  dataset: string;
  model: string;
  loss: 'cross-entropy' | 'mse';
  epochs: string;
  target?: string;
  testFraction: string;
  dataSeed: string;
  workers: string;
  out?: string;
  tune: string[];
  tuneBudget?: string;
  tuneSeeds?: string;
  tuneSeed: string;
  tuneMetric?: 'error' | 'loss';
  validationFraction: string;
  targetError?: string;
  sharpnessEvery?: string;
  queue?: string;
  sweepId?: string;
  attach?: string;
  results?: string;
}

/**
 * The flags that say where a sweep runs or where its results go, not what it computes: they are left
 * out of the sweep's identity (two coordinators with the same other flags run the same sweep), and
 * for each: whether `--attach` takes it from the command line (every other flag comes from the
 * sweep's record) and whether the report's rerun command repeats it.
 */
const PLACEMENT_FLAGS: Readonly<Record<string, { withAttach: boolean; inRerunCommand: boolean }>> = {
  attach: { withAttach: true, inRerunCommand: false },
  queue: { withAttach: true, inRerunCommand: true },
  out: { withAttach: true, inRerunCommand: true },
  results: { withAttach: true, inRerunCommand: false }, // a path on the machine that ran it
  sweepId: { withAttach: false, inRerunCommand: false }, // a rerun is a new sweep
  workers: { withAttach: false, inRerunCommand: false }, // this machine's choice, not the sweep's
};
const isPlacement = (name: string): boolean => Object.hasOwn(PLACEMENT_FLAGS, name);

const DEFAULT_OPTIMIZERS = 'sgd,momentum,adam';
const SWEEP_TTL_DAYS = SWEEP_TTL_SECONDS / 86_400;

/** `descent compare`. */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('run several optimizer configurations on the same task (same initial weights and data order per seed) and write a report folder')
    .option('--optimizers <list>', `optimizers, each with its hyper-parameters: name[:key=value...] (e.g. sgd,momentum,adam:learningRate=0.01); valid: ${OPTIMIZER_NAMES.join(', ')}`, DEFAULT_OPTIMIZERS)
    .option('--optimizer <list>', 'same as --optimizers')
    .option('--learning-rates <list>', "learning rates swept for every optimizer that does not set its own (default: each optimizer's own, recommended by the registry for the dataset's scale: sgd 1, momentum 0.1, adam 0.01 on spirals; sgd 0.1, momentum 0.01, adam 0.001 on mnist)")
    .option('--batch-sizes <list>', 'samples per update: 1 (SGD), b (mini-batch), full (batch GD)', '32')
    .option('--schedules <list>', `learning-rate schedules: ${SCHEDULE_NAMES.join(', ')} (options as name:key=value,...)`, 'constant')
    .option('--averaging <list>', `iterate averaging, e.g. none,polyak: ${AVERAGING_NAMES.join(', ')}`, 'none')
    .option('--seeds <list>', 'seeds (initial weights and data order): a count N (seeds 1..N, e.g. 3), a range (1-5, or 7-7 for seed 7 alone) or a list (1,5,9)', '1,2')
    .option('--dataset <spec>', `dataset: ${DATASET_NAMES.join(', ')}`, 'spirals')
    .option('--model <spec>', `model: auto (from the dataset) or ${MODEL_SPEC_HELP}`, 'auto')
    .addOption(new Option('--loss <name>', 'divergence').choices(['cross-entropy', 'mse']).default('cross-entropy'))
    .option('--epochs <n|auto>', `passes over the training data; auto: at least 20, and enough for ${COMPARE_MIN_UPDATES} updates of every configuration`, 'auto')
    .option('--target <error>', 'held-out error to reach, e.g. 0.05 or 5% (table: epochs and updates to reach it)')
    .option('--test-fraction <f>', 'held-out fraction of the data', '0.2')
    .option('--data-seed <n>', 'seed of the synthetic data and of the split (the same for every run)', '0')
    .option('--workers <n>', 'worker threads (1: run in this process)', String(Math.min(2, availableParallelism())))
    .option('--out <dir>', 'report folder (default runs/compare-<timestamp>)')
    .option('--tune <range>', 'tune a hyper-parameter per optimizer on a validation split, then compare at the chosen values: key=log:lo..hi,n, key=lin:lo..hi,n or key=a;b;c (e.g. learningRate=log:1e-4..1,8); repeat for a product grid', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--tune-budget <n>', 'random search: n settings drawn from the --tune ranges (log-uniform on log ranges) instead of the grid')
    .option('--tune-seed <n>', 'seed of the random search', '0')
    .option('--tune-seeds <list>', 'seeds each tuning setting trains with, written like --seeds (default: --seeds)')
    .addOption(new Option('--tune-metric <name>', 'what tuning minimises, averaged over the tuning seeds (default: error for classification, loss otherwise)').choices(['error', 'loss']))
    .option('--validation-fraction <f>', 'with --tune: fraction of the training split set aside to choose the settings on', '0.2')
    .option('--queue <url>', 'run on `descent worker` processes through BullMQ on Redis instead of local threads: redis://[user:password@]host:port[/db] or rediss://…')
    .option('--sweep-id <id>', 'with --queue: the sweep id (default: a fresh one); the same command again with a sweep id already in Redis collects its stored runs instead of recomputing them (other flags with that id are refused)')
    .option('--attach <id>', 'with --queue (and optionally --out, --results) only: take over the sweep <id> whose coordinator stopped, with the flags it was started with; its stored runs are collected, the missing ones enqueued, and the report written')
    .option('--results <dir>', 'with --queue: the folder shared with workers started with --results, where they write each run\'s result as a file instead of into Redis')
    .option('--sharpness-every <n>', 'every n updates, measure the sharpness λmax (top Hessian eigenvalue) of each run; the report plots it against 2/η')
    .option('--target-error <error>', 'same as --target (with --tune, the default is 1.1 × the best final held-out error)')
    .action(async (opts: CompareOptions, command: Command) => {
      const explicit = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
      if (opts.attach === undefined) {
        await runCompare(opts, explicit, commandLine(command, opts));
        return;
      }
      await attach(opts, command, explicit);
    });
}

const integer = (flag: string, text: string, min: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag}: expected an integer >= ${min}, got '${text}'`);
  return n;
};

/** Any error while reading the flags is the caller's mistake: exit code 2 with the message. */
function usage<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${prefix}${(err as Error).message}`);
  }
}

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Plan {
  task: CompareTask;
  configurations: Configuration[];
  seeds: number[];
  data: TaskData;
  parameters: number;
  workers: number;
  out: string;
  /** Held-out error at chance (always the most frequent class), or null for regression. */
  chanceError: number | null;
  /** `--queue`: where the runs go, and the sweep id; null: local threads. */
  queue: { connection: QueueConnection; url: string; sweepId: string; resultsDir: string | null } | null;
  /** The tuning runs when `--tune` is given, else null. */
  tuning: TuningPlan | null;
}

function chanceErrorOf(test: TaskData['test']): number | null {
  const chance = chanceAccuracy(test);
  return chance === null ? null : 1 - chance;
}

/** Reads and checks every flag, loads the data and builds every optimizer once: nothing runs yet. */
async function plan(opts: CompareOptions, explicit: (name: string) => boolean): Promise<Plan> {
  if (explicit('optimizer') && explicit('optimizers')) throw new UsageError('give --optimizers or --optimizer, not both');
  const optimizerText = explicit('optimizer') ? opts.optimizer! : opts.optimizers ?? DEFAULT_OPTIMIZERS;
  const flag = explicit('optimizer') ? '--optimizer' : '--optimizers';
  const sweep = usage('', () => ({
    optimizers: parseOptimizers(optimizerText, flag),
    learningRates: opts.learningRates === undefined ? [] : parseLearningRates(opts.learningRates, '--learning-rates'),
    batchSizes: parseBatchSizes(opts.batchSizes, '--batch-sizes'),
    schedules: splitSpecList(opts.schedules, '--schedules'),
    averaging: splitList(opts.averaging, '--averaging'),
  }));
  for (const o of sweep.optimizers) {
    if (!OPTIMIZER_NAMES.includes(o.name)) throw new UsageError(`${flag}: unknown optimizer '${o.name}'; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  }
  for (const a of sweep.averaging) createAveraging(a);
  const configurations = usage('', () => expandSweep(sweep));
  const seeds = usage('', () => parseSeeds(opts.seeds, '--seeds'));
  const dataSeed = integer('--data-seed', opts.dataSeed, 0);
  const workers = integer('--workers', opts.workers, 1);
  const testFraction = Number(opts.testFraction);
  if (!(testFraction > 0 && testFraction < 1)) throw new UsageError(`--test-fraction: must be in (0, 1), got '${opts.testFraction}'`);
  if (opts.target !== undefined && opts.targetError !== undefined) throw new UsageError('give --target or --target-error, not both');
  const targetFlag = opts.targetError !== undefined ? '--target-error' : '--target';
  const targetText = opts.targetError ?? opts.target;
  const target = targetText === undefined ? null : usage('', () => parseTarget(targetText, targetFlag));
  const axes = usage('', () => parseTuneAxes(opts.tune, '--tune'));
  const tuning = axes.length > 0;
  for (const f of ['tuneBudget', 'tuneSeeds', 'tuneMetric', 'tuneSeed', 'validationFraction']) {
    if (!tuning && explicit(f)) throw new UsageError(`--${kebab(f)} needs --tune`);
  }
  if (opts.sweepId !== undefined && opts.queue === undefined) throw new UsageError('--sweep-id needs --queue');
  if (opts.results !== undefined && opts.queue === undefined) throw new UsageError('--results needs --queue');
  const queue = opts.queue === undefined ? null : usage('', () => ({ connection: parseQueueUrl(opts.queue!, '--queue'), url: redactQueueUrl(opts.queue!), sweepId: opts.sweepId === undefined ? newSweepId() : checkSweepId(opts.sweepId, '--sweep-id'), resultsDir: opts.results ?? null }));
  const validationFraction = tuning ? Number(opts.validationFraction) : undefined;
  if (validationFraction !== undefined && !(validationFraction > 0 && validationFraction < 1)) throw new UsageError(`--validation-fraction: must be in (0, 1), got '${opts.validationFraction}'`);

  const plain = DATASET_NAMES.filter((n) => !n.includes(':'));
  if (!plain.includes(opts.dataset as never) && !/^(idx|csv):./.test(opts.dataset)) {
    throw new UsageError(`--dataset: unknown dataset '${opts.dataset}'; valid datasets: ${DATASET_NAMES.join(', ')}`);
  }
  const conv = opts.model.startsWith('conv');
  const data = await loadTaskData({ dataset: opts.dataset, testFraction, dataSeed, ...(validationFraction !== undefined ? { validationFraction } : {}) }, conv).catch((err: Error) => {
    throw new UsageError(`--dataset ${opts.dataset}: ${err.message}`);
  });
  if (data.train.length === 0 || data.test.length === 0) throw new UsageError(`--test-fraction ${testFraction} leaves an empty split of ${opts.dataset}`);
  if (data.validation !== null && data.validation.length === 0) throw new UsageError(`--validation-fraction ${validationFraction} leaves an empty validation split of ${opts.dataset}`);
  const model = opts.model === 'auto' ? autoModelSpec(data.train) : opts.model;
  const built = usage(`--model ${model}: `, () => buildModel(model, new Random(0)));
  usage(`--model ${model} does not fit --dataset ${opts.dataset}: `, () => noGrad(() => built.model.forward(data.train.batch([0]).x)));
  if (opts.loss === 'cross-entropy' && data.train.numClasses !== null && built.outputs !== data.train.numClasses) {
    throw new UsageError(`--model ${model} has ${built.outputs} outputs but ${opts.dataset} has ${data.train.numClasses} classes`);
  }
  // Each optimizer at its own rate unless one is given (SGD needs a far larger one than Adam), and
  // enough epochs for the configuration with the fewest updates per epoch to learn.
  for (const c of configurations) {
    // A tuned learning rate is left unset here: tuning sees it as free, and fills it per setting.
    if (c.hyperParameters.learningRate === undefined && !axes.some((a) => a.key === 'learningRate')) {
      c.hyperParameters = { ...c.hyperParameters, learningRate: defaultLearningRate(c.optimizer, c.hyperParameters, data.train) };
    }
  }
  const epochs = opts.epochs === 'auto'
    ? compareEpochs(data.train.length, configurations.map((c) => c.batchSize))
    : integer('--epochs', opts.epochs, 1);
  const sharpnessEvery = opts.sharpnessEvery === undefined ? undefined : integer('--sharpness-every', opts.sharpnessEvery, 1);
  const task: CompareTask = {
    dataset: opts.dataset, model, loss: opts.loss, epochs, testFraction, dataSeed, target,
    ...(validationFraction !== undefined ? { validationFraction } : {}),
    ...(sharpnessEvery !== undefined ? { sharpnessEvery } : {}),
  };
  const tuningRuns = !tuning ? null : usage('', () => tuningPlan(configurations, task, {
    axes,
    budget: opts.tuneBudget === undefined ? null : integer('--tune-budget', opts.tuneBudget, 1),
    searchSeed: integer('--tune-seed', opts.tuneSeed, 0),
    seeds: opts.tuneSeeds === undefined ? seeds : parseSeeds(opts.tuneSeeds, '--tune-seeds'),
    metric: opts.tuneMetric ?? (data.train.numClasses !== null && opts.loss === 'cross-entropy' ? 'error' : 'loss'),
  }));
  for (const c of [...configurations, ...(tuningRuns?.candidates.map((t) => t.configuration) ?? [])]) {
    const params = buildModel(model, new Random(0)).model.namedParameters();
    const optimizer = usage(`${flag} ${c.label}: `, () => {
      try {
        return createOptimizer(c.optimizer, params, { ...c.hyperParameters });
      } catch (err) {
        // The optimizer spec speaks in flags (--learning-rate); a sweep writes keys (learningRate).
        throw new Error((err as Error).message.replace(/--([a-z][a-z0-9-]*)/g, (_, k: string) => camel(k)));
      }
    });
    try {
      createSchedule(c.schedule, optimizer, epochs);
    } catch (err) {
      throw new UsageError((err as Error).message.replace(/^--schedule\b/, '--schedules'));
    }
  }
  const out = opts.out ?? join('runs', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  return { task, configurations, seeds, data, parameters: built.model.numParameters(), workers, out, chanceError: chanceErrorOf(data.test), tuning: tuningRuns, queue };
}

/** A bar over all epochs of all runs on a terminal; a line per finished run otherwise. */
class CompareProgress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly epochsDone: number[];
  private finished = 0;

  constructor(private readonly jobs: readonly RunJob[], private readonly stream: NodeJS.WriteStream) {
    this.epochsDone = jobs.map(() => 0);
    this.bar = stream.isTTY
      ? new cliProgress.SingleBar({ stream, format: 'runs {runs}/{total_runs} [{bar}] {value}/{total} epochs  {eta_formatted} left', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : null;
    this.bar?.start(jobs.reduce((a, j) => a + j.task.epochs, 0), 0, { runs: 0, total_runs: jobs.length });
  }

  private total(): number {
    return this.epochsDone.reduce((a, b) => a + b, 0);
  }

  progress(index: number, p: RunProgress): void {
    this.epochsDone[index] = p.epoch;
    this.bar?.update(this.total(), { runs: this.finished });
  }

  result(index: number, r: RunResult, where = ''): void {
    const job = this.jobs[index]!;
    this.epochsDone[index] = job.task.epochs;
    this.finished++;
    this.bar?.update(this.total(), { runs: this.finished });
    if (!this.bar) {
      const last = r.points[r.points.length - 1];
      if (!last) {
        this.stream.write(`[${this.finished}/${this.jobs.length}] ${job.configuration.label}, seed ${job.seed}: failed: ${r.failure ?? 'no result'}${where}\n`);
        return;
      }
      const error = last.validationError === null ? `held-out loss ${last.validationLoss.toFixed(4)}` : `held-out error ${(last.validationError * 100).toFixed(2)}%`;
      const end = r.failure ? `stopped: ${r.failure}` : `${error} after ${last.epoch} epochs`;
      this.stream.write(`[${this.finished}/${this.jobs.length}] ${job.configuration.label}, seed ${job.seed}: ${end} (${last.seconds.toFixed(1)} s)${where}\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

/** The command with every option's value (defaults included), to rerun the comparison. */
function commandLine(command: Command, opts: CompareOptions): string {
  const quote = (v: string): string => (/^[\w.,:=%/+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const parts = ['descent', 'compare'];
  for (const o of command.options) {
    const value = command.getOptionValue(o.attributeName()) as unknown;
    if (value === undefined || (isPlacement(o.attributeName()) && !PLACEMENT_FLAGS[o.attributeName()]!.inRerunCommand)) continue;
    if (Array.isArray(value)) {
      // A repeatable flag (--tune): once per value, nothing when none was given.
      for (const v of value) parts.push(o.long!, quote(String(v)));
      continue;
    }
    // Tuning options mean nothing without --tune: leave their defaults out of an untuned command.
    if (['tuneSeed', 'validationFraction'].includes(o.attributeName()) && opts.tune.length === 0) continue;
    if (o.attributeName() === 'queue') {
      parts.push(o.long!, quote(redactQueueUrl(String(value))));
      continue;
    }
    if (o.attributeName() === 'optimizers' && command.getOptionValueSource('optimizer') === 'cli') continue;
    parts.push(o.long!, quote(String(value)));
  }
  return parts.join(' ');
}

/** The worker module next to this one: `.ts` when running from source, `.js` when built. */
/** The compare worker's module beside the CLI (`.ts` from source, `.js` from dist); also used by `descent worker`. */
export function compareWorkerUrl(): URL {
  const ext = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`../workers/compare-worker${ext}`, import.meta.url);
}

/** Runs the jobs on the pool (or through the queue) with a progress bar (or a line per run). */
async function runJobs(jobs: RunJob[], p: Plan, phase: string): Promise<{ results: RunResult[]; execution: string; note: string | null; threads: number }> {
  const progress = new CompareProgress(jobs, process.stderr);
  try {
    if (p.queue) {
      // BullMQ (and the Redis client it loads) only when a queue is asked for.
      const { runQueued } = await loadQueueModule(() => import('../../experiments/queue/queue-coordinator.js'));
      const q = await runQueued(jobs, {
        connection: p.queue.connection,
        sweepId: p.queue.sweepId,
        phase,
        resultsDir: p.queue.resultsDir,
        onProgress: (i, epoch) => progress.progress(i, { epoch, epochs: jobs[i]!.task.epochs, validationError: null }),
        onResult: (i, r, worker) => progress.result(i, r, ` on ${worker}`),
      });
      const counts = Object.entries(q.workers).map(([w, n]) => `${w}: ${n}`).join(', ');
      return { results: q.results, execution: `queue ${p.queue.url}, sweep ${p.queue.sweepId} (${Object.keys(q.workers).length} worker process(es): ${counts})`, note: null, threads: 0 };
    }
    const workers = p.workers;
    const pool = await runPool<RunJob, RunResult, RunProgress>(jobs, {
      workers,
      workerUrl: compareWorkerUrl(),
      runInProcess: runConfiguration,
      onProgress: (i, q) => progress.progress(i, q),
      onResult: (i, r) => progress.result(i, r),
    });
    return { ...pool, execution: pool.threads > 1 ? `${pool.threads} worker threads` : pool.note ?? 'in-process' };
  } finally {
    progress.stop();
  }
}

/**
 * `--attach <id>`: the sweep's flags come from its record in Redis (what its first coordinator was
 * given), so the plan, the tuning choice and every run spec are the same; runs already stored are
 * collected, the others enqueued (a run still on the queue is not enqueued twice: same job id).
 */
async function attach(opts: CompareOptions, command: Command, explicit: (name: string) => boolean): Promise<void> {
  const extra = command.options.map((o) => o.attributeName()).filter((name) => explicit(name) && !PLACEMENT_FLAGS[name]?.withAttach);
  const allowed = Object.keys(PLACEMENT_FLAGS).filter((name) => name !== 'attach' && PLACEMENT_FLAGS[name]!.withAttach).map((n) => `--${kebab(n)}`);
  if (extra.length > 0) throw new UsageError(`--attach takes the sweep's flags from Redis: give only ${allowed.slice(0, -1).join(', ')} and ${allowed.at(-1)} with it, not ${extra.map((n) => `--${kebab(n)}`).join(', ')}`);
  if (opts.queue === undefined) throw new UsageError('--attach needs --queue (the Redis of the sweep)');
  const sweepId = usage('', () => checkSweepId(opts.attach!, '--attach'));
  const connection = usage('', () => parseQueueUrl(opts.queue!, '--queue'));
  const { withSweepQueue } = await loadQueueModule(() => import('../../experiments/queue/sweep-connection.js'));
  const { loadSweepMeta } = await loadQueueModule(() => import('../../experiments/queue/sweep-meta.js'));
  const meta = await withSweepQueue(connection, ({ client }) => loadSweepMeta(client, sweepId));
  if (meta === null) throw new UsageError(`--attach: no sweep '${sweepId}' on ${redactQueueUrl(opts.queue)} (a wrong id or --queue, or its keys expired ${SWEEP_TTL_DAYS} days after its report)`);
  const stored = meta.options as unknown as CompareOptions;
  const replay: CompareOptions = { ...stored, queue: opts.queue, sweepId, attach: undefined, out: opts.out ?? stored.out, results: opts.results ?? stored.results };
  console.log(`attaching to sweep ${sweepId}, started ${meta.createdAt}: ${meta.command}`);
  await runCompare(replay, (name) => meta.explicit.includes(name) || (name === 'results' && replay.results !== undefined), meta.command);
}

/** The flags that make a sweep what it is (the others say where it runs or where the report goes). */
const sweepDefinition = (opts: CompareOptions): string => JSON.stringify(Object.entries(opts).filter(([k]) => !isPlacement(k)).sort(([a], [b]) => a.localeCompare(b)));

async function runCompare(opts: CompareOptions, explicit: (name: string) => boolean, commandText: string): Promise<void> {
  const p = await plan(opts, explicit);
  if (p.queue) {
    await recordSweep(p, opts, explicit, commandText);
    console.log(`queue: ${p.queue.url}, sweep ${p.queue.sweepId} (workers: descent worker --queue <url>; progress: descent sweep status ${p.queue.sweepId} --queue <url>; if this process stops: descent compare --attach ${p.queue.sweepId} --queue <url>)`);
  }
  let configurations = p.configurations;
  let outcome: TuningOutcome | null = null;
  if (p.tuning) {
    console.log(`descent compare: tuning ${p.configurations.length} configuration(s) on ${p.data.validation!.length} validation samples carved from the training split: ${p.tuning.candidates.length} setting(s) × ${p.tuning.options.seeds.length} seed(s) = ${p.tuning.jobs.length} runs of ${p.task.epochs} epochs`);
    outcome = chooseSettings(p.tuning, (await runJobs(p.tuning.jobs, p, 'tune')).results);
    configurations = outcome.choices.map((c) => c.final);
    console.log(`tuned: ${outcome.choices.map((c) => c.final.label).join(', ')}`);
  }
  const jobs: RunJob[] = configurations.flatMap((configuration) => p.seeds.map((seed) => ({ task: p.task, configuration, seed })));
  console.log(`descent compare: ${p.task.dataset} (${p.data.train.length} train / ${p.data.test.length} held-out), model ${p.task.model} (${p.parameters} parameters), ${configurations.length} configuration(s) × ${p.seeds.length} seed(s) = ${jobs.length} runs of ${p.task.epochs} epochs`);

  const pool = await runJobs(jobs, p, 'final');
  const execution = pool.execution;
  if (p.queue) console.log(`runs: ${execution}`);
  if (pool.note) console.log(`note: ${pool.note}`);
  // After tuning, time-to-target needs a target every near-best optimizer reaches: 1.1 × the best.
  const task = outcome && p.task.target === null ? { ...p.task, target: defaultTarget(summarize(configurations, pool.results, null).map((s) => s.finalError)) } : p.task;
  const config = {
    command: 'compare',
    task,
    seeds: p.seeds,
    configurations: configurations.map((c) => ({ ...c, effectiveHyperParameters: effectiveHyperParameters(c.optimizer, c.hyperParameters) })),
    workers: pool.threads,
    ...(p.queue ? { queue: { url: p.queue.url, sweepId: p.queue.sweepId } } : {}),
    ...(outcome ? { tuning: tuningConfig(outcome, p.task.validationFraction!) } : {}),
  };
  const plain = compareReport(task, configurations, pool.results, {
    trainSamples: p.data.train.length,
    testSamples: p.data.test.length,
    parameters: p.parameters,
    seeds: p.seeds,
    execution,
    command: commandText,
    chanceError: p.chanceError,
  }, config);
  const report: Report = !outcome ? plain : {
    ...plain,
    tables: [plain.tables[0]!, tunedTable(outcome, p.chanceError), ...plain.tables.slice(1), tuningRunsTable(outcome)],
    figures: [...plain.figures, ...sensitivityFigures(task, outcome, task.loss === 'cross-entropy' ? chanceLoss(p.data.validation!) : null), ...timeToTargetFigures(task, configurations, pool.results, p.chanceError)],
    files: { ...plain.files, 'tuning.csv': tuningCsv(outcome) },
  };
  const written = await writeReport(p.out, report);
  if (p.queue) {
    const { withSweepQueue } = await loadQueueModule(() => import('../../experiments/queue/sweep-connection.js'));
    const { markReported } = await loadQueueModule(() => import('../../experiments/queue/sweep-meta.js'));
    await withSweepQueue(p.queue.connection, ({ client }) => markReported(client, p.queue!.sweepId, p.out));
  }
  console.log('');
  console.log(markdownTable(report.tables[0]!));
  if (outcome) console.log('\n' + markdownTable(report.tables[1]!));
  console.log(`report folder: ${p.out} (${written.files.length} files; open index.html)`);
}

/**
 * Writes the sweep's record to Redis (its flags, its runs per phase), for `--attach` and `sweep
 * status`. A sweep id already recorded with other flags is refused: its stored runs are another
 * sweep's numbers.
 */
async function recordSweep(p: Plan, opts: CompareOptions, explicit: (name: string) => boolean, commandText: string): Promise<void> {
  const queue = p.queue!;
  const { withSweepQueue } = await loadQueueModule(() => import('../../experiments/queue/sweep-connection.js'));
  const { loadSweepMeta, saveSweepMeta } = await loadQueueModule(() => import('../../experiments/queue/sweep-meta.js'));
  const options = JSON.parse(JSON.stringify(opts)) as Record<string, unknown>;
  await withSweepQueue(queue.connection, async ({ client }) => {
    const earlier = await loadSweepMeta(client, queue.sweepId);
    if (earlier && sweepDefinition(earlier.options as unknown as CompareOptions) !== sweepDefinition(opts)) {
      throw new UsageError(`--sweep-id ${queue.sweepId}: that sweep was started with other flags (${earlier.command}); use a new id, or --attach ${queue.sweepId} alone to finish it`);
    }
    await saveSweepMeta(client, queue.sweepId, {
      options,
      explicit: Object.keys(options).filter(explicit),
      command: commandText,
      phases: { ...(p.tuning ? { tune: p.tuning.jobs.length } : {}), final: p.configurations.length * p.seeds.length },
      createdAt: earlier?.createdAt ?? new Date().toISOString(),
    });
  });
}
