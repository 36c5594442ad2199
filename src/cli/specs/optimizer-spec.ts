/**
 * Optimizers by name for the command line, with one flag per hyper-parameter generated from the
 * optimizers' own specs (so a new optimizer or option appears on the command line by itself).
 */
import { Option } from 'commander';
import type { HyperParameterSpec } from '../../registry/spec.js';
import type { ParamsInput } from '../../optim/types.js';
import { OPTIMIZERS as REGISTRY } from '../../optim/registry.js';
import type { TrainableOptimizer } from '../../train/types.js';
import { UsageError } from '../usage-error.js';

interface CliOptimizer {
  specs: readonly HyperParameterSpec[];
  create(params: ParamsInput, options: Record<string, unknown>): TrainableOptimizer;
  /** Options implied by the name (e.g. `momentum` is SGD with momentum 0.9). */
  preset?: Record<string, unknown>;
}

// Every first-order optimizer of the registry (the training loop calls step() without a closure),
// plus `momentum`: the lecture's name for SGD with heavy-ball momentum 0.9.
const firstOrder = REGISTRY.filter((e) => e.kind === 'first-order');
const OPTIMIZERS: Record<string, CliOptimizer> = Object.fromEntries(
  firstOrder.map((e) => [e.name, { specs: e.hyperParameters, create: (p: ParamsInput, o: Record<string, unknown>) => e.create(p, o) as unknown as TrainableOptimizer }]),
);
const sgd = OPTIMIZERS.sgd;
if (sgd) {
  OPTIMIZERS.momentum = { ...sgd, preset: { momentum: 0.9 } };
  // The registry's `nesterov` is the lecture's look-ahead form, driven by a closure; its iterates
  // equal SGD(nesterov) after a change of variables, which is what the training loop runs.
  OPTIMIZERS.nesterov ??= { ...sgd, preset: { momentum: 0.9, nesterov: true } };
}

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS);

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/(\d+)/g, '$1');

/** Every hyper-parameter of every optimizer, once per name, as a commander option. */
export function optimizerFlags(): Option[] {
  const seen = new Map<string, { spec: HyperParameterSpec; owners: string[]; defaults: Set<string> }>();
  for (const [name, o] of Object.entries(OPTIMIZERS)) {
    for (const spec of o.specs) {
      const entry = seen.get(spec.name) ?? { spec, owners: [], defaults: new Set<string>() };
      entry.owners.push(name);
      entry.defaults.add(JSON.stringify(o.preset?.[spec.name] ?? spec.default));
      seen.set(spec.name, entry);
    }
  }
  return [...seen.values()].map(({ spec, owners, defaults }) => {
    const flag = `--${kebab(spec.name)}`;
    const owner = owners.length === OPTIMIZER_NAMES.length ? 'all optimizers' : owners.join(', ');
    // One default for all owners is shown as is; otherwise it depends on the optimizer.
    const who = defaults.size > 1 ? `${owner}; default depends on the optimizer` : owner;
    switch (spec.kind) {
      case 'boolean':
        return new Option(flag, `${spec.doc} (${who}${defaults.size > 1 ? '' : `; default ${spec.default}`})`);
      case 'choice':
        return new Option(`${flag} <choice>`, `${spec.doc} (${who}${defaults.size > 1 ? '' : `; default ${spec.default}`})`).choices([...spec.choices]);
      case 'pair':
        return new Option(`${flag} <a,b>`, `${spec.doc} (${who}${defaults.size > 1 ? '' : `; default ${spec.default.join(',')}`})`).argParser((v) => {
          const parts = v.split(',').map(Number);
          if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag}: expected two numbers a,b, got '${v}'`);
          return parts;
        });
      default:
        return new Option(`${flag} <x>`, `${spec.doc} (${who}${defaults.size > 1 ? '' : `; default ${spec.default ?? 'none'}`})`).argParser((v) => {
          const x = Number(v);
          if (v.trim() === '' || Number.isNaN(x)) throw new UsageError(`${flag}: expected a number, got '${v}'`);
          return x;
        });
    }
  });
}

/** Creates the named optimizer; options it does not have are reported with the valid ones. */
export function createOptimizer(name: string, params: ParamsInput, options: Record<string, unknown>): TrainableOptimizer {
  const o = OPTIMIZERS[name];
  if (!o) throw new UsageError(`unknown optimizer '${name}'; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  const valid = o.specs.map((s) => s.name);
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new UsageError(`--${kebab(key)} does not apply to ${name}; its options: ${valid.map((v) => `--${kebab(v)}`).join(', ')}`);
  }
  try {
    return o.create(params, { ...(o.preset ?? {}), ...options });
  } catch (err) {
    // A flag value out of range (say --learning-rate -1) is a usage error: exit code 2.
    throw new UsageError((err as Error).message);
  }
}
