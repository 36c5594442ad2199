/** CSV (RFC 4180) for the raw numbers of a report. */

/** A CSV cell value: numbers are written in full precision, null and undefined as empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

function quote(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text with a header line; each record gives a value per column (missing ones are empty).
 *
 * @example
 * toCsv(['seed', 'loss'], [{ seed: 1, loss: 0.25 }]); // 'seed,loss\n1,0.25\n'
 */
export function toCsv(columns: readonly string[], records: readonly Readonly<Record<string, CsvValue>>[]): string {
  const lines = [columns.map(quote).join(',')];
  for (const r of records) lines.push(columns.map((c) => quote(r[c])).join(','));
  return lines.join('\n') + '\n';
}
