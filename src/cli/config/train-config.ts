/**
 * The one schema of a training run's config. Command-line flags, a `--config <file>` and the
 * `config.json` of a resumed run are all checked against it, so each key has one name, one type
 * and one range everywhere, and a mistake names the key (or flag) and the file it came from.
 */
import * as v from 'valibot';
import { closestName } from '../../registry/validate.js';
import { LOSS_NAMES, type LossName } from '../../specs/loss-spec.js';
import { OPTIMIZER_NAMES, optimizerSpecs } from '../../specs/optimizer-spec.js';
import { AVERAGING_NAMES } from '../../specs/averaging-spec.js';
import { UsageError } from '../usage-error.js';
import { DEFAULT_MAX_PARAMETER_BYTES } from '../../specs/model-spec.js';

const TASKS = ['classification', 'regression'] as const;
const BEST_METRICS = ['loss', 'error'] as const;

/** Everything a run depends on; written to config.json and stored in checkpoints. */
export interface TrainConfig {
  /** Dataset spec: `moons`, `mnist`, `idx:<dir>`, `csv:<file>[:<label>]`, ... */
  dataset: string;
  /** Model spec: `mlp:2-16-2:tanh`, `conv`, ... */
  model: string;
  /** The divergence minimised. */
  loss: LossName;
  /** Optimizer name (`adam`, `sgd`, `momentum`, ...). */
  optimizer: string;
  /** The optimizer's options by their registry names (`learningRate`, `beta1`, ...). */
  hyperParameters: Record<string, unknown>;
  /** Learning-rate schedule spec (`cosine`, `step:stepSize=5`, `constant`, ...). */
  schedule: string;
  /** Iterate averaging (`none`, `polyak`, `ema`, ...). */
  averaging: string;
  /** Training-batch augmentation: `auto`, `none` or `shift:<pixels>`. */
  augment: string;
  /** Samples per update, or `full` for full-batch descent. */
  batchSize: number | 'full';
  /** Passes over the training data (0: no training, the initial weights are saved as final). */
  epochs: number;
  /** Seed of initialisation, shuffling, dropout and the held-out split. */
  seed: number;
  /** Fraction of the data held out for evaluation, in (0, 1). */
  testFraction: number;
  /** Clip gradients to this global L2 norm (null: no clipping). */
  clipGradNorm: number | null;
  /** Stop after this many epochs without held-out improvement (null: never). */
  earlyStoppingPatience: number | null;
  /** The run folder. */
  out: string;
  /** What the labels are: class indices, or real values (a CSV label column with fractions). */
  task: 'classification' | 'regression';
  /** Refuse models whose parameters take more bytes than this (checked before allocating). */
  maxParameterBytes: number;
  /** Weights a new run starts from (a safetensors file, e.g. saved by PyTorch), or null. */
  init: string | null;
  /** Which held-out metric picks the `best` checkpoint: the divergence or the classification error. */
  bestMetric: 'loss' | 'error';
  /** Record the sharpness λmax (top Hessian eigenvalue) every this many updates into run.jsonl (null: never). */
  sharpnessEvery: number | null;
}

/** The defaults of `descent train`. */
export const TRAIN_DEFAULTS: TrainConfig = {
  dataset: 'mnist',
  // Chosen from the data (src/specs/training-defaults.ts): mlp:784-256-128-10:relu on mnist.
  model: 'auto',
  loss: 'cross-entropy',
  optimizer: 'adam',
  hyperParameters: {},
  schedule: 'cosine',
  averaging: 'none',
  augment: 'auto',
  batchSize: 64,
  epochs: 20,
  seed: 1,
  testFraction: 0.2,
  clipGradNorm: null,
  earlyStoppingPatience: null,
  out: '',
  task: 'classification',
  maxParameterBytes: DEFAULT_MAX_PARAMETER_BYTES,
  init: null,
  bestMetric: 'loss',
  sharpnessEvery: null,
};

/** One key of the config: its schema, what it expects in words, and the flag that sets it. */
interface Field {
  schema: v.GenericSchema;
  expected: string;
  /** The command-line flag (`--batch-size`). */
  flag: string;
  /** Commander's attribute name of the flag (`batchSize`). */
  attribute: string;
  /** For closed sets of names: the noun of "unknown <noun> 'x'". */
  names?: { noun: string; valid: readonly string[] };
}

const integer = (min: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(min));
const spec = v.pipe(v.string(), v.trim(), v.nonEmpty());

/** Every key of {@link TrainConfig}. Keys added to the config must be added here (and used). */
export const CONFIG_FIELDS: { readonly [K in keyof TrainConfig]: Field } = {
  dataset: { schema: spec, expected: 'a dataset spec (a string such as "moons", "mnist" or "csv:data.csv")', flag: '--dataset', attribute: 'dataset' },
  model: { schema: spec, expected: 'a model spec (a string such as "mlp:2-16-2")', flag: '--model', attribute: 'model' },
  loss: { schema: v.picklist(LOSS_NAMES), expected: `one of ${LOSS_NAMES.join(', ')}`, flag: '--loss', attribute: 'loss', names: { noun: 'loss', valid: LOSS_NAMES } },
  optimizer: {
    schema: v.picklist(OPTIMIZER_NAMES as [string, ...string[]]),
    expected: `one of ${OPTIMIZER_NAMES.join(', ')}`,
    flag: '--optimizer', attribute: 'optimizer',
    names: { noun: 'optimizer', valid: OPTIMIZER_NAMES },
  },
  hyperParameters: {
    schema: v.record(v.string(), v.unknown()),
    expected: 'an object of optimizer options such as {"learningRate": 0.01}',
    flag: '--<option>', attribute: 'hyperParameters',
  },
  schedule: { schema: spec, expected: 'a schedule spec (a string such as "cosine" or "step:stepSize=5")', flag: '--schedule', attribute: 'schedule' },
  averaging: { schema: v.picklist(AVERAGING_NAMES), expected: `one of ${AVERAGING_NAMES.join(', ')}`, flag: '--averaging', attribute: 'averaging', names: { noun: 'averaging', valid: AVERAGING_NAMES } },
  augment: { schema: spec, expected: 'auto, none or shift:<pixels>', flag: '--augment', attribute: 'augment' },
  batchSize: { schema: v.union([integer(1), v.literal('full')]), expected: 'an integer >= 1 or "full"', flag: '--batch-size', attribute: 'batchSize' },
  epochs: { schema: integer(0), expected: 'an integer >= 0', flag: '--epochs', attribute: 'epochs' },
  seed: { schema: integer(0), expected: 'an integer >= 0', flag: '--seed', attribute: 'seed' },
  testFraction: {
    schema: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
    expected: 'a number in (0, 1), the held-out fraction',
    flag: '--test-fraction', attribute: 'testFraction',
  },
  clipGradNorm: { schema: v.nullable(v.pipe(v.number(), v.finite(), v.gtValue(0))), expected: 'a number > 0 (or null: no clipping)', flag: '--clip-grad-norm', attribute: 'clipGradNorm' },
  earlyStoppingPatience: { schema: v.nullable(integer(1)), expected: 'an integer >= 1 (or null: no early stopping)', flag: '--early-stopping', attribute: 'earlyStopping' },
  out: { schema: spec, expected: 'a folder path (a string)', flag: '--out', attribute: 'out' },
  task: { schema: v.picklist(TASKS), expected: `one of ${TASKS.join(', ')}`, flag: '--task', attribute: 'task', names: { noun: 'task', valid: TASKS } },
  maxParameterBytes: { schema: integer(1), expected: 'an integer >= 1 (bytes)', flag: '--max-parameter-bytes', attribute: 'maxParameterBytes' },
  init: { schema: v.nullable(spec), expected: 'a safetensors file path (or null)', flag: '--init', attribute: 'init' },
  bestMetric: { schema: v.picklist(BEST_METRICS), expected: `one of ${BEST_METRICS.join(', ')}`, flag: '--best-metric', attribute: 'bestMetric', names: { noun: 'metric', valid: BEST_METRICS } },
  sharpnessEvery: { schema: v.nullable(integer(1)), expected: 'an integer >= 1, updates between measurements (or null: no sharpness)', flag: '--sharpness-every', attribute: 'sharpnessEvery' },
};

/** The keys of a config, in the order they are written. */
export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as Array<keyof TrainConfig>;

/** `the string "0.5"`, `the number 42`, `an array`: a JSON value's type and value, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 40)})`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** The hyper-parameter names of every optimizer: a top-level `learningRate` belongs in hyperParameters. */
const HYPER_PARAMETER_NAMES = new Set(optimizerSpecs().flatMap((o) => o.specs.map((s) => s.name)));

function unknownKey(key: string, where: string): UsageError {
  if (HYPER_PARAMETER_NAMES.has(key)) {
    return new UsageError(`unknown key '${key}': optimizer options go under "hyperParameters", e.g. {"hyperParameters": {"${key}": ...}}`, { where });
  }
  const hint = closestName(key, CONFIG_KEYS);
  return new UsageError(`unknown key '${key}'${hint ? `; did you mean '${hint}'?` : ''} (valid keys: ${CONFIG_KEYS.join(', ')})`, { where });
}

/** Checks one value; returns it (trimmed, for specs) or throws naming the key or flag. */
function checkValue<K extends keyof TrainConfig>(key: K, value: unknown, source: { where?: string; raw?: string }): TrainConfig[K] {
  const field = CONFIG_FIELDS[key];
  const result = v.safeParse(field.schema, value);
  if (result.success) return result.output as TrainConfig[K];
  const shown = source.raw !== undefined ? `'${source.raw}'` : describeValue(value);
  const name = source.raw !== undefined ? field.flag : `'${key}'`;
  if (field.names && typeof value === 'string') {
    const hint = closestName(value, field.names.valid);
    return failWith(`${name}: unknown ${field.names.noun} '${value}'${hint ? `; did you mean '${hint}'?` : ''} (valid: ${field.names.valid.join(', ')})`, source.where);
  }
  return failWith(`${name}: expected ${field.expected}, got ${shown}`, source.where);
}

function failWith(message: string, where: string | undefined): never {
  throw new UsageError(message, where === undefined ? {} : { where });
}

/**
 * Checks a parsed JSON value as a (partial) config: it must be an object whose keys are config keys
 * and whose values have the keys' types and ranges. `where` names the file in every message.
 */
export function parseConfigObject(value: unknown, where: string): Partial<TrainConfig> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`expected a JSON object of options such as {"dataset": "moons", "epochs": 5}, got ${describeValue(value)}`, { where });
  }
  const config: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(key in CONFIG_FIELDS)) throw unknownKey(key, where);
    config[key as keyof TrainConfig] = checkValue(key as keyof TrainConfig, item, { where });
  }
  return config as Partial<TrainConfig>;
}

/** A number when the flag's text is one (`'5'` → 5), the text otherwise (for the schema to reject). */
function flagValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  if (trimmed !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  return text;
}

/**
 * The config keys given as flags (commander's parsed options; undefined = not given), checked
 * against the schema. Messages name the flag and quote what was typed.
 */
export function parseConfigFlags(opts: Readonly<Record<string, unknown>>): Partial<TrainConfig> {
  const config: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const field = CONFIG_FIELDS[key];
    if (key === 'hyperParameters') continue;
    const raw = opts[field.attribute];
    if (raw === undefined) continue;
    const value = key === 'dataset' || key === 'model' || key === 'schedule' || key === 'augment' || key === 'out' || key === 'init' ? raw : flagValue(raw);
    config[key] = checkValue(key, value, { raw: String(raw) });
  }
  return config as Partial<TrainConfig>;
}

/** `defaults ⊕ file ⊕ flags`: later sources win key by key; hyper-parameters merge option by option. */
export function mergeConfig(...parts: Array<Partial<TrainConfig>>): TrainConfig {
  const merged: TrainConfig = { ...TRAIN_DEFAULTS, hyperParameters: {} };
  for (const part of parts) {
    for (const key of CONFIG_KEYS) {
      if (part[key] === undefined) continue;
      if (key === 'hyperParameters') merged.hyperParameters = { ...merged.hyperParameters, ...part.hyperParameters };
      else (merged as unknown as Record<string, unknown>)[key] = part[key];
    }
  }
  return merged;
}

/** The config as written to config.json: every key, in schema order. */
export function serializeConfig(config: TrainConfig): string {
  return JSON.stringify(Object.fromEntries(CONFIG_KEYS.map((k) => [k, config[k]])), null, 2) + '\n';
}
