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

/** Builds the model a spec describes; throws naming the spec and the valid choices. */
export function buildModel(spec: string, random: Random): BuiltModel {
  const [kind, ...parts] = spec.split(':');
  const flags = new Set(parts.filter((p) => !p.includes('=') && !/^\d/.test(p)));
  const dropoutPart = parts.find((p) => p.startsWith('dropout='));
  const dropout = dropoutPart ? Number(dropoutPart.slice('dropout='.length)) : 0;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`model '${spec}': dropout must be in [0, 1), got ${dropoutPart}`);
  const batchnorm = flags.delete('batchnorm');
  if (kind === 'mlp') {
    const sizesPart = parts.find((p) => /^\d/.test(p));
    const sizes = (sizesPart ?? '').split('-').map(Number);
    if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new Error(`model '${spec}': expected layer sizes like 784-256-10; format: ${MODEL_SPEC_HELP}`);
    }
    const activationNames = [...flags];
    const activation = activationNames[0] ?? 'relu';
    if (activationNames.length > 1 || !ACTIVATIONS[activation]) {
      throw new Error(`model '${spec}': unknown option '${activationNames.join(':')}'; activations: ${Object.keys(ACTIVATIONS).join(', ')}; flags: batchnorm, dropout=<p>`);
    }
    const layers: TensorModule[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { random }));
      if (i + 2 < sizes.length) {
        if (batchnorm) layers.push(new BatchNorm1d(sizes[i + 1]!));
        layers.push(ACTIVATIONS[activation]!());
        if (dropout > 0) layers.push(new Dropout(dropout));
      }
    }
    return { model: new Sequential(...layers), inputShape: [sizes[0]!], outputs: sizes[sizes.length - 1]! };
  }
  if (kind === 'conv') {
    if (flags.size > 0) throw new Error(`model '${spec}': unknown option '${[...flags].join(':')}'; conv takes batchnorm and dropout=<p>`);
    const layers: TensorModule[] = [new Conv2d(1, 16, 3, { padding: 1, random })];
    if (batchnorm) layers.push(new BatchNorm2d(16));
    layers.push(new ReLU(), new MaxPool2d(2), new Conv2d(16, 32, 3, { padding: 1, random }));
    if (batchnorm) layers.push(new BatchNorm2d(32));
    layers.push(new ReLU(), new MaxPool2d(2), new Flatten());
    if (dropout > 0) layers.push(new Dropout(dropout));
    layers.push(new Linear(32 * 7 * 7, 10, { random }));
    return { model: new Sequential(...layers), inputShape: [1, 28, 28], outputs: 10 };
  }
  throw new Error(`model '${spec}': unknown kind '${kind}'; format: ${MODEL_SPEC_HELP}`);
}
