/** JSON lines: one JSON value per line, for raw numbers that tools stream. */

/**
 * One line per record. Non-finite numbers (not valid JSON) become the strings "inf", "-inf", "nan".
 *
 * @example
 * toJsonLines([{ a: 1 }, { a: Infinity }]); // '{"a":1}\n{"a":"inf"}\n'
 */
export function toJsonLines(records: readonly unknown[]): string {
  const replacer = (_key: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v;
  return records.map((r) => JSON.stringify(r, replacer)).join('\n') + (records.length ? '\n' : '');
}
