/**
 * The network lab's model: a multilayer perceptron described by a small spec (hidden widths,
 * activation per layer, normalisation, dropout, initialisation) and built from descent's own layers.
 */
import { BatchNorm1d, Dropout, ELU, GELU, init, LayerNorm, LeakyReLU, Linear, Random, ReLU, Sequential, SiLU, Sigmoid, Softplus, Tanh, type TensorModule } from '../../src/index.js';

/** The activations offered, named as the page and the URL write them. */
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'elu', 'gelu', 'silu', 'softplus', 'linear'] as const;
/** One of {@link ACTIVATIONS}. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Weight initialisations; `zeros` shows the symmetry problem (every unit of a layer stays the same). */
export const INITS = ['xavier', 'he', 'default', 'zeros'] as const;
/** One of {@link INITS}. */
export type InitName = (typeof INITS)[number];

/** Normalisation after each hidden linear layer. */
export const NORMS = ['none', 'batch', 'layer'] as const;
/** One of {@link NORMS}. */
export type NormName = (typeof NORMS)[number];

/** At most this many hidden layers, each at most this wide (the 8 × 64). */
export const MAX_LAYERS = 8;
export const MAX_WIDTH = 64;

/** The network: inputs → hidden layers → one output (a logit, or the regression value). */
export interface ModelSpec {
  /** Widths of the hidden layers (may be empty: a linear model). */
  hidden: number[];
  /** The activation of each hidden layer (same length as `hidden`). */
  activations: ActivationName[];
  norm: NormName;
  /** Dropout probability after each hidden activation, in [0, 0.9]. */
  dropout: number;
  init: InitName;
}

/** Checks a model spec; the message names the field and the allowed range. */
export function modelProblem(spec: ModelSpec): string | null {
  if (spec.hidden.length > MAX_LAYERS) return `at most ${MAX_LAYERS} hidden layers, got ${spec.hidden.length}`;
  for (const w of spec.hidden) if (!Number.isInteger(w) || w < 1 || w > MAX_WIDTH) return `a hidden layer's width must be an integer in [1, ${MAX_WIDTH}], got ${w}`;
  if (spec.activations.length !== spec.hidden.length) return `one activation per hidden layer: ${spec.hidden.length} layers, ${spec.activations.length} activations`;
  for (const a of spec.activations) if (!(ACTIVATIONS as readonly string[]).includes(a)) return `unknown activation '${a}' (one of ${ACTIVATIONS.join(', ')})`;
  if (!(NORMS as readonly string[]).includes(spec.norm)) return `unknown normalisation '${spec.norm}' (one of ${NORMS.join(', ')})`;
  if (!(spec.dropout >= 0 && spec.dropout <= 0.9)) return `dropout must be in [0, 0.9], got ${spec.dropout}`;
  if (!(INITS as readonly string[]).includes(spec.init)) return `unknown initialisation '${spec.init}' (one of ${INITS.join(', ')})`;
  return null;
}

function activation(name: ActivationName): TensorModule | null {
  switch (name) {
    case 'tanh': return new Tanh();
    case 'relu': return new ReLU();
    case 'sigmoid': return new Sigmoid();
    case 'leaky-relu': return new LeakyReLU(0.01);
    case 'elu': return new ELU();
    case 'gelu': return new GELU();
    case 'silu': return new SiLU();
    case 'softplus': return new Softplus();
    case 'linear': return null;
  }
}

function initialise(layer: Linear, how: InitName, act: ActivationName | null, random: Random): void {
  if (how === 'default') return;
  if (how === 'zeros') {
    init.zeros(layer.weight);
  } else if (how === 'he') {
    init.kaimingNormal(layer.weight, { nonlinearity: act === 'leaky-relu' ? 'leakyRelu' : 'relu', a: act === 'leaky-relu' ? 0.01 : 0, random });
  } else {
    init.xavierNormal(layer.weight, { gain: act === 'tanh' ? 5 / 3 : 1, random });
  }
  if (layer.bias) init.zeros(layer.bias);
}

/** A built network, with its layers grouped so the page can show each hidden layer's output. */
export interface LabModel {
  model: Sequential;
  /** The modules of each hidden block (linear, norm, activation, dropout), then the output layer. */
  blocks: TensorModule[][];
  /** The linear layers, in order (their weights are drawn as edges). */
  linears: Linear[];
}

/**
 * The network of `spec` for `inputs` features, float64, initialised from `seed` (the same seed
 * gives the same weights: race mode and a reset start from them).
 */
export function buildModel(spec: ModelSpec, inputs: number, seed: number): LabModel {
  const problem = modelProblem(spec);
  if (problem) throw new Error(`network lab: ${problem}`);
  const random = new Random(seed);
  const blocks: TensorModule[][] = [];
  const linears: Linear[] = [];
  let width = inputs;
  spec.hidden.forEach((w, i) => {
    const act = spec.activations[i]!;
    const linear = new Linear(width, w, { dtype: 'float64', random });
    initialise(linear, spec.init, act, random);
    linears.push(linear);
    const block: TensorModule[] = [linear];
    if (spec.norm === 'batch') block.push(new BatchNorm1d(w, { dtype: 'float64' }));
    if (spec.norm === 'layer') block.push(new LayerNorm(w, { dtype: 'float64' }));
    const a = activation(act);
    if (a) block.push(a);
    if (spec.dropout > 0) block.push(new Dropout(spec.dropout, { random }));
    blocks.push(block);
    width = w;
  });
  const out = new Linear(width, 1, { dtype: 'float64', random });
  initialise(out, spec.init === 'he' ? 'xavier' : spec.init, null, random);
  linears.push(out);
  blocks.push([out]);
  return { model: new Sequential(...blocks.flat()), blocks, linears };
}
