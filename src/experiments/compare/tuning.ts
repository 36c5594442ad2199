/**
 * Tuning inside a comparison, as the benchmark literature does it (Schmidt, Schneider & Hennig,
 * "Descending through a Crowded Valley", ICML 2021, https://arxiv.org/abs/2007.01547): each optimizer
 * gets its own search over the same ranges, every setting is trained with a few seeds and measured on a
 * validation split carved from the training data, the setting with the best mean is chosen, and only
 * then are the chosen settings run again and measured on the test split — so the choice never sees
 * the numbers it is judged by.
 */
import { optimizerSpecs } from '../../specs/optimizer-spec.js';
import { spread, type Spread } from './summary.js';
import { formatSetting, gridSettings, randomSettings, type TuneAxis, type TuneSetting } from './tune-spec.js';
import type { CompareTask, Configuration, RunJob, RunResult } from './types.js';

/** What `--tune`, `--tune-budget`, `--tune-seed`, `--tune-seeds` and `--tune-metric` ask for. */
export interface TuneOptions {
  axes: readonly TuneAxis[];
  /** Random search with this many settings; null: the full product grid. */
  budget: number | null;
  /** Seed of the random search (the settings drawn), independent of the training seeds. */
  searchSeed: number;
  /** Seeds every setting is trained with; the choice is on their mean. */
  seeds: readonly number[];
  /** What the choice minimises: final validation error (classification) or final validation loss. */
  metric: 'error' | 'loss';
}

/** One setting of one configuration, as trained during tuning. */
export interface TuningCandidate {
  /** The configuration being tuned (an optimizer with its batch size, schedule and averaging). */
  base: Configuration;
  /** The tuned values that apply to it (keys it fixes itself or does not have are left out). */
  setting: TuneSetting;
  /** The configuration the tuning runs train: the base with the setting applied. */
  configuration: Configuration;
}

/** Every tuning run to do, before any has run. */
export interface TuningPlan {
  options: TuneOptions;
  /** The settings searched (before projecting onto each optimizer's own keys). */
  settings: readonly TuneSetting[];
  candidates: TuningCandidate[];
  /** Per base configuration id: the tuned keys that do not apply to it, and why. */
  untuned: Record<string, string[]>;
  /** Candidates × tuning seeds, measured on the validation split. */
  jobs: RunJob[];
}

/** A candidate's tuning runs, aggregated over the tuning seeds. */
export interface CandidateScore {
  candidate: TuningCandidate;
  finalError: Spread | null;
  finalLoss: Spread | null;
  /** The number the choice minimises (Infinity when a seed stopped early or the metric is missing). */
  score: number;
  failures: string[];
}

/** The outcome for one base configuration. */
export interface TunedChoice {
  base: Configuration;
  scores: CandidateScore[];
  best: CandidateScore;
  /** The configuration the final runs train: the base at the chosen setting, labelled with it. */
  final: Configuration;
}

/** Everything tuning produced, for the report. */
export interface TuningOutcome {
  plan: TuningPlan;
  results: readonly RunResult[];
  choices: TunedChoice[];
}

/**
 * The tuning runs: for every base configuration, every searched setting projected onto the keys the
 * optimizer has and does not fix itself (`adam:learningRate=0.01` keeps its rate; a momentum range
 * leaves Adam alone), without duplicates. Candidate ids are `t1`, `t2`, … Throws when a tuned key
 * applies to no configuration.
 *
 * @example
 * const plan = tuningPlan(configurations, task, { axes: [parseTuneAxis('learningRate=log:1e-3..1,4', '--tune')], budget: null, searchSeed: 0, seeds: [1, 2], metric: 'error' });
 * plan.jobs.length; // configurations × 4 × 2
 */
export function tuningPlan(base: readonly Configuration[], task: CompareTask, options: TuneOptions): TuningPlan {
  if (task.validationFraction === undefined) throw new Error('tuning needs a validation split: set the task\'s validationFraction');
  const settings = options.budget === null ? gridSettings(options.axes) : randomSettings(options.axes, options.budget, options.searchSeed);
  const keysOf = new Map(optimizerSpecs().map((o) => [o.name, new Set(o.specs.map((s) => s.name))]));
  const used = new Set<string>();
  const untuned: Record<string, string[]> = {};
  const candidates: TuningCandidate[] = [];
  for (const b of base) {
    const has = keysOf.get(b.optimizer) ?? new Set<string>();
    const skipped: string[] = [];
    const keys = options.axes.map((a) => a.key).filter((k) => {
      if (!has.has(k)) skipped.push(`${k}: ${b.optimizer} has no such hyper-parameter`);
      else if (b.hyperParameters[k] !== undefined) skipped.push(`${k}: fixed at ${String(b.hyperParameters[k])} on the command line`);
      else return true;
      return false;
    });
    if (skipped.length) untuned[b.id] = skipped;
    for (const k of keys) used.add(k);
    const seen = new Set<string>();
    for (const s of settings) {
      const setting = Object.fromEntries(keys.map((k) => [k, s[k]!]));
      const text = formatSetting(setting);
      if (seen.has(text)) continue;
      seen.add(text);
      const configuration: Configuration = {
        ...b,
        id: `t${candidates.length + 1}`,
        label: text ? `${b.label} ${text}` : b.label,
        hyperParameters: { ...b.hyperParameters, ...setting },
      };
      candidates.push({ base: b, setting, configuration });
    }
  }
  for (const a of options.axes) {
    if (!used.has(a.key)) throw new Error(`--tune: ${a.key} applies to none of the optimizers (${[...new Set(base.map((b) => b.optimizer))].join(', ')})`);
  }
  // Sharpness is measured in the final runs only: tuning runs choose a setting, their curves are not plotted.
  const { sharpnessEvery: _notTuned, ...measured } = task;
  const tuningTask: CompareTask = { ...measured, heldOut: 'validation' };
  const jobs = candidates.flatMap((c) => options.seeds.map((seed) => ({ task: tuningTask, configuration: c.configuration, seed })));
  return { options, settings, candidates, untuned, jobs };
}

const last = (r: RunResult): RunResult['points'][number] | undefined => (r.points.length > 1 ? r.points[r.points.length - 1] : undefined);

/** Aggregates one candidate's tuning runs. */
function scoreOf(candidate: TuningCandidate, results: readonly RunResult[], metric: TuneOptions['metric']): CandidateScore {
  const runs = results.filter((r) => r.configurationId === candidate.configuration.id);
  const finalError = spread(runs.map((r) => last(r)?.validationError));
  const finalLoss = spread(runs.map((r) => last(r)?.validationLoss));
  const failures = runs.filter((r) => r.failure !== null).map((r) => `seed ${r.seed}: ${r.failure}`);
  const chosen = metric === 'error' ? finalError : finalLoss;
  // A setting that diverged on any seed, or lacks the metric on one, is never chosen: a mean over the
  // seeds that survived would reward luck.
  const complete = runs.length > 0 && failures.length === 0 && chosen !== null && chosen.count === runs.length;
  return { candidate, finalError, finalLoss, score: complete ? chosen.mean : Infinity, failures };
}

/**
 * Chooses each base configuration's setting: the lowest mean (over the tuning seeds) of the final
 * validation metric; ties go to the lower mean validation loss, then to the earlier setting (the
 * smaller value on a sorted grid). When every setting diverged, the first is kept and the report says so.
 *
 * @example
 * const outcome = chooseSettings(plan, tuningResults);
 * outcome.choices[0].best.candidate.setting; // { learningRate: 0.316228 }
 */
export function chooseSettings(plan: TuningPlan, results: readonly RunResult[]): TuningOutcome {
  const bases = [...new Map(plan.candidates.map((c) => [c.base.id, c.base])).values()];
  const choices = bases.map((base): TunedChoice => {
    const scores = plan.candidates.filter((c) => c.base.id === base.id).map((c) => scoreOf(c, results, plan.options.metric));
    let best = scores[0]!;
    for (const s of scores.slice(1)) {
      const tieLoss = (s.finalLoss?.mean ?? Infinity) < (best.finalLoss?.mean ?? Infinity);
      if (s.score < best.score || (s.score === best.score && Number.isFinite(s.score) && tieLoss)) best = s;
    }
    const text = formatSetting(best.candidate.setting);
    const final: Configuration = { ...base, label: text ? `${base.label} ${text}` : base.label, hyperParameters: best.candidate.configuration.hyperParameters };
    return { base, scores, best, final };
  });
  return { plan, results, choices };
}

/**
 * The default time-to-target after tuning: 1.1 × the best mean final test error of any optimizer (a
 * target every optimizer that nearly matches the best one reaches), or null without errors.
 */
export function defaultTarget(finalErrors: readonly (Spread | null)[]): number | null {
  const means = finalErrors.filter((s): s is Spread => s !== null).map((s) => s.mean);
  if (means.length === 0) return null;
  return Math.min(0.999, Math.min(...means) * 1.1);
}
