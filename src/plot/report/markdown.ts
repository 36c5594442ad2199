/** Markdown rendering of report tables. */
import { checkTable, columnAlign, type Table } from './table.js';

const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * A GitHub-flavoured Markdown table (caption in bold above it, notes below).
 *
 * @example
 * markdownTable({ columns: ['optimizer', 'error'], rows: [['adam', '3.1%']] });
 * // | optimizer | error |
 * // | :-- | --: |
 * // | adam | 3.1% |
 */
export function markdownTable(table: Table): string {
  checkTable(table);
  const lines: string[] = [];
  if (table.caption) lines.push(`**${cell(table.caption)}**`, '');
  lines.push(`| ${table.columns.map(cell).join(' | ')} |`);
  lines.push(`| ${table.columns.map((_, i) => (columnAlign(table, i) === 'right' ? '--:' : ':--')).join(' | ')} |`);
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  for (const note of table.notes ?? []) lines.push('', note);
  return lines.join('\n') + '\n';
}
