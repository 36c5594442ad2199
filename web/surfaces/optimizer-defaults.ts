/**
 * The optimizers as the page offers them: the registry's entries and hyper-parameter specs, with
 * a larger starting learning rate for the adaptive methods (the registry's defaults are
 * PyTorch's, made for networks with many parameters; on a 2-D surface Adam at 1e-3 barely moves
 * in a few hundred steps). Everything else is the registry's own default.
 */
import { OPTIMIZERS, optimizerEntry, type OptimizerEntry } from '../../src/index.js';

/** One hyper-parameter spec, as the registry describes it. */
export type Spec = OptimizerEntry['hyperParameters'][number];

/** An option value: number, boolean, choice or pair. */
export type OptionValue = number | boolean | string | readonly [number, number];

const PAGE_LEARNING_RATES: Readonly<Record<string, number>> = {
  adam: 0.05,
  adamw: 0.05,
  adamax: 0.05,
  nadam: 0.05,
  radam: 0.05,
  adagrad: 0.5,
  lion: 0.01,
  'adamw-schedule-free': 0.05,
  muon: 0.05,
  rprop: 0.01,
};

/** Options hidden from the page: they make no sense for a 2-D surface or a live view. */
const HIDDEN = new Set(['maximize', 'maxParameters', 'weightDecay', 'decoupledWeightDecay']);

/** The specs the page shows for `name`. */
export function visibleSpecs(name: string): Spec[] {
  return optimizerEntry(name).hyperParameters.filter((s) => !HIDDEN.has(s.name));
}

/** The page's starting options for `name` (registry defaults, with the page's learning rate). */
export function pageDefaults(name: string): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const s of visibleSpecs(name)) {
    if (s.default === null) continue;
    out[s.name] = s.default as OptionValue;
  }
  const lr = PAGE_LEARNING_RATES[name];
  if (lr !== undefined) out.learningRate = lr;
  return out;
}

/** Every optimizer the page can run (all of the registry). */
export function optimizerNames(): string[] {
  return OPTIMIZERS.map((e) => e.name);
}

/** Names that read better than the registry's class names. */
const PAGE_NAMES: Readonly<Record<string, string>> = {
  'lecture-nesterov': 'Nesterov (lecture form)',
  lbfgs: 'L-BFGS',
  'sgd-schedule-free': 'SGD, schedule-free',
  'adamw-schedule-free': 'AdamW, schedule-free',
};

/** The display name of `name` (`Adam`, `SGD`, `Nesterov (lecture form)`, …). */
export function displayName(name: string): string {
  return PAGE_NAMES[name] ?? optimizerEntry(name).displayName;
}

/**
 * The name of an optimizer *as configured*: SGD with momentum or Nesterov is a different method
 * from plain SGD, so it says so ("SGD, momentum 0.9", "SGD + Nesterov, momentum 0.9"); a learning
 * rate other than the page's default is shown as η.
 */
export function variantLabel(name: string, options: Readonly<Record<string, OptionValue>>): string {
  let label = displayName(name);
  const momentum = typeof options.momentum === 'number' ? options.momentum : 0;
  if (name === 'sgd') {
    if (options.nesterov === true) label = 'SGD + Nesterov';
    if (momentum !== 0) label += `, momentum ${momentum}`;
  } else if (name === 'rmsprop' && momentum !== 0) {
    label += `, momentum ${momentum}`;
  } else if (name === 'lecture-nesterov' && momentum !== pageDefaults(name).momentum) {
    label += `, momentum ${momentum}`;
  }
  const lr = options.learningRate;
  if (typeof lr === 'number' && lr !== pageDefaults(name).learningRate) label += `, η ${lr}`;
  return label;
}

/** Labels of several runs: their variant labels, numbered only where two would read the same. */
export function runLabels(instances: ReadonlyArray<{ name: string; options: Readonly<Record<string, OptionValue>> }>): string[] {
  const base = instances.map((i) => variantLabel(i.name, i.options));
  const seen = new Map<string, number>();
  return base.map((b) => {
    const total = base.filter((x) => x === b).length;
    if (total === 1) return b;
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return `${b} (${n})`;
  });
}

/**
 * The label of a hyper-parameter: the lecture's symbol, then a short name (the registry's code
 * name stays in the tooltip). Unknown names are split from camelCase.
 */
const PARAM_LABELS: Readonly<Record<string, string>> = {
  learningRate: 'η learning rate',
  beta1: 'β₁',
  beta2: 'β₂',
  eps: 'ε',
  weightDecay: 'λ weight decay',
  momentum: 'μ momentum',
  dampening: 'τ dampening',
  nesterov: 'Nesterov',
  alpha: 'α',
  rho: 'ρ',
  lrDecay: 'η decay',
  initialAccumulatorValue: 'G₀ initial sum',
  lambd: 'λ decay',
  t0: 't₀ averaging start',
  etas: 'η−, η+',
  stepSizes: 'step min, max',
  momentumDecay: 'ψ momentum decay',
  maxGrowthFactor: 'μ max growth',
  amsgrad: 'AMSGrad',
  centered: 'centred',
  damping: 'λ damping',
  adaptiveDamping: 'adaptive λ (Levenberg–Marquardt)',
  dampingFactor: 'λ change factor',
  maxIter: 'max iterations',
  maxEval: 'max evaluations',
  warmupSteps: 'warm-up steps',
  r: 'r averaging power',
  weightLrPower: 'p η-weight power',
  decayAtZ: 'decay at z',
  nsSteps: 'Newton–Schulz steps',
  useMuon: 'orthogonalize (Muon)',
  historySize: 'history',
  toleranceGrad: 'tol. ‖∇f‖',
  toleranceChange: 'tol. change',
  lineSearchFn: 'line search',
};

/** The page's label for hyper-parameter `name`. */
export function paramLabel(name: string): string {
  return PARAM_LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The page's label of a choice value (`strong_wolfe` → `strong Wolfe`); the value itself stays the registry's. */
export function choiceLabel(value: string): string {
  return value === 'strong_wolfe' ? 'strong Wolfe' : value.replaceAll('_', ' ');
}
