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

/** The display name of `name` (`Adam`, `SGD`, …). */
export function displayName(name: string): string {
  return optimizerEntry(name).displayName;
}
