/**
 * Optimizers by name for the command line, with one flag per hyper-parameter generated from the
 * optimizers' own specs (so a new optimizer or option appears on the command line by itself).
 */
import type { HyperParameterSpec } from '../registry/spec.js';
import type { ParamsInput } from '../optim/types.js';
import { OPTIMIZERS as REGISTRY } from '../optim/registry.js';
import type { TrainableOptimizer } from '../train/types.js';
import { SpecError } from './spec-error.js';

interface CliOptimizer {
  specs: readonly HyperParameterSpec[];
  create(params: ParamsInput, options: Record<string, unknown>): TrainableOptimizer;
  /** Options implied by the name (e.g. `momentum` is SGD with momentum 0.9). */
  preset?: Record<string, unknown>;
}

// Every first-order optimizer of the registry (the training loop calls step() without a closure),
// plus two SGD presets: `momentum` (heavy-ball momentum 0.9) and `nesterov` (SGD's Nesterov flag).
const firstOrder = REGISTRY.filter((e) => e.kind === 'first-order');
const OPTIMIZERS: Record<string, CliOptimizer> = Object.fromEntries(
  firstOrder.map((e) => [e.name, { specs: e.hyperParameters, create: (p: ParamsInput, o: Record<string, unknown>) => e.create(p, o) as unknown as TrainableOptimizer }]),
);
const sgd = OPTIMIZERS.sgd;
if (sgd) {
  OPTIMIZERS.momentum = { ...sgd, preset: { momentum: 0.9 } };
  // `nesterov` always means SGD's Nesterov flag. The lecture's look-ahead form is the registry's
  // `lecture-nesterov`, driven by a closure; its iterates equal SGD(nesterov) after a change of
  // variables, which is what the training loop runs.
  OPTIMIZERS.nesterov = { ...sgd, preset: { momentum: 0.9, nesterov: true } };
}

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS);

/** `learningRate` → `learning-rate`: how an option is spelt as a command-line flag. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/(\d+)/g, '$1');

/** Each optimizer's hyper-parameter specs with the options its name implies (for flags and docs). */
export function optimizerSpecs(): Array<{ name: string; specs: readonly HyperParameterSpec[]; preset: Record<string, unknown> }> {
  return Object.entries(OPTIMIZERS).map(([name, o]) => ({ name, specs: o.specs, preset: o.preset ?? {} }));
}

/** Creates the named optimizer; options it does not have are reported with the valid ones. */
export function createOptimizer(name: string, params: ParamsInput, options: Record<string, unknown>): TrainableOptimizer {
  const o = OPTIMIZERS[name];
  if (!o) throw new SpecError(`unknown optimizer '${name}'; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  const valid = o.specs.map((s) => s.name);
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new SpecError(`--${kebab(key)} does not apply to ${name}; its options: ${valid.map((v) => `--${kebab(v)}`).join(', ')}`);
  }
  try {
    return o.create(params, { ...(o.preset ?? {}), ...options });
  } catch (err) {
    // A flag value out of range (say --learning-rate -1) is a usage error: exit code 2.
    throw new SpecError((err as Error).message);
  }
}
