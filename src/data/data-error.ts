/**
 * The one error type every data reader throws for bad input (malformed CSV, IDX or safetensors-like
 * payloads, labels out of range). Catching `DataError` separates "the file is wrong" from bugs.
 */

/** Where in an input a problem was found. All fields are optional; lines and columns are 1-based. */
export interface DataLocation {
  /** The file name or another description of the input (`'iris.csv'`, `'<string>'`). */
  source?: string;
  /** 1-based line number (text formats). */
  line?: number;
  /** 1-based column (field) number (text formats). */
  column?: number;
  /** 0-based byte offset (binary formats). */
  offset?: number;
}

/**
 * A problem with the contents of a data file or array, with its location.
 *
 * The message starts with the location: `iris.csv, line 17, column 3 (petal_width): "abc" is not a number`.
 *
 * @example
 * try {
 *   await readCsv('iris.csv');
 * } catch (e) {
 *   if (e instanceof DataError) console.error(e.message, e.line, e.column);
 *   else throw e;
 * }
 */
export class DataError extends Error {
  readonly source: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly offset: number | undefined;

  constructor(message: string, location: DataLocation = {}) {
    super(formatLocation(location) + message);
    this.name = 'DataError';
    this.source = location.source;
    this.line = location.line;
    this.column = location.column;
    this.offset = location.offset;
  }
}

function formatLocation(loc: DataLocation): string {
  const parts: string[] = [];
  if (loc.source !== undefined) parts.push(loc.source);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.column !== undefined) parts.push(`column ${loc.column}`);
  if (loc.offset !== undefined) parts.push(`byte ${loc.offset}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
