/**
 * The comparison report: one figure per metric (training divergence, held-out divergence, held-out
 * error), each against epochs, updates and wall time, with min–max bands over the seeds; the table;
 * and the raw numbers (CSV per epoch, JSON lines per run, CSV summary).
 */
import type { Figure } from '../../plot/figure.js';
import { lineChart, type Series } from '../../plot/line-chart.js';
import { toCsv } from '../../plot/report/csv.js';
import { toJsonLines } from '../../plot/report/jsonl.js';
import type { Report } from '../../plot/report/report-folder.js';
import type { Table } from '../../plot/report/table.js';
import { effectiveHyperParameters } from '../../specs/training-defaults.js';
import { bandOverSeeds, summarize, type ConfigurationSummary, type Spread } from './summary.js';
import { sharpnessFigure, sharpnessRows } from './sharpness-figure.js';
import type { CompareTask, Configuration, EpochPoint, RunResult } from './types.js';

/** Facts about the run shown in the report's introduction. */
export interface CompareInfo {
  trainSamples: number;
  testSamples: number;
  parameters: number;
  seeds: readonly number[];
  /** How the runs were executed (`2 worker threads`, `in-process`), and why. */
  execution: string;
  /** The command line that produced the report. */
  command?: string;
  /**
   * Held-out error of always answering the most frequent class (1 − chance accuracy), drawn as a
   * dashed "chance" rule on the error figure; absent or null for regression.
   */
  chanceError?: number | null;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function spreadCell(s: Spread | null, format: (x: number) => string, range: (x: number) => string = format): string {
  if (!s) return '—';
  return s.count > 1 && s.max > s.min ? `${format(s.mean)} (${range(s.min)}–${range(s.max)})` : format(s.mean);
}

/**
 * "not reached", or the mean (min–max) over the seeds that reached it, with their count if not all.
 * Updates and epochs by default; `format`/`range` for other units (seconds).
 */
function targetCell(
  values: readonly (number | null)[],
  format: (x: number) => string = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1)),
  range: (x: number) => string = String,
): string {
  const hit = values.filter((v): v is number => v !== null);
  if (hit.length === 0) return 'not reached';
  const mean = hit.reduce((a, b) => a + b, 0) / hit.length;
  const s = spreadCell({ mean, min: Math.min(...hit), max: Math.max(...hit), count: hit.length }, format, range);
  return hit.length < values.length ? `${s} in ${hit.length}/${values.length} seeds` : s;
}

/** {@link targetCell} for wall time: two decimals. */
const secondsCell = (values: readonly (number | null)[]): string => targetCell(values, (x) => `${x.toFixed(2)} s`, (x) => x.toFixed(2));

/** The comparison table (Markdown and HTML render the same cells). */
export function compareTable(task: CompareTask, summaries: readonly ConfigurationSummary[]): Table {
  const withTarget = task.target !== null;
  const anyFailure = summaries.some((s) => s.failures.length > 0);
  const columns = ['configuration', 'final held-out error', 'best held-out error', ...(withTarget ? [`epochs to ≤ ${pct(task.target!)}`, `updates to ≤ ${pct(task.target!)}`, `seconds to ≤ ${pct(task.target!)}`] : []), 'final held-out loss', 'wall time', ...(anyFailure ? ['stopped early'] : [])];
  const rows = summaries.map((s) => {
    const epochs = s.targetHits.map((h) => (h ? h.epoch : null));
    const updates = s.targetHits.map((h) => (h ? h.updates : null));
    const seconds = s.targetHits.map((h) => (h ? h.seconds : null));
    return [
      s.configuration.label,
      spreadCell(s.finalError, pct),
      spreadCell(s.bestError, pct),
      ...(withTarget ? [targetCell(epochs), targetCell(updates), secondsCell(seconds)] : []),
      spreadCell(s.finalValidationLoss, (x) => x.toFixed(4)),
      spreadCell(s.seconds, (x) => `${x.toFixed(2)} s`, (x) => x.toFixed(2)),
      ...(anyFailure ? [s.failures.map((f) => (/^seed \d+: worker /.test(f) ? f.replace(/^(seed \d+): worker .*/, '$1: failed on a worker') : `${f.replace(/:.*$/, '')}: non-finite`)).join(', ')] : []),
    ];
  });
  const notes = [
    `Cells: mean over ${summaries[0]?.seeds.length ?? 0} seed(s), (min–max) when they differ. Errors are measured on the held-out split after each epoch.`,
    ...(withTarget ? [`Target: held-out error ≤ ${pct(task.target!)}, checked after each epoch; "not reached" means no epoch of any seed got there (it is not 0).`] : []),
    ...summaries.flatMap((s) => s.failures.map((f) => `${s.configuration.label}, ${f}`)),
  ];
  return { caption: 'Comparison', columns, rows, notes };
}

/** `0.001`, `true`, `0.9;0.999`: a hyper-parameter value as a sweep would write it. */
function formatHyper(value: unknown): string {
  return Array.isArray(value) ? value.join(';') : String(value);
}

/**
 * Every hyper-parameter each configuration ran with: the optimizer's defaults, the options its name
 * implies (`momentum`: momentum 0.9) and those given or chosen for the run (the learning rate), with
 * batch size, schedule, averaging and epochs.
 */
export function hyperParameterTable(task: CompareTask, configurations: readonly Configuration[]): Table {
  const rows = configurations.map((c) => {
    const all = effectiveHyperParameters(c.optimizer, c.hyperParameters);
    const { learningRate, ...rest } = all;
    return [
      c.label,
      c.optimizer,
      learningRate === undefined ? '—' : formatHyper(learningRate),
      Object.entries(rest).map(([k, v]) => `${k}=${formatHyper(v)}`).join(' '),
      String(c.batchSize),
      c.schedule,
      c.averaging,
      String(task.epochs),
    ];
  });
  return {
    caption: 'Hyper-parameters',
    columns: ['configuration', 'optimizer', 'learning rate', 'other hyper-parameters', 'batch size', 'schedule', 'averaging', 'epochs'],
    rows,
    notes: ['Every value each configuration ran with, defaults included. A learning rate not given on the command line is the one the registry recommends for the optimizer and the dataset\'s scale (SGD (1 − momentum) on small low-dimensional data, 0.1·(1 − momentum) otherwise; the Adam family 1e-2 on small data, its default 1e-3 otherwise; …).'],
  };
}

type Metric = { key: 'trainLoss' | 'validationLoss' | 'validationError'; name: string; title: string; caption: string; description: string; yTitle: string; y: (p: EpochPoint) => number | null };

function metrics(task: CompareTask): Metric[] {
  const unit = task.loss === 'mse' ? 'mean squared error' : 'cross-entropy (nats)';
  return [
    { key: 'trainLoss', name: 'training-divergence', title: 'Training divergence', yTitle: `training ${unit}`, caption: 'Training divergence', description: 'The running mean of the batch losses over each epoch (epoch 0: the initial model on the whole training split). Panels: against epochs, optimizer updates and wall time; lines are means over the seeds, bands their min–max.', y: (p) => p.trainLoss },
    { key: 'validationLoss', name: 'held-out-divergence', title: 'Held-out divergence', yTitle: `held-out ${unit}`, caption: 'Held-out divergence', description: 'The divergence on the held-out split after each epoch (with averaged weights when averaging is on).', y: (p) => p.validationLoss },
    { key: 'validationError', name: 'held-out-error', title: 'Held-out error', yTitle: 'held-out error (%)', caption: 'Held-out error', description: 'The fraction of held-out samples misclassified after each epoch, in percent; the dashed rule is chance, the error of always answering the most frequent class.', y: (p) => (p.validationError === null ? null : p.validationError * 100) },
  ];
}

/** The three figures: per metric, panels against epochs, updates and wall time. */
export function compareFigures(task: CompareTask, configurations: readonly Configuration[], results: readonly RunResult[], seeds: number, chanceError: number | null = null): Figure[] {
  const byConfig = configurations.map((c) => ({ c, runs: results.filter((r) => r.configurationId === c.id) }));
  const axes: Array<{ title: string; integer: boolean; x: (p: EpochPoint) => number }> = [
    { title: 'epoch', integer: true, x: (p) => p.epoch },
    { title: 'updates (optimizer steps)', integer: true, x: (p) => p.updates },
    { title: 'wall time (s)', integer: false, x: (p) => p.seconds },
  ];
  return metrics(task)
    .filter((m) => m.key !== 'validationError' || results.some((r) => r.points.some((p) => p.validationError !== null)))
    .map((m) => ({
      name: m.name,
      caption: m.caption,
      description: m.description,
      spec: lineChart({
        title: m.title,
        subtitle: seeds > 1 ? `${task.dataset}, ${task.model}: mean over ${seeds} seeds, band min–max` : `${task.dataset}, ${task.model}: one seed`,
        y: { title: m.yTitle },
        ...(m.key === 'validationError' && chanceError !== null ? { rules: [{ y: chanceError * 100, label: 'chance' }] } : {}),
        panels: axes.map((a) => ({
          x: { title: a.title, integer: a.integer },
          series: byConfig.map(({ c, runs }): Series => ({ name: c.label, points: bandOverSeeds(runs, a.x, m.y) })),
        })),
      }),
    }));
}

/** The raw numbers: one CSV row per (configuration, seed, epoch), one JSON line per run, the table as CSV. */
export function compareFiles(task: CompareTask, configurations: readonly Configuration[], results: readonly RunResult[], summaries: readonly ConfigurationSummary[], config: unknown): Record<string, string> {
  const byId = new Map(configurations.map((c) => [c.id, c]));
  const epochRows = results.flatMap((r) => {
    const c = byId.get(r.configurationId)!;
    return r.points.map((p) => ({
      configuration: c.id, label: c.label, optimizer: c.optimizer, hyperParameters: JSON.stringify(c.hyperParameters), batchSize: c.batchSize, schedule: c.schedule, averaging: c.averaging,
      seed: r.seed, ...p,
    }));
  });
  const epochColumns = ['configuration', 'label', 'optimizer', 'hyperParameters', 'batchSize', 'schedule', 'averaging', 'seed', 'epoch', 'updates', 'seconds', 'trainLoss', 'validationLoss', 'validationError', 'learningRate'];
  const summaryRows = summaries.flatMap((s) => s.seeds.map((seed, i) => {
    const run = results.find((r) => r.configurationId === s.configuration.id && r.seed === seed)!;
    const trained = run.points.slice(1);
    // A run that failed on a queue worker has no points at all.
    const last = run.points[run.points.length - 1] ?? { epoch: null, updates: null, seconds: null, validationError: null, validationLoss: null };
    const hit = s.targetHits[i] ?? null;
    return {
      configuration: s.configuration.id, label: s.configuration.label, seed,
      epochs: last.epoch, updates: last.updates, seconds: last.seconds,
      finalValidationError: trained.length ? last.validationError : null,
      bestValidationError: trained.length ? Math.min(...trained.map((p) => p.validationError ?? Infinity)) : null,
      finalValidationLoss: trained.length ? last.validationLoss : null,
      target: task.target, reached: task.target === null ? null : hit !== null,
      epochsToTarget: hit?.epoch ?? null, updatesToTarget: hit?.updates ?? null, secondsToTarget: hit?.seconds ?? null,
      failure: run.failure,
    };
  }));
  const sharpness = sharpnessRows(configurations, results);
  const summaryColumns = ['configuration', 'label', 'seed', 'epochs', 'updates', 'seconds', 'finalValidationError', 'bestValidationError', 'finalValidationLoss', 'target', 'reached', 'epochsToTarget', 'updatesToTarget', 'secondsToTarget', 'failure'];
  return {
    'epochs.csv': toCsv(epochColumns, epochRows),
    'summary.csv': toCsv(summaryColumns, summaryRows),
    'runs.jsonl': toJsonLines(results.map((r) => ({ configuration: byId.get(r.configurationId), effectiveHyperParameters: effectiveHyperParameters(byId.get(r.configurationId)!.optimizer, byId.get(r.configurationId)!.hyperParameters), seed: r.seed, parameters: r.parameters, failure: r.failure, points: r.points, ...(r.sharpness ? { sharpness: r.sharpness } : {}) }))),
    'config.json': JSON.stringify(config, null, 2) + '\n',
    ...(sharpness.length > 0 ? { 'sharpness.csv': toCsv(['configuration', 'label', 'seed', 'update', 'sharpness', 'twoOverLr'], sharpness) } : {}),
  };
}

/**
 * Everything the report folder holds for a comparison.
 *
 * @example
 * const written = await writeReport(out, compareReport(task, configurations, results, info, config));
 */
export function compareReport(task: CompareTask, configurations: readonly Configuration[], results: readonly RunResult[], info: CompareInfo, config: unknown): Report {
  const summaries = summarize(configurations, results, task.target);
  return {
    title: `descent compare — ${task.dataset}`,
    intro: [
      `Dataset ${task.dataset} (${info.trainSamples} training / ${info.testSamples} held-out samples, data seed ${task.dataSeed}); model ${task.model} (${info.parameters} parameters); ${task.loss}; ${task.epochs} epochs.`,
      `${configurations.length} configuration(s) × ${info.seeds.length} seed(s) (${info.seeds.join(', ')}). For a given seed every configuration starts from the same initial weights and sees the data in the same order. Runs: ${info.execution}.`,
      ...(info.command ? [`Command: ${info.command}`] : []),
    ],
    tables: [compareTable(task, summaries), hyperParameterTable(task, configurations)],
    figures: [
      ...compareFigures(task, configurations, results, info.seeds.length, info.chanceError ?? null),
      ...[sharpnessFigure(task, configurations, results, info.seeds.length)].filter((f) => f !== null),
    ],
    files: compareFiles(task, configurations, results, summaries, config),
  };
}
