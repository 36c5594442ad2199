/**
 * One command-line flag per optimizer hyper-parameter, generated from the optimizer registry (so a
 * new optimizer or option appears on the command line by itself).
 */
import { Option, type Command } from 'commander';
import type { HyperParameterSpec } from '../registry/spec.js';
import { kebab, OPTIMIZER_NAMES, optimizerSpecs } from '../specs/optimizer-spec.js';
import { UsageError } from './usage-error.js';

/** Every hyper-parameter of every optimizer, once per name, as a commander option (booleans also as `--no-<name>`). */
export function optimizerFlags(): Option[] {
  const seen = new Map<string, { spec: HyperParameterSpec; owners: string[]; defaults: Set<string> }>();
  for (const { name, specs, preset } of optimizerSpecs()) {
    for (const spec of specs) {
      const entry = seen.get(spec.name) ?? { spec, owners: [], defaults: new Set<string>() };
      entry.owners.push(name);
      entry.defaults.add(JSON.stringify(preset[spec.name] ?? spec.default));
      seen.set(spec.name, entry);
    }
  }
  return [...seen.values()].flatMap(({ spec, owners, defaults }): Option | Option[] => {
    const flag = `--${kebab(spec.name)}`;
    const owner = owners.length === OPTIMIZER_NAMES.length ? 'all optimizers' : owners.join(', ');
    // One default for all owners is shown as is; otherwise it depends on the optimizer.
    const who = defaults.size > 1 ? `${owner}; default depends on the optimizer` : owner;
    switch (spec.kind) {
      case 'boolean':
        // Both spellings, so a typed flag can also turn off an option a --config file (or the
        // optimizer's default, e.g. Muon's nesterov) turns on.
        return [
          new Option(flag, `${spec.doc} (${who}${defaults.size > 1 ? '' : `; default ${spec.default}`})`),
          new Option(`--no-${kebab(spec.name)}`, `turn ${flag} off`),
        ];
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


/**
 * The optimizer options typed on the command line, by registry name. Only flags commander saw on
 * the command line count, so an option a `--config` file sets is not replaced by a flag's default.
 */
export function givenOptimizerOptions(opts: Readonly<Record<string, unknown>>, command: Command): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const flag of optimizerFlags()) {
    const key = flag.attributeName();
    if (command.getOptionValueSource(key) === 'cli') given[key] = opts[key];
  }
  return given;
}
