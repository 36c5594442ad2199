/**
 * What a tuned comparison adds to the report: the tuned value per optimizer, every setting tried with
 * its validation numbers, the sensitivity curves (final validation loss against each tuned
 * hyper-parameter), time-to-target curves, and the raw tuning runs.
 */
import type { Dataset } from '../../data/dataset.js';
import type { Figure } from '../../plot/figure.js';
import { lineChart, type Series, type SeriesPoint } from '../../plot/line-chart.js';
import { toCsv } from '../../plot/report/csv.js';
import type { Table } from '../../plot/report/table.js';
import { effectiveHyperParameters } from '../../specs/training-defaults.js';
import { firstReached, type Spread } from './summary.js';
import { formatSetting } from './tune-spec.js';
import type { TuningOutcome, CandidateScore } from './tuning.js';
import type { CompareTask, Configuration, RunResult } from './types.js';
import { kebab } from '../../specs/optimizer-spec.js';
import { classFrequencies } from '../../train/chance.js';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const cell = (s: Spread | null, f: (x: number) => string): string => (s === null ? '—' : s.count > 1 && s.max > s.min ? `${f(s.mean)} (${f(s.min)}–${f(s.max)})` : f(s.mean));
const lossText = (x: number): string => x.toPrecision(4);

/**
 * The cross-entropy of the best constant prediction (the class frequencies of `data`): what a model
 * that learnt nothing from the features scores, drawn as "chance" on the sensitivity curves. Null for
 * regression targets.
 */
export function chanceLoss(data: Dataset): number | null {
  const f = classFrequencies(data);
  return f === null ? null : -f.filter((p) => p > 0).reduce((a, p) => a + p * Math.log(p), 0);
}

/** One row per tuned configuration: the value chosen for each tuned hyper-parameter, and how it scored. */
export function tunedTable(outcome: TuningOutcome, chanceError: number | null): Table {
  const { options } = outcome.plan;
  const keys = options.axes.map((a) => a.key);
  const metric = options.metric === 'error' ? 'validation error' : 'validation loss';
  const allFailed = outcome.choices.some((c) => !Number.isFinite(c.best.score));
  const rows = outcome.choices.map((c) => [
    c.base.label,
    ...keys.map((k) => (c.best.candidate.setting[k] === undefined ? `— (${(outcome.plan.untuned[c.base.id] ?? []).find((u) => u.startsWith(`${k}:`))?.slice(k.length + 2) ?? 'not tuned'})` : String(c.best.candidate.setting[k]))),
    cell(c.best.finalError, pct),
    cell(c.best.finalLoss, lossText),
    `${c.scores.length}`,
    `${c.scores.filter((s) => s.failures.length > 0).length}`,
    ...(allFailed ? [Number.isFinite(c.best.score) ? '' : 'every setting stopped early: first kept'] : []),
  ]);
  const search = options.budget === null ? `the product grid of ${options.axes.map((a) => a.text).join(' × ')}` : `${options.budget} settings drawn at random (seed ${options.searchSeed}) from ${options.axes.map((a) => a.text).join(', ')}`;
  return {
    caption: 'Tuned hyper-parameters',
    columns: ['configuration', ...keys.map((k) => `tuned ${k}`), 'final validation error', 'final validation loss', 'settings tried', 'settings stopped early', ...(allFailed ? ['note'] : [])],
    rows,
    notes: [
      `Each configuration searched ${search}, each setting trained with seed(s) ${options.seeds.join(', ')} and measured on a validation split carved from the training data; the setting with the lowest mean final ${metric} was chosen (ties: lower validation loss). A setting that stopped early (non-finite) on any seed is never chosen. The comparison above is the chosen settings run again and measured on the test split, which tuning never saw.`,
      ...(chanceError !== null ? [`Chance level: ${pct(chanceError)} held-out error (always answering the most frequent class).`] : []),
    ],
  };
}

/** Every setting tried, with its validation numbers (the sensitivity curves as numbers). */
export function tuningRunsTable(outcome: TuningOutcome): Table {
  const rows = outcome.choices.flatMap((c) => c.scores.map((s: CandidateScore) => [
    c.base.label,
    formatSetting(s.candidate.setting) || '(nothing tuned)',
    cell(s.finalError, pct),
    cell(s.finalLoss, lossText),
    s.failures.length ? `${s.failures.length} seed(s) stopped early` : '',
    s === c.best ? 'chosen' : '',
  ]));
  return {
    caption: 'Tuning runs',
    columns: ['configuration', 'setting', 'final validation error', 'final validation loss', 'stopped early', 'chosen'],
    rows,
    notes: [`Mean (min–max) over the tuning seeds, on the validation split. Every hyper-parameter of every tuning run is in tuning.csv.`],
  };
}

/**
 * The sensitivity curves, one figure per tuned hyper-parameter: final validation loss against the
 * value, one line per configuration, band min–max over the seeds, log x axis for a log range. With
 * several tuned keys on a grid, the line is the slice through the chosen setting (the other keys at
 * their chosen values); with random search, every setting drawn.
 */
export function sensitivityFigures(task: CompareTask, outcome: TuningOutcome, chance: number | null): Figure[] {
  const { axes, budget } = outcome.plan.options;
  return axes.map((axis): Figure => {
    const series = outcome.choices.filter((c) => c.best.candidate.setting[axis.key] !== undefined).map((c): Series => {
      const others = Object.entries(c.best.candidate.setting).filter(([k]) => k !== axis.key);
      const slice = budget === null ? c.scores.filter((s) => others.every(([k, v]) => s.candidate.setting[k] === v)) : c.scores;
      const points = slice
        .filter((s) => s.finalLoss !== null)
        .map((s): SeriesPoint => ({ x: s.candidate.setting[axis.key]!, y: s.finalLoss!.mean, lo: s.finalLoss!.min, hi: s.finalLoss!.max }))
        .sort((a, b) => a.x - b.x);
      return { name: c.base.label, points };
    });
    const seeds = outcome.plan.options.seeds.length;
    // A setting that nearly diverged ends orders of magnitude above the rest: a log y axis keeps the
    // good settings' differences visible.
    const ys = series.flatMap((x) => x.points.flatMap((q) => [q.lo ?? q.y, q.hi ?? q.y])).filter((v) => v > 0 && Number.isFinite(v));
    const yScale = ys.length > 0 && Math.max(...ys) / Math.min(...ys) > 10 ? 'log' : 'linear';
    return {
      name: `sensitivity-${kebab(axis.key)}`,
      caption: `Sensitivity to ${axis.key}`,
      description: `Final validation loss after ${task.epochs} epochs against ${axis.key} (${axis.text}), one line per configuration${seeds > 1 ? `, mean over ${seeds} seeds with the min–max band` : ''}. A missing point diverged. ${axes.length > 1 && budget === null ? 'The other tuned hyper-parameters are held at each configuration\'s chosen values.' : ''}${chance !== null ? ' The dashed rule is chance: the loss of predicting the class frequencies.' : ''}`.trim(),
      spec: lineChart({
        title: `Sensitivity to ${axis.key}`,
        subtitle: `${task.dataset}, ${task.model}: validation split, ${seeds > 1 ? `mean over ${seeds} seeds, band min–max` : 'one seed'}`,
        y: { title: `final validation ${task.loss === 'mse' ? 'mean squared error' : 'cross-entropy (nats)'}`, scale: yScale },
        ...(chance !== null ? { rules: [{ y: chance, label: 'chance' }] } : {}),
        panels: [{ x: { title: axis.key, scale: axis.scale === 'log' ? 'log' : 'linear' }, series }],
      }),
    };
  });
}

/**
 * Time to target as curves: for held-out error targets from the chance level down to the best error
 * reached, the updates (first figure) and seconds (second) each configuration needed to first reach
 * it — mean over the seeds that reached it, band min–max; a configuration stops where a seed misses.
 */
export function timeToTargetFigures(task: CompareTask, configurations: readonly Configuration[], results: readonly RunResult[], chanceError: number | null): Figure[] {
  const errors = results.flatMap((r) => r.points.map((p) => p.validationError)).filter((e): e is number => e !== null && Number.isFinite(e));
  if (errors.length === 0) return [];
  const best = Math.min(...errors);
  const top = chanceError ?? Math.max(...errors);
  if (!(top > best)) return [];
  const targets = Array.from({ length: 25 }, (_, i) => best + ((top - best) * i) / 24);
  const curves = (measure: 'updates' | 'seconds'): Series[] => configurations.map((c) => {
    const runs = results.filter((r) => r.configurationId === c.id);
    const points: SeriesPoint[] = [];
    for (const t of targets) {
      const hits = runs.map((r) => firstReached(r.points, t));
      if (hits.some((h) => h === null)) continue;
      const ys = hits.map((h) => h![measure]);
      points.push({ x: t * 100, y: ys.reduce((a, b) => a + b, 0) / ys.length, lo: Math.min(...ys), hi: Math.max(...ys) });
    }
    return { name: c.label, points };
  });
  const figure = (measure: 'updates' | 'seconds', yTitle: string): Figure => ({
    name: `time-to-target-${measure}`,
    caption: `Time to target (${measure})`,
    description: `The ${measure === 'updates' ? 'optimizer updates' : 'wall-clock seconds'} until the held-out (test) error first reaches each target, checked after every epoch: mean over the seeds, band min–max; a line stops at targets some seed never reached.`,
    spec: lineChart({
      title: `Time to target: ${measure}`,
      subtitle: `${task.dataset}, ${task.model}: test split`,
      y: { title: yTitle },
      panels: [{ x: { title: 'target held-out error (%)' }, series: curves(measure) }],
    }),
  });
  return [figure('updates', 'updates to reach the target'), figure('seconds', 'seconds to reach the target')];
}

/** `tuning.csv`: one row per tuning run with every hyper-parameter it used and its final validation numbers. */
export function tuningCsv(outcome: TuningOutcome): string {
  const chosen = new Set(outcome.choices.map((c) => c.best.candidate.configuration.id));
  const rows = outcome.plan.candidates.flatMap((cand) => outcome.results.filter((r) => r.configurationId === cand.configuration.id).sort((a, b) => a.seed - b.seed).map((r) => {
    const end = r.points[r.points.length - 1] ?? { epoch: null, updates: null, seconds: null, validationLoss: null, validationError: null };
    const c = cand.configuration;
    return {
      candidate: c.id, configuration: cand.base.id, label: c.label, optimizer: c.optimizer, setting: JSON.stringify(cand.setting),
      hyperParameters: JSON.stringify(effectiveHyperParameters(c.optimizer, c.hyperParameters)), batchSize: c.batchSize, schedule: c.schedule, averaging: c.averaging,
      seed: r.seed, epochs: end.epoch, updates: end.updates, seconds: end.seconds,
      finalValidationLoss: r.points.length > 1 ? end.validationLoss : null, finalValidationError: r.points.length > 1 ? end.validationError : null,
      failure: r.failure, chosen: chosen.has(c.id),
    };
  }));
  return toCsv(['candidate', 'configuration', 'label', 'optimizer', 'setting', 'hyperParameters', 'batchSize', 'schedule', 'averaging', 'seed', 'epochs', 'updates', 'seconds', 'finalValidationLoss', 'finalValidationError', 'failure', 'chosen'], rows);
}

/** The tuning's description for `config.json`: the search, the seeds, the metric, and each choice. */
export function tuningConfig(outcome: TuningOutcome, validationFraction: number): Record<string, unknown> {
  const o = outcome.plan.options;
  return {
    search: o.budget === null ? 'grid' : 'random',
    axes: o.axes.map((a) => ({ key: a.key, scale: a.scale, lo: a.lo, hi: a.hi, values: a.values, text: a.text })),
    budget: o.budget,
    searchSeed: o.searchSeed,
    seeds: o.seeds,
    metric: o.metric,
    validationFraction,
    settings: outcome.plan.settings,
    untuned: outcome.plan.untuned,
    chosen: outcome.choices.map((c) => ({ configuration: c.base.id, label: c.base.label, setting: c.best.candidate.setting, score: Number.isFinite(c.best.score) ? c.best.score : null })),
  };
}
