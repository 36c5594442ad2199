/**
 * The names of the lab's runs ("SGD, momentum 0.9, η 0.05"): the Surfaces panel's variant labels,
 * but with η shown when it differs from the *lab's* default rate (labDefaults), not the Surfaces
 * panel's: otherwise Adam at the lab's 0.03 read "Adam, η 0.03" beside a bare "RMSprop".
 */
import { pageDefaults, variantLabel, type OptionValue } from '../surfaces/optimizer-defaults.js';
import { labDefaults } from './config.js';

/** One run's label. */
export function labRunLabel(name: string, options: Readonly<Record<string, OptionValue>>): string {
  const lr = options.learningRate;
  // The Surfaces label without its η part (its η compares against the Surfaces default) …
  const opts: Record<string, OptionValue> = { ...options };
  const surfacesRate = pageDefaults(name).learningRate;
  if (surfacesRate === undefined) delete opts.learningRate;
  else opts.learningRate = surfacesRate;
  const base = variantLabel(name, opts);
  // … and η against the lab's default.
  return typeof lr === 'number' && lr !== labDefaults(name).learningRate ? `${base}, η ${lr}` : base;
}

/** Labels of a race's runs, numbered only where two would read the same. */
export function labRunLabels(runs: ReadonlyArray<{ optimizer: string; options: Readonly<Record<string, OptionValue>> }>): string[] {
  const base = runs.map((r) => labRunLabel(r.optimizer, r.options));
  const seen = new Map<string, number>();
  return base.map((b) => {
    if (base.filter((x) => x === b).length === 1) return b;
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return `${b} (${n})`;
  });
}
