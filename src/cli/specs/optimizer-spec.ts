/**
 * Optimizers by name for the command line, with one flag per hyper-parameter generated from the
 * optimizers' own specs (so a new optimizer or option appears on the command line by itself).
 */
import { Option } from 'commander';
import type { HyperParameterSpec } from '../../registry/spec.js';
import type { ParamsInput } from '../../optim/types.js';
import type { TrainableOptimizer } from '../../train/types.js';
import { Adadelta, adadeltaDefinition } from '../../optim/optimizers/adadelta.js';
import { Adagrad, adagradDefinition } from '../../optim/optimizers/adagrad.js';
import { Adam, adamDefinition } from '../../optim/optimizers/adam.js';
import { Adamax, adamaxDefinition } from '../../optim/optimizers/adamax.js';
import { AdamW, adamwDefinition } from '../../optim/optimizers/adamw.js';
import { ASGD, asgdDefinition } from '../../optim/optimizers/asgd.js';
import { Lion, lionDefinition } from '../../optim/optimizers/lion.js';
import { NAdam, nadamDefinition } from '../../optim/optimizers/nadam.js';
import { RAdam, radamDefinition } from '../../optim/optimizers/radam.js';
import { RMSprop, rmspropDefinition } from '../../optim/optimizers/rmsprop.js';
import { Rprop, rpropDefinition } from '../../optim/optimizers/rprop.js';
import { SGD, sgdDefinition } from '../../optim/optimizers/sgd.js';
import { UsageError } from '../usage-error.js';

interface CliOptimizer {
  specs: readonly HyperParameterSpec[];
  create(params: ParamsInput, options: Record<string, unknown>): TrainableOptimizer;
  /** Options implied by the name (e.g. `momentum` is SGD with momentum 0.9). */
  preset?: Record<string, unknown>;
}

const OPTIMIZERS: Record<string, CliOptimizer> = {
  sgd: { specs: sgdDefinition.hyperParameters, create: (p, o) => new SGD(p, o) },
  momentum: { specs: sgdDefinition.hyperParameters, create: (p, o) => new SGD(p, o), preset: { momentum: 0.9 } },
  nesterov: { specs: sgdDefinition.hyperParameters, create: (p, o) => new SGD(p, o), preset: { momentum: 0.9, nesterov: true } },
  adam: { specs: adamDefinition.hyperParameters, create: (p, o) => new Adam(p, o) },
  adamw: { specs: adamwDefinition.hyperParameters, create: (p, o) => new AdamW(p, o) },
  adamax: { specs: adamaxDefinition.hyperParameters, create: (p, o) => new Adamax(p, o) },
  nadam: { specs: nadamDefinition.hyperParameters, create: (p, o) => new NAdam(p, o) },
  radam: { specs: radamDefinition.hyperParameters, create: (p, o) => new RAdam(p, o) },
  rmsprop: { specs: rmspropDefinition.hyperParameters, create: (p, o) => new RMSprop(p, o) },
  adagrad: { specs: adagradDefinition.hyperParameters, create: (p, o) => new Adagrad(p, o) },
  adadelta: { specs: adadeltaDefinition.hyperParameters, create: (p, o) => new Adadelta(p, o) },
  rprop: { specs: rpropDefinition.hyperParameters, create: (p, o) => new Rprop(p, o) },
  asgd: { specs: asgdDefinition.hyperParameters, create: (p, o) => new ASGD(p, o) },
  lion: { specs: lionDefinition.hyperParameters, create: (p, o) => new Lion(p, o) },
};

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS);

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/(\d+)/g, '$1');

/** Every hyper-parameter of every optimizer, once per name, as a commander option. */
export function optimizerFlags(): Option[] {
  const seen = new Map<string, { spec: HyperParameterSpec; owners: string[] }>();
  for (const [name, o] of Object.entries(OPTIMIZERS)) {
    for (const spec of o.specs) {
      const entry = seen.get(spec.name) ?? { spec, owners: [] };
      entry.owners.push(name);
      seen.set(spec.name, entry);
    }
  }
  return [...seen.values()].map(({ spec, owners }) => {
    const flag = `--${kebab(spec.name)}`;
    const who = owners.length === OPTIMIZER_NAMES.length ? 'all optimizers' : owners.join(', ');
    switch (spec.kind) {
      case 'boolean':
        return new Option(flag, `${spec.doc} (${who}; default ${spec.default})`);
      case 'choice':
        return new Option(`${flag} <choice>`, `${spec.doc} (${who}; default ${spec.default})`).choices([...spec.choices]);
      case 'pair':
        return new Option(`${flag} <a,b>`, `${spec.doc} (${who}; default ${spec.default.join(',')})`).argParser((v) => {
          const parts = v.split(',').map(Number);
          if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag}: expected two numbers a,b, got '${v}'`);
          return parts;
        });
      default:
        return new Option(`${flag} <x>`, `${spec.doc} (${who}; default ${spec.default ?? 'none'})`).argParser((v) => {
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
  return o.create(params, { ...(o.preset ?? {}), ...options });
}
