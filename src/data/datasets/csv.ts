/**
 * A CSV reader: numeric feature columns and one label column, with header detection and class
 * mapping of string labels. Bad rows raise a `DataError` naming the file, line and column.
 */
import { allocate } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { DataError } from '../data-error.js';
import { Dataset } from '../dataset.js';
import { csvRecords, type CsvRecord } from './csv-records.js';
import { describeInput, type FileInput } from '../../platform/file-input.js';
import { readText } from '../../platform/node.js';

/** Options of {@link parseCsv} and {@link readCsv}. */
export interface CsvOptions {
  /** The label column: its header name, or its 0-based index (negative counts from the end). Default: the last column. */
  label?: string | number;
  /**
   * Whether the first row names the columns. `'auto'` (default): it does when one of its fields is not
   * a number while the same column of the second row is (or, with a single row, when no field is a
   * number). Always true when `label` is a name.
   */
  header?: boolean | 'auto';
  /** Field separator, one character. Default: `,`, or `;` / tab when the first line has those but no comma. */
  delimiter?: string;
  /**
   * How to read labels. `'class'`: class indices (integer labels used as they are, string labels mapped
   * to indices in sorted order). `'regression'`: float targets `[N, 1]`. `'auto'` (default): class when
   * any label is not a number or all are integers, regression otherwise.
   */
  target?: 'auto' | 'class' | 'regression';
  /** Class names in index order; string labels are mapped through it (others are an error). */
  classes?: readonly string[];
  /** Number of classes for integer labels (checked); default the largest label + 1. */
  numClasses?: number;
  /** Return class labels as one-hot float rows `[N, C]` instead of int32 indices `[N]`. */
  oneHot?: boolean;
  /** Feature (and regression target) dtype (default float32). */
  dtype?: 'float32' | 'float64';
  /** Name of the input in error messages (default `'<csv>'`; `readCsv` uses the path). */
  source?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a finite decimal number field (surrounding spaces allowed), or NaN. */
function parseNumber(field: string): number {
  const s = field.trim();
  if (!NUMBER.test(s)) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Parses CSV text into a dataset: every column except the label column is a numeric feature
 * (`[N, F]`), the label column becomes class indices, one-hot rows or regression targets.
 *
 * @example
 * const ds = parseCsv('x1,x2,species\n5.1,3.5,setosa\n6.2,2.9,virginica\n', { label: 'species' });
 * ds.classNames;  // ['setosa', 'virginica']
 * ds.labels;      // int32 [0, 1]
 */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  const source = options.source ?? '<csv>';
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`parseCsv: delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  const it = csvRecords(text, delimiter, source);
  const first = it.next();
  if (first.done) throw new DataError('no rows: the file is empty', { source });
  const second = it.next();
  const row1 = first.value;
  const row2 = second.done ? null : second.value;
  const header = options.header === 'auto' || options.header === undefined
    ? typeof options.label === 'string' || looksLikeHeader(row1.fields, row2?.fields ?? null)
    : options.header;
  const width = row1.fields.length;
  const names = header ? row1.fields.map((f) => f.trim()) : null;
  const labelIndex = resolveLabelColumn(options.label, names, width, source, row1.line);
  if (width < 2) throw new DataError(`need at least one feature column and a label column; line ${row1.line} has ${width} field`, { source, line: row1.line });
  const columnName = (c: number): string => (names ? ` ("${names[c]}")` : '');

  const float64 = options.dtype === 'float64';
  const features = new GrowableArray();
  const labels: string[] = [];
  const lines: number[] = [];
  const take = (r: CsvRecord): void => {
    if (r.fields.length !== width) {
      const what = header ? 'the header has' : `line ${row1.line} has`;
      throw new DataError(`expected ${width} fields (${what} ${width}) but found ${r.fields.length}`, { source, line: r.line, column: Math.min(width, r.fields.length) + 1 });
    }
    for (let c = 0; c < width; c++) {
      if (c === labelIndex) continue;
      const v = parseNumber(r.fields[c]!);
      if (Number.isNaN(v)) throw new DataError(`${JSON.stringify(r.fields[c])} is not a finite number${columnName(c)}`, { source, line: r.line, column: c + 1 });
      if (!float64 && !Number.isFinite(Math.fround(v))) throw new DataError(`${r.fields[c]!.trim()} overflows float32${columnName(c)} (read with dtype: 'float64')`, { source, line: r.line, column: c + 1 });
      features.push(v);
    }
    labels.push(r.fields[labelIndex]!.trim());
    lines.push(r.line);
  };
  if (!header) take(row1);
  if (row2) take(row2);
  for (const r of it) take(r);
  if (labels.length === 0) throw new DataError('no data rows after the header', { source });

  const n = labels.length;
  const dtype = options.dtype ?? 'float32';
  const x = new Tensor(features.toArray(dtype), [n, width - 1]);
  const where = (i: number): { source: string; line: number; column: number } => ({ source, line: lines[i]!, column: labelIndex + 1 });
  const target = options.target ?? 'auto';
  const values = labels.map(parseNumber);
  const allNumbers = values.every((v) => !Number.isNaN(v));
  const regression = !options.classes && (target === 'regression' || (target === 'auto' && allNumbers && !values.every(Number.isInteger)));
  if (regression) {
    const bad = values.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) throw new DataError(`label ${JSON.stringify(labels[bad])} is not a number${columnName(labelIndex)}`, where(bad));
    const big = float64 ? -1 : values.findIndex((v) => !Number.isFinite(Math.fround(v)));
    if (big >= 0) throw new DataError(`label ${labels[big]} overflows float32${columnName(labelIndex)} (read with dtype: 'float64')`, where(big));
    if (options.oneHot) throw new DataError(`oneHot needs class labels, but the label column${columnName(labelIndex)} holds regression targets`, { source });
    const y = allocate(dtype, n);
    y.set(values);
    return new Dataset(x, new Tensor(y, [n, 1]), { source });
  }

  let classNames: string[] | undefined = options.classes ? [...options.classes] : undefined;
  const indices = new Int32Array(n);
  if (!classNames && allNumbers) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < 0 || (options.numClasses !== undefined && v >= options.numClasses)) {
        const range = options.numClasses !== undefined ? `0..${options.numClasses - 1}` : 'a non-negative integer';
        throw new DataError(`class label ${labels[i]} is out of range (expected ${range})${columnName(labelIndex)}`, where(i));
      }
      if (v > 2 ** 31 - 1) throw new DataError(`class label ${labels[i]} is too large`, where(i));
      indices[i] = v;
    }
  } else {
    classNames ??= [...new Set(labels)].sort();
    const index = new Map(classNames.map((name, k) => [name, k]));
    for (let i = 0; i < n; i++) {
      const k = index.get(labels[i]!);
      if (k === undefined) throw new DataError(`label ${JSON.stringify(labels[i])} is not one of the classes ${classNames.join(', ')}${columnName(labelIndex)}`, where(i));
      indices[i] = k;
    }
  }
  const numClasses = classNames?.length ?? options.numClasses;
  const info = { source, ...(classNames ? { classNames } : {}), ...(numClasses !== undefined ? { numClasses } : {}) };
  if (!options.oneHot) return new Dataset(x, new Tensor(indices, [n]), info);
  const c = numClasses ?? indices.reduce((m, k) => Math.max(m, k + 1), 1);
  const y = allocate(dtype, n * c);
  indices.forEach((k, i) => (y[i * c + k] = 1));
  return new Dataset(x, new Tensor(y, [n, c]), { source });
}

/**
 * Reads a CSV file (see {@link parseCsv}); errors name the path. In Node `path` is a file path (or a
 * `file:`/`http(s):` URL); in a browser a URL to fetch; anywhere also a `Blob`/`File`, a `Response`
 * or the bytes.
 *
 * @example
 * const iris = await readCsv('data/iris.csv', { label: 'species' });
 * const picked = await readCsv(fileInput.files[0]); // in a page
 */
export async function readCsv(path: FileInput, options: CsvOptions = {}): Promise<Dataset> {
  const text = await readText(path, 'readCsv');
  return parseCsv(text, { source: describeInput(path), ...options });
}

function sniffDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const firstLine = end < 0 ? text : text.slice(0, end);
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

function looksLikeHeader(row1: string[], row2: string[] | null): boolean {
  const isNum = (f: string | undefined): boolean => f !== undefined && !Number.isNaN(parseNumber(f));
  if (!row2) return row1.every((f) => !isNum(f));
  return row1.some((f, c) => !isNum(f) && isNum(row2[c]));
}

function resolveLabelColumn(label: string | number | undefined, names: string[] | null, width: number, source: string, line: number): number {
  if (label === undefined) return width - 1;
  if (typeof label === 'string') {
    const k = names?.indexOf(label) ?? -1;
    if (k < 0) throw new DataError(`no column named "${label}"; the columns are ${names?.map((s) => `"${s}"`).join(', ')}`, { source, line });
    return k;
  }
  if (!Number.isInteger(label) || label < -width || label >= width) {
    throw new DataError(`label column ${label} is out of range for ${width} columns (0-based; negative counts from the end)`, { source, line });
  }
  return label < 0 ? label + width : label;
}

/** A float64 buffer that doubles as it fills (avoids one JS number per field). */
class GrowableArray {
  private data = new Float64Array(1024);
  private size = 0;

  push(v: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = v;
  }

  toArray(dtype: 'float32' | 'float64'): Float32Array | Float64Array {
    const used = this.data.subarray(0, this.size);
    return dtype === 'float64' ? used.slice() : Float32Array.from(used);
  }
}
