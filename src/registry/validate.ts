/**
 * Hyper-parameter validation with precise messages: the owner, the option and the value, and for a
 * misspelt option the closest valid name.
 */
import type { HyperParameterSpec, NumberSpec } from './spec.js';

/** Levenshtein distance, case-insensitive, with `_` and `-` ignored (so `lr_decay` ~ `lrDecay`). */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase().replace(/[_-]/g, '');
  const t = b.toLowerCase().replace(/[_-]/g, '');
  const row = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (s[i - 1] === t[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[t.length]!;
}

/** The valid name closest to `name`, if any is reasonably close. */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const v of valid) {
    const d = editDistance(name, v);
    if (d < bestDistance) {
      bestDistance = d;
      best = v;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Throws when `options` has a key that no spec names, suggesting the closest valid one. */
export function rejectUnknownOptions(owner: string, options: object, valid: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    const hint = closestName(key, valid);
    throw new Error(
      `${owner}: unknown option '${key}'` +
        (hint ? `; did you mean '${hint}'?` : '') +
        ` Valid options: ${valid.join(', ')}`,
    );
  }
}

/** Checks a number against a spec's range; throws `Invalid <name>: <value> (...)`. */
export function checkNumber(owner: string, spec: NumberSpec, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new Error(`${owner}: invalid ${spec.name}: ${String(value)} (expected a number)`);
  }
  if (spec.kind === 'integer' && !Number.isInteger(value)) {
    throw new Error(`${owner}: invalid ${spec.name}: ${value} (expected an integer)`);
  }
  const lowOk = spec.min === undefined || (spec.minExclusive ? value > spec.min : value >= spec.min);
  const highOk = spec.max === undefined || (spec.maxExclusive ? value < spec.max : value <= spec.max);
  if (!lowOk || !highOk || (!Number.isFinite(value) && spec.max === undefined && value === Infinity)) {
    throw new Error(`${owner}: invalid ${spec.name}: ${value} (valid range ${describeRange(spec)})`);
  }
  return value;
}

/** A range in interval notation, e.g. `[0, 1)` or `(0, inf)`. */
export function describeRange(spec: NumberSpec): string {
  const lo = spec.min === undefined ? '(-inf' : `${spec.minExclusive ? '(' : '['}${spec.min}`;
  const hi = spec.max === undefined ? 'inf)' : `${spec.max}${spec.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

/**
 * Validates `options` against `specs` and returns them with defaults filled in. Numbers are checked
 * against their range (NaN and infinities rejected), booleans and choices by type, pairs element-wise.
 */
export function resolveOptions(
  owner: string,
  specs: readonly HyperParameterSpec[],
  options: Record<string, unknown> = {},
): Record<string, unknown> {
  rejectUnknownOptions(owner, options, specs.map((s) => s.name));
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const given = options[spec.name];
    const value = given === undefined ? spec.default : given;
    if (value === null || value === undefined) {
      out[spec.name] = value;
      continue;
    }
    switch (spec.kind) {
      case 'number':
      case 'integer':
        out[spec.name] = checkNumber(owner, spec, value);
        if (!Number.isFinite(value as number) && spec.max === undefined) {
          throw new Error(`${owner}: invalid ${spec.name}: ${String(value)} (must be finite)`);
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw new Error(`${owner}: invalid ${spec.name}: ${String(value)} (expected true or false)`);
        out[spec.name] = value;
        break;
      case 'choice':
        if (typeof value !== 'string' || !spec.choices.includes(value)) {
          throw new Error(`${owner}: invalid ${spec.name}: ${String(value)} (valid choices: ${spec.choices.join(', ')})`);
        }
        out[spec.name] = value;
        break;
      case 'pair': {
        if (!Array.isArray(value) || value.length !== 2) {
          throw new Error(`${owner}: invalid ${spec.name}: ${JSON.stringify(value)} (expected two numbers)`);
        }
        for (const v of value) {
          const inRange =
            typeof v === 'number' && Number.isFinite(v) &&
            (spec.min === undefined || v >= spec.min) &&
            (spec.max === undefined || v < spec.max);
          if (!inRange) {
            throw new Error(`${owner}: invalid ${spec.name}: [${value.join(', ')}] (each must be in [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}))`);
          }
        }
        out[spec.name] = [value[0], value[1]];
        break;
      }
    }
  }
  return out;
}
