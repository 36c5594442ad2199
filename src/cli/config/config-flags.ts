/**
 * The config keys as command-line flags of `descent train`: each key's flag is the key in kebab case
 * (`batchSize` → `--batch-size`), checked against the one schema of a run's config
 * (src/train/run-config.ts), with messages that name the flag and quote what was typed.
 */
import { kebab } from '../../specs/optimizer-spec.js';
import { checkConfigValue, CONFIG_KEYS, RECORDED_KEYS, type TrainConfig } from '../../train/run-config.js';

/**
 * The flag that sets a config key: the key in kebab case (`batchSize` → `--batch-size`), whose
 * value commander stores under the key itself. Optimizer options are flags of their own
 * (`--learning-rate`), so `hyperParameters` has none.
 */
export function configFlag(key: keyof TrainConfig): string {
  return key === 'hyperParameters' ? '--<option>' : `--${kebab(key)}`;
}

/** Keys whose flag takes a spec or a path: the text is the value, never a number. */
const TEXT_KEYS: ReadonlySet<keyof TrainConfig> = new Set(['dataset', 'model', 'schedule', 'augment', 'out', 'init']);

/** A number when the flag's text is one (`'5'` → 5), the text otherwise (for the schema to reject). */
function flagValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  if (trimmed !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  return text;
}

/** `'a, b,c'` → `['a', 'b', 'c']`: the comma-separated class names of `--classes`. */
function classList(text: unknown): unknown {
  return typeof text === 'string' ? text.split(',').map((name) => name.trim()) : text;
}

/**
 * The config keys given as flags (commander's parsed options; undefined = not given), checked
 * against the schema. Messages name the flag and quote what was typed.
 */
export function parseConfigFlags(opts: Readonly<Record<string, unknown>>): Partial<TrainConfig> {
  const config: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    if (key === 'hyperParameters' || RECORDED_KEYS.has(key)) continue;
    const raw = opts[key];
    if (raw === undefined) continue;
    // `--classes apple,banana,cherry`: names never read as numbers (`--classes 0,1,x` is names).
    const value = key === 'classes' ? classList(raw) : TEXT_KEYS.has(key) ? raw : flagValue(raw);
    config[key] = checkConfigValue(key, value, { typed: { flag: configFlag(key), raw: String(raw) } });
  }
  return config as Partial<TrainConfig>;
}
