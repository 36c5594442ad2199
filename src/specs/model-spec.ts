/**
 * Model presets from a one-line spec, for the command line:
 * - `mlp:784-256-128-10:relu` — Linear layers with an activation between them, optionally
 *   `:batchnorm` and `:dropout=0.2` flags after the activation;
 * - `conv` — a small conv net for 28x28 digits: conv 3x3x16 → ReLU → pool → conv 3x3x32 → ReLU →
 *   pool → dense 10 (`conv:batchnorm` adds batch norm after each conv).
 */
import {
  BatchNorm1d, BatchNorm2d, Conv2d, Dropout, ELU, Flatten, GELU, LeakyReLU, Linear, MaxPool2d, ReLU, Sequential, SiLU, Sigmoid, Tanh,
  type TensorModule,
} from '../nn/index.js';
import type { Random } from '../tensor/random.js';
import { SpecError } from './spec-error.js';

const ACTIVATIONS: Record<string, () => TensorModule> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  leakyrelu: () => new LeakyReLU(),
  elu: () => new ELU(),
  gelu: () => new GELU(),
  silu: () => new SiLU(),
};

export const MODEL_SPEC_HELP = 'mlp:<sizes>[:<activation>][:batchnorm][:dropout=<p>] (e.g. mlp:784-256-10:relu) or conv[:batchnorm]';

/** What a spec says about the input, so the dataset can be shaped to fit. */
export interface BuiltModel {
  model: Sequential;
  /** Per-sample input shape the model expects. */
  inputShape: number[];
  outputs: number;
}

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /**
   * Largest size of the model's parameters, in bytes (float32: 4 per parameter), checked before
   * anything is allocated. Default {@link DEFAULT_MAX_PARAMETER_BYTES}; the CLI's
   * `--max-parameter-bytes`.
   */
  maxParameterBytes?: number;
}

/** Default limit on a model's parameter bytes: 2^31 bytes (2 GiB, 536,870,912 float32 parameters). */
export const DEFAULT_MAX_PARAMETER_BYTES = 2 ** 31;

/** Parameters are float32: 4 bytes each. */
const BYTES_PER_PARAMETER = 4;
/** Layer widths above this cannot index a tensor dimension. */
const MAX_WIDTH = 2 ** 31 - 1;
/** More layers than this in a one-line spec is a typo, not a model. */
const MAX_SIZES = 1000;

/** A parsed spec: what {@link buildModel} builds, and how many parameters it will have. */
interface ModelPlan {
  kind: 'mlp' | 'conv';
  sizes: number[];
  activation: string;
  batchnorm: boolean;
  dropout: number;
  parameters: number;
}

/**
 * Builds the model a spec describes. The spec is parsed and checked first (sizes positive integers,
 * known activation and flags, dropout in [0, 1)), then the parameter count × 4 bytes is checked against
 * `maxParameterBytes`, and only then are the layers allocated. Every problem is a `SpecError` naming
 * the spec.
 *
 * @example
 * const { model, inputShape, outputs } = buildModel('mlp:2-16-2:tanh', new Random(0)); // inputShape [2], outputs 2
 * buildModel('mlp:2-1000000000-2', new Random(0)); // SpecError: ... 5000000002 parameters ... more than the limit ...
 */
export function buildModel(spec: string, random: Random, options: BuildModelOptions = {}): BuiltModel {
  const plan = planModel(spec);
  const limit = options.maxParameterBytes ?? DEFAULT_MAX_PARAMETER_BYTES;
  if (!(typeof limit === 'number' && limit > 0)) throw new SpecError(`maxParameterBytes must be a positive number of bytes, got ${JSON.stringify(limit)}`);
  const bytes = plan.parameters * BYTES_PER_PARAMETER;
  if (bytes > limit) {
    throw new SpecError(
      `model '${spec}' has ${plan.parameters} parameters (${bytes} bytes as float32), more than the limit of ${limit} bytes; ` +
        `raise it with maxParameterBytes (--max-parameter-bytes ${Math.pow(2, Math.ceil(Math.log2(bytes)))}) if you mean it`,
    );
  }
  const { sizes, batchnorm, dropout } = plan;
  if (plan.kind === 'mlp') {
    const layers: TensorModule[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { random }));
      if (i + 2 < sizes.length) {
        if (batchnorm) layers.push(new BatchNorm1d(sizes[i + 1]!));
        layers.push(ACTIVATIONS[plan.activation]!());
        if (dropout > 0) layers.push(new Dropout(dropout));
      }
    }
    return { model: new Sequential(...layers), inputShape: [sizes[0]!], outputs: sizes[sizes.length - 1]! };
  }
  const layers: TensorModule[] = [new Conv2d(1, 16, 3, { padding: 1, random })];
  if (batchnorm) layers.push(new BatchNorm2d(16));
  layers.push(new ReLU(), new MaxPool2d(2), new Conv2d(16, 32, 3, { padding: 1, random }));
  if (batchnorm) layers.push(new BatchNorm2d(32));
  layers.push(new ReLU(), new MaxPool2d(2), new Flatten());
  if (dropout > 0) layers.push(new Dropout(dropout));
  layers.push(new Linear(32 * 7 * 7, 10, { random }));
  return { model: new Sequential(...layers), inputShape: [1, 28, 28], outputs: 10 };
}

/** Parses and checks a spec without allocating anything. */
function planModel(spec: string): ModelPlan {
  if (typeof spec !== 'string') throw new SpecError(`the model must be a spec string such as 'mlp:784-128-10', got ${JSON.stringify(spec)}; format: ${MODEL_SPEC_HELP}`);
  const fail = (what: string): never => {
    throw new SpecError(`model '${spec}': ${what}; format: ${MODEL_SPEC_HELP}`);
  };
  const [kind, ...parts] = spec.split(':');
  if (kind !== 'mlp' && kind !== 'conv') return fail(`unknown kind '${kind}' (known: mlp, conv)`);
  const sizeParts = parts.filter((p) => /^[-+.\d]/.test(p));
  const options = parts.filter((p) => p.includes('='));
  const flags = parts.filter((p) => !p.includes('=') && !/^[-+.\d]/.test(p));
  let dropout = 0;
  for (const o of options) {
    const [key, value] = [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)];
    if (key !== 'dropout') fail(`unknown option '${key}' (the only option is dropout=<p>)`);
    dropout = /^\s*$/.test(value) ? NaN : Number(value);
    if (!(dropout >= 0 && dropout < 1)) fail(`dropout must be in [0, 1), got ${o}`);
  }
  const batchnorm = flags.includes('batchnorm');
  const others = flags.filter((f) => f !== 'batchnorm');
  if (kind === 'conv') {
    if (others.length > 0 || sizeParts.length > 0) fail(`unknown option '${[...sizeParts, ...others].join(':')}'; conv takes batchnorm and dropout=<p>`);
    // conv 1→16 (3x3), conv 16→32 (3x3), linear 1568→10, and γ, β per channel with batch norm.
    const parameters = 16 * 9 + 16 + 32 * 16 * 9 + 32 + 32 * 7 * 7 * 10 + 10 + (batchnorm ? 2 * (16 + 32) : 0);
    return { kind, sizes: [], activation: 'relu', batchnorm, dropout, parameters };
  }
  if (sizeParts.length !== 1) fail(sizeParts.length === 0 ? 'no layer sizes (expected sizes like 784-256-10)' : `more than one list of layer sizes: ${sizeParts.join(', ')}`);
  const fields = sizeParts[0]!.split('-');
  if (fields.length < 2) fail(`expected at least two layer sizes (inputs and outputs) like 784-256-10, got ${sizeParts[0]}`);
  if (fields.length > MAX_SIZES) fail(`${fields.length} layer sizes: at most ${MAX_SIZES}`);
  const sizes = fields.map((f, i) => {
    const where = `layer size ${i + 1} of ${fields.length}`;
    if (f === '') fail(`${where} is empty (a '-' too many, or a negative size?): expected layer sizes like 784-256-10, positive integers joined by '-'`);
    if (!/^\d+$/.test(f)) fail(`${where} is '${f}': expected layer sizes like 784-256-10, positive integers joined by '-'`);
    const n = Number(f);
    if (n === 0) fail(`${where} is 0: every layer needs at least one unit`);
    if (n > MAX_WIDTH) fail(`${where} is ${f}, more than ${MAX_WIDTH} units`);
    return n;
  });
  if (others.length > 1 || (others.length === 1 && !ACTIVATIONS[others[0]!])) {
    fail(`unknown option '${others.join(':')}'; activations: ${Object.keys(ACTIVATIONS).join(', ')}; flags: batchnorm, dropout=<p>`);
  }
  let parameters = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    parameters += sizes[i]! * sizes[i + 1]! + sizes[i + 1]!;
    if (batchnorm && i + 2 < sizes.length) parameters += 2 * sizes[i + 1]!;
  }
  return { kind, sizes, activation: others[0] ?? 'relu', batchnorm, dropout, parameters };
}
