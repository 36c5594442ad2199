/** JSON checkpoints of averaging state, exact to the bit (NaN, ±Infinity and −0 included). */
import type { AveragingState } from './averager.js';

/** A number as JSON: finite values as numbers, the values JSON cannot hold as strings. */
type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** The JSON form of an {@link AveragingState}. */
export interface AveragingStateJSON {
  kind: string;
  count: number;
  averaged: Record<string, JsonNumber[]>;
}

function encode(v: number): JsonNumber {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0 && 1 / v < 0) return '-0';
  return v;
}

function decode(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  switch (v) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    default: throw new Error(`averaging state: invalid value at ${where}: ${JSON.stringify(v)}`);
  }
}

/**
 * Converts averaging state to JSON-safe data; {@link averagingStateFromJSON} inverts it exactly.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(averagingStateToJSON(state));
 * const restored = averagingStateFromJSON(JSON.parse(text));
 * ```
 */
export function averagingStateToJSON(state: AveragingState): AveragingStateJSON {
  const averaged: Record<string, JsonNumber[]> = {};
  for (const [name, values] of Object.entries(state.averaged)) averaged[name] = Array.from(values, encode);
  return { kind: state.kind, count: state.count, averaged };
}

/**
 * Reads averaging state back from its JSON form, checking every field. With `expectedKind`, a state
 * from another averager is an error.
 *
 * @example
 * ```ts
 * const state = averagingStateFromJSON(JSON.parse(text), 'swa');
 * ```
 */
export function averagingStateFromJSON(json: unknown, expectedKind?: string): AveragingState {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`averaging state: expected an object, got ${JSON.stringify(json)}`);
  }
  const j = json as Record<string, unknown>;
  for (const key of Object.keys(j)) {
    if (key !== 'kind' && key !== 'count' && key !== 'averaged') throw new Error(`averaging state: unknown field '${key}'`);
  }
  if (typeof j.kind !== 'string') throw new Error(`averaging state: kind must be a string, got ${JSON.stringify(j.kind)}`);
  if (expectedKind !== undefined && j.kind !== expectedKind) {
    throw new Error(`averaging state: expected a '${expectedKind}' state, got '${j.kind}'`);
  }
  if (typeof j.count !== 'number' || !Number.isInteger(j.count) || j.count < 0) {
    throw new Error(`averaging state: count must be a non-negative integer, got ${JSON.stringify(j.count)}`);
  }
  if (typeof j.averaged !== 'object' || j.averaged === null || Array.isArray(j.averaged)) {
    throw new Error('averaging state: averaged must be an object of named value lists');
  }
  const averaged: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(j.averaged)) {
    if (!Array.isArray(values)) throw new Error(`averaging state: averaged.${name} must be a list`);
    averaged[name] = Float64Array.from(values, (v: unknown, i) => decode(v, `averaged.${name}[${i}]`));
  }
  return { kind: j.kind, count: j.count, averaged };
}
