/** A table of text cells, written to Markdown and HTML alike. */

/** Column alignment: numbers read best right-aligned. */
export type Align = 'left' | 'right';

/** A table: a caption, column headers and rows of already formatted cells. */
export interface Table {
  caption?: string;
  columns: readonly string[];
  /** Alignment per column (default: left for the first, right for the others). */
  align?: readonly Align[];
  rows: readonly (readonly string[])[];
  /** Notes printed under the table (what "not reached" means, the tolerance used, …). */
  notes?: readonly string[];
}

/** The alignment of column `i`. */
export function columnAlign(table: Table, i: number): Align {
  return table.align?.[i] ?? (i === 0 ? 'left' : 'right');
}

/** Checks that every row has one cell per column; the error names the row. */
export function checkTable(table: Table): void {
  table.rows.forEach((row, i) => {
    if (row.length !== table.columns.length) {
      throw new Error(`table${table.caption ? ` '${table.caption}'` : ''}: row ${i + 1} has ${row.length} cells, expected ${table.columns.length}`);
    }
  });
}
