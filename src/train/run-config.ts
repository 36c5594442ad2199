/**
 * The schema of a run's `config.json`: everything a training run depends on. Command-line flags, a
 * `--config <file>` and the `config.json` of a resumed run are all checked against it, so each key
 * has one name, one type and one range everywhere, and a mistake names the key and the file it
 * came from ({@link RunConfigError}).
 */
import * as v from 'valibot';
import { closestName } from '../registry/validate.js';
import { LOSS_NAMES, type LossName } from '../specs/loss-spec.js';
import { OPTIMIZER_NAMES, optimizerSpecs } from '../specs/optimizer-spec.js';
import { AVERAGING_NAMES } from '../specs/averaging-spec.js';
import { DEFAULT_MAX_PARAMETER_BYTES } from '../specs/model-spec.js';
import { MAX_CLASSES } from '../data/class-labels.js';

/**
 * A run config that breaks the schema: an unknown key, a value of the wrong type or out of range.
 * `where` names its source (`config file run.json`, `checkpoint runs/x/best.json`); the command
 * line reports it as a usage error.
 */
export class RunConfigError extends Error {
  override name = 'RunConfigError';
  /** Where the bad value came from, or undefined when the message names it (a flag). */
  readonly where: string | undefined;
  constructor(message: string, where?: string) {
    super(message);
    this.where = where;
  }
}

const TASKS = ['classification', 'regression'] as const;

/**
 * One data file as a run read it: recorded by `descent train` in config.json, and compared with the
 * file found at that path before `--resume` or `descent eval <run>` reads it, so a moved, replaced or
 * edited file is refused rather than silently used.
 */
export interface DataFileFingerprint {
  /** The file's absolute path. */
  file: string;
  /** Its size in bytes. */
  bytes: number;
  /** The SHA-256 of its bytes, 64 lowercase hex digits. */
  sha256: string;
}
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
  /**
   * The vocabulary of string class labels: `classes[k]` names class `k` (the model's output `k`).
   * Recorded by a new run whose CSV labels are names (sorted, unless given); every later read of data
   * for the run (`eval`, `eval --dataset`, `--resume`) maps names through it, so class `k` means the
   * same in a file that holds only some of the classes, and a name not in it is an error. Null: the
   * labels are integers, or the run was written before this key existed (names then sorted per file).
   */
  classes: string[] | null;
  /** Refuse models whose parameters take more bytes than this (checked before allocating). */
  maxParameterBytes: number;
  /** Weights a new run starts from (a safetensors file, e.g. saved by PyTorch), or null. */
  init: string | null;
  /** Which held-out metric picks the `best` checkpoint: the divergence or the classification error. */
  bestMetric: 'loss' | 'error';
  /** Record the sharpness λmax (top Hessian eigenvalue) every this many updates into run.jsonl (null: never). */
  sharpnessEvery: number | null;
  /**
   * Recorded by `descent train`, not an option: size and SHA-256 of each file the dataset spec reads
   * (a CSV file; an IDX directory's images and labels files), checked before a resume or an eval
   * reads them again. `[]` for datasets that name no file; null in run folders older than the
   * record (their data cannot be verified). A `--config` file may hold it (a copied config.json): a
   * new run replaces it.
   */
  datasetFingerprint: DataFileFingerprint[] | null;
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
  classes: null,
  maxParameterBytes: DEFAULT_MAX_PARAMETER_BYTES,
  init: null,
  bestMetric: 'loss',
  sharpnessEvery: null,
  datasetFingerprint: null,
};

/** Keys `descent train` records itself: they have no flag, and a new run computes them. */
export const RECORDED_KEYS: ReadonlySet<keyof TrainConfig> = new Set(['datasetFingerprint']);

/**
 * One key of the config: its schema and what it expects in words. Its command-line flag is not
 * listed: it is always the key in kebab case (the CLI's `configFlag`), so a key has one name on the
 * command line and in a config file.
 */
interface Field {
  schema: v.GenericSchema;
  expected: string;
  /** For closed sets of names: the noun of "unknown <noun> 'x'". */
  names?: { noun: string; valid: readonly string[] };
}

const integer = (min: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(min));
const spec = v.pipe(v.string(), v.trim(), v.nonEmpty());
const fileFingerprint = v.strictObject({
  file: v.pipe(v.string(), v.nonEmpty()),
  bytes: integer(0),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

/** Every key of {@link TrainConfig}. Keys added to the config must be added here (and used). */
export const CONFIG_FIELDS: { readonly [K in keyof TrainConfig]: Field } = {
  dataset: { schema: spec, expected: 'a dataset spec (a string such as "moons", "mnist" or "csv:data.csv")' },
  model: { schema: spec, expected: 'a model spec (a string such as "mlp:2-16-2")' },
  loss: { schema: v.picklist(LOSS_NAMES), expected: `one of ${LOSS_NAMES.join(', ')}`, names: { noun: 'loss', valid: LOSS_NAMES } },
  optimizer: {
    schema: v.picklist(OPTIMIZER_NAMES as [string, ...string[]]),
    expected: `one of ${OPTIMIZER_NAMES.join(', ')}`,
    names: { noun: 'optimizer', valid: OPTIMIZER_NAMES },
  },
  hyperParameters: {
    schema: v.record(v.string(), v.unknown()),
    expected: 'an object of optimizer options such as {"learningRate": 0.01}',
  },
  schedule: { schema: spec, expected: 'a schedule spec (a string such as "cosine" or "step:stepSize=5")' },
  averaging: { schema: v.picklist(AVERAGING_NAMES), expected: `one of ${AVERAGING_NAMES.join(', ')}`, names: { noun: 'averaging', valid: AVERAGING_NAMES } },
  augment: { schema: spec, expected: 'auto, none or shift:<pixels>' },
  batchSize: { schema: v.union([integer(1), v.literal('full')]), expected: 'an integer >= 1 or "full"' },
  epochs: { schema: integer(0), expected: 'an integer >= 0' },
  seed: { schema: integer(0), expected: 'an integer >= 0' },
  testFraction: {
    schema: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
    expected: 'a number in (0, 1), the held-out fraction',
  },
  clipGradNorm: { schema: v.nullable(v.pipe(v.number(), v.finite(), v.gtValue(0))), expected: 'a number > 0 (or null: no clipping)' },
  earlyStoppingPatience: { schema: v.nullable(integer(1)), expected: 'an integer >= 1 (or null: no early stopping)' },
  out: { schema: spec, expected: 'a folder path (a string)' },
  task: { schema: v.picklist(TASKS), expected: `one of ${TASKS.join(', ')}`, names: { noun: 'task', valid: TASKS } },
  classes: {
    schema: v.nullable(
      v.pipe(
        v.array(v.pipe(v.string(), v.nonEmpty(), v.check((name) => name === name.trim()))),
        v.minLength(1),
        v.maxLength(MAX_CLASSES),
        v.check((names) => new Set(names).size === names.length),
      ),
    ),
    expected: 'a list of distinct class names, index order, without surrounding spaces (or null: integer labels)',
  },
  maxParameterBytes: { schema: integer(1), expected: 'an integer >= 1 (bytes)' },
  init: { schema: v.nullable(spec), expected: 'a safetensors file path (or null)' },
  bestMetric: { schema: v.picklist(BEST_METRICS), expected: `one of ${BEST_METRICS.join(', ')}`, names: { noun: 'metric', valid: BEST_METRICS } },
  sharpnessEvery: { schema: v.nullable(integer(1)), expected: 'an integer >= 1, updates between measurements (or null: no sharpness)' },
  datasetFingerprint: {
    schema: v.nullable(v.array(fileFingerprint)),
    expected: 'the data files descent train read, as [{"file": <absolute path>, "bytes": <size>, "sha256": <64 hex digits>}, ...] (or null: not recorded)',
  },
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

function unknownKey(key: string, where: string): RunConfigError {
  // `learningrate` too: a hyper-parameter's name in another case is the same mistake with a typo.
  const hyperParameter = [...HYPER_PARAMETER_NAMES].find((name) => name.toLowerCase() === key.toLowerCase());
  if (hyperParameter !== undefined) {
    return new RunConfigError(`unknown key '${key}': optimizer options go under "hyperParameters", e.g. {"hyperParameters": {"${hyperParameter}": ...}}`, where);
  }
  const hint = closestName(key, CONFIG_KEYS);
  return new RunConfigError(`unknown key '${key}'${hint ? `; did you mean '${hint}'?` : ''} (valid keys: ${CONFIG_KEYS.join(', ')})`, where);
}

/** How a checked value is named in messages: the key (in a file) or the flag and what was typed. */
export interface ValueSource {
  /** The file the value came from, for the message's location. */
  where?: string;
  /** The command-line text of the value and the flag it was typed after. */
  typed?: { flag: string; raw: string };
}

/** Checks one value; returns it (trimmed, for specs) or throws a {@link RunConfigError} naming the key or flag. */
export function checkConfigValue<K extends keyof TrainConfig>(key: K, value: unknown, source: ValueSource): TrainConfig[K] {
  const field = CONFIG_FIELDS[key];
  const result = v.safeParse(field.schema, value);
  if (result.success) return result.output as TrainConfig[K];
  const shown = source.typed !== undefined ? `'${source.typed.raw}'` : describeValue(value);
  const name = source.typed !== undefined ? source.typed.flag : `'${key}'`;
  if (field.names && typeof value === 'string') {
    const hint = closestName(value, field.names.valid);
    throw new RunConfigError(`${name}: unknown ${field.names.noun} '${value}'${hint ? `; did you mean '${hint}'?` : ''} (valid: ${field.names.valid.join(', ')})`, source.where);
  }
  throw new RunConfigError(`${name}: expected ${field.expected}, got ${shown}`, source.where);
}

/**
 * Checks a parsed JSON value as a (partial) config: it must be an object whose keys are config keys
 * and whose values have the keys' types and ranges. `where` names the file in every message.
 */
export function parseConfigObject(value: unknown, where: string): Partial<TrainConfig> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RunConfigError(`expected a JSON object of options such as {"dataset": "moons", "epochs": 5}, got ${describeValue(value)}`, where);
  }
  const config: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(key in CONFIG_FIELDS)) throw unknownKey(key, where);
    config[key as keyof TrainConfig] = checkConfigValue(key as keyof TrainConfig, item, { where });
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
