/**
 * Where a run's config comes from: defaults, then a `--config` file, then flags — or, with
 * `--resume <dir>`, the run's own config.json, which flags may not contradict (except `--epochs`,
 * which extends or shortens the run). Reads files; writes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { readJsonFile } from './read-json.js';
import { CONFIG_KEYS, mergeConfig, parseConfigObject, type TrainConfig } from '../../train/run-config.js';
import { configFlag, parseConfigFlags } from './config-flags.js';
import { kebab } from '../../specs/optimizer-spec.js';
import { absoluteDatasetSpec } from '../../specs/dataset-spec.js';

/** Keys a resumed run may change with a flag: the length of the run. */
export const RESUMABLE_CHANGES: ReadonlySet<keyof TrainConfig> = new Set(['epochs']);

/** A config and where each of its values came from. */
export interface ResolvedTrainConfig {
  config: TrainConfig;
  /** The run folder to continue, or null for a new run. */
  resumeDir: string | null;
  /**
   * For error messages about a key's value found later (a model spec that does not parse): the file
   * it came from, or undefined when it came from a flag or a default (the message names those).
   */
  where: Partial<Record<keyof TrainConfig, string>>;
  /** The config.json this run starts from (resume only), to tell whether it must be rewritten. */
  saved: TrainConfig | null;
  /**
   * The keys set by a flag or a config file (all keys on resume): the others hold defaults, which a
   * new run may replace with values chosen from the data (a model that fits it, enough epochs).
   */
  given: ReadonlySet<keyof TrainConfig>;
}

/** The options of `descent train` this module reads (commander's parsed options). */
export interface TrainFlagValues extends Readonly<Record<string, unknown>> {
  config?: string;
  resume?: string;
}

/** `runs/train-2026-12-02T07-41-00-000Z`. */
export function defaultRunFolder(now = new Date()): string {
  return join('runs', `train-${now.toISOString().replace(/[:.]/g, '-')}`);
}

/**
 * Merges and checks the config of a train command. `hyperFlags` are the optimizer options given as
 * flags (by registry name). Throws a {@link UsageError} naming the key or flag and the file.
 */
export function resolveTrainConfig(opts: TrainFlagValues, hyperFlags: Record<string, unknown>): ResolvedTrainConfig {
  const flags = parseConfigFlags(opts);
  if (Object.keys(hyperFlags).length > 0) flags.hyperParameters = hyperFlags;
  if (opts.resume !== undefined) return resolveResume(opts.resume, opts, flags);

  let fromFile: Partial<TrainConfig> = {};
  const where: ResolvedTrainConfig['where'] = {};
  if (opts.config !== undefined) {
    const file = `config file ${opts.config}`;
    fromFile = parseConfigObject(readJsonFile(opts.config, 'config file'), file);
    for (const key of Object.keys(fromFile) as Array<keyof TrainConfig>) if (flags[key] === undefined) where[key] = file;
    if (fromFile.hyperParameters) where.hyperParameters = file;
  }
  const config = mergeConfig(fromFile, flags);
  if (config.out === '') config.out = defaultRunFolder();
  // Recorded absolute: --resume and eval must read the same file from any directory.
  config.dataset = absoluteDatasetSpec(config.dataset);
  // The starting weights too: read only now, but config.json says where they came from, and a copy of
  // it given to --config from another directory must name the same file.
  if (config.init !== null) config.init = resolve(config.init);
  const given = new Set(CONFIG_KEYS.filter((k) => fromFile[k] !== undefined || flags[k] !== undefined));
  return { config, resumeDir: null, where, saved: null, given };
}

function resolveResume(dir: string, opts: TrainFlagValues, flags: Partial<TrainConfig>): ResolvedTrainConfig {
  if (opts.config !== undefined) {
    throw new UsageError(`--config cannot be combined with --resume: a resumed run keeps its own config (${join(dir, 'config.json')})`);
  }
  if (flags.out !== undefined && resolve(flags.out) !== resolve(dir)) {
    throw new UsageError(`--out ${flags.out} cannot be combined with --resume ${dir}: a run resumes in its own folder`);
  }
  const path = join(dir, 'config.json');
  const where = `run config ${path}`;
  const json = readJsonFile(path, 'run config');
  const stored = parseConfigObject(json, where);
  // The folder may have been moved since: it is where the run is now.
  const saved = mergeConfig(stored, { out: dir });
  for (const key of CONFIG_KEYS) {
    const value = flags[key];
    if (value === undefined || key === 'out' || RESUMABLE_CHANGES.has(key)) continue;
    if (key === 'hyperParameters') {
      for (const [name, x] of Object.entries(value as Record<string, unknown>)) {
        if (!isDeepStrictEqual(saved.hyperParameters[name], x)) throw conflict(`--${kebab(name)} ${String(x)}`, `${name} ${JSON.stringify(saved.hyperParameters[name] ?? 'unset')}`, where);
      }
      continue;
    }
    // `--dataset csv:x.csv` typed again names the recorded `csv:/abs/x.csv` when it means the same file.
    if (key === 'dataset' && absoluteDatasetSpec(saved.dataset) === absoluteDatasetSpec(value as string)) continue;
    if (!isDeepStrictEqual(saved[key], value)) throw conflict(`${configFlag(key)} ${String(value)}`, `${key} ${JSON.stringify(saved[key])}`, where);
  }
  const config = mergeConfig(saved, flags.epochs === undefined ? {} : { epochs: flags.epochs });
  const whereAll = Object.fromEntries(CONFIG_KEYS.map((k) => [k, where])) as ResolvedTrainConfig['where'];
  return { config, resumeDir: dir, where: whereAll, saved, given: new Set(CONFIG_KEYS) };
}

function conflict(flag: string, savedValue: string, where: string): UsageError {
  return new UsageError(
    `${flag} conflicts with the run's saved ${savedValue}: a resumed run keeps its config (only --epochs may change); drop the flag, or start a new run with --out`,
    { where },
  );
}

