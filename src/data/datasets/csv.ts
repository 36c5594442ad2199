/**
 * A CSV reader: numeric feature columns and one label column, with header detection and class
 * mapping of string labels. Bad rows raise a `DataError` naming the file, line and column.
 */
import { allocate } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { DataError, type DataLocation } from '../data-error.js';
import { Dataset } from '../dataset.js';
import { MAX_CLASSES } from '../class-labels.js';
import { readFileInput } from '../file-error.js';
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
   * What the label column holds. `'classification'` (default): class labels — integers in
   * `[0, MAX_CLASSES)` used as they are, or strings mapped to indices in sorted order; a numeric label
   * that is not an integer (`2.5`) is an error, and so is a name in a column of mostly numbers (a typo
   * such as `cat` among `0`/`1` would otherwise make every label a name). `'regression'`: real-valued
   * targets `[N, 1]`.
   */
  task?: 'classification' | 'regression';
  /**
   * The vocabulary: class names in index order, `classes[k]` naming class `k`. Every label is read as
   * a name and mapped through it (numbers too: `'0'` must be listed), and a label not in it is an
   * error naming the label, its line and the classes. Without it, string labels are numbered in sorted
   * order of the names in this file — so a second file (a test set with fewer classes) must be read
   * with the first one's `classNames` for class `k` to mean the same thing in both.
   */
  classes?: readonly string[];
  /**
   * Number of classes for integer labels (checked), at most `MAX_CLASSES`; default the largest label + 1.
   * Without `classes` it says the labels are class indices: a name among them is an error (numbering
   * the names of this file would give classes the model never had).
   */
  numClasses?: number;
  /**
   * Return class labels as one-hot float rows `[N, C]` instead of int32 indices `[N]`. These take
   * N × C values: more than 2^30 bytes is an error (keep the indices and one-hot a batch at a time).
   */
  oneHot?: boolean;
  /** Feature (and regression target) dtype (default float32). */
  dtype?: 'float32' | 'float64';
  /** Name of the input in error messages (default `'<csv>'`; `readCsv` uses the path). */
  source?: string;
}

/** Largest one-hot label array `parseCsv` builds, in bytes (N × C values). */
const MAX_ONE_HOT_BYTES = 2 ** 30;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a finite decimal number field (surrounding spaces allowed), or NaN. */
function parseNumber(field: string): number {
  const s = field.trim();
  if (!NUMBER.test(s)) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** Said after an empty field in the last column: the usual cause. */
const TRAILING_HINT = ' (a delimiter at the end of the line makes an empty last column: remove it)';

/**
 * Parses CSV text into a dataset: every column except the label column is a numeric feature
 * (`[N, F]`), the label column becomes class indices, one-hot rows or regression targets.
 *
 * Every row must have as many fields as the first; an empty field (as a trailing delimiter makes) is
 * an error, as is a class label outside `[0, MAX_CLASSES)` or a fractional one without
 * `task: 'regression'`, or a name in a label column of mostly numbers. Errors are `DataError`s
 * naming the source, line, column (and column name).
 * Memory is proportional to the text, except one-hot labels (N × C values, capped at 2^30 bytes).
 *
 * String labels are numbered in sorted order of the names in this text: keep the training set's
 * `classNames` and pass them as `classes` when reading other data for the same model.
 *
 * @example
 * const ds = parseCsv('x1,x2,species\n5.1,3.5,setosa\n6.2,2.9,virginica\n', { label: 'species' });
 * ds.classNames;  // ['setosa', 'virginica']
 * ds.labels;      // int32 [0, 1]
 * parseCsv('x,species\n6.2,virginica\n', { classes: ds.classNames! }).labels; // int32 [1], as in ds
 * parseCsv('x,y\n0.5,2.25\n', { task: 'regression' }).labels; // float32 [[2.25]]
 */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  const source = options.source ?? '<csv>';
  checkOptions(options, source);
  const delimiter = options.delimiter ?? sniffDelimiter(text);
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
  if (names && names[width - 1] === '') {
    const role = labelIndex === width - 1 ? 'the label column' : 'a feature column';
    throw new DataError(`the last column has no name, yet would be ${role}${TRAILING_HINT}`, { source, line: row1.line, column: width });
  }
  const columnName = (c: number): string => (names ? ` ("${names[c]}")` : '');

  const float64 = options.dtype === 'float64';
  const features = new GrowableArray();
  const labels: string[] = [];
  const lines: number[] = [];
  const take = (r: CsvRecord): void => {
    if (r.fields.length !== width) {
      const what = header ? 'the header has' : `line ${row1.line} has`;
      const trailing = r.fields.length === width + 1 && r.fields[width]!.trim() === '' ? TRAILING_HINT : '';
      throw new DataError(`expected ${width} fields (${what} ${width}) but found ${r.fields.length}${trailing}`, { source, line: r.line, column: Math.min(width, r.fields.length) + 1 });
    }
    for (let c = 0; c < width; c++) {
      const field = r.fields[c]!;
      if (field.trim() === '') {
        const what = c === labelIndex ? 'label' : 'value';
        throw new DataError(`empty ${what}${columnName(c)}${c === width - 1 ? TRAILING_HINT : ''}`, { source, line: r.line, column: c + 1 });
      }
      if (c === labelIndex) continue;
      const v = parseNumber(field);
      if (Number.isNaN(v)) throw new DataError(`${JSON.stringify(field)} is not a finite number${columnName(c)}`, { source, line: r.line, column: c + 1 });
      if (!float64 && !Number.isFinite(Math.fround(v))) throw new DataError(`${field.trim()} overflows float32${columnName(c)} (read with dtype: 'float64')`, { source, line: r.line, column: c + 1 });
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
  const values = labels.map(parseNumber);
  if (options.task === 'regression') {
    const bad = values.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) throw new DataError(`label ${JSON.stringify(labels[bad])} is not a number${columnName(labelIndex)} (task 'regression' needs numeric targets)`, where(bad));
    const big = float64 ? -1 : values.findIndex((v) => !Number.isFinite(Math.fround(v)));
    if (big >= 0) throw new DataError(`label ${labels[big]} overflows float32${columnName(labelIndex)} (read with dtype: 'float64')`, where(big));
    const y = allocate(dtype, n);
    y.set(values);
    return new Dataset(x, new Tensor(y, [n, 1]), { source });
  }

  let classNames: string[] | undefined = options.classes ? [...options.classes] : undefined;
  const indices = new Int32Array(n);
  if (!classNames && options.numClasses !== undefined) {
    const first = values.findIndex((v) => Number.isNaN(v));
    if (first >= 0) {
      throw new DataError(
        `label ${JSON.stringify(labels[first])} is not a class index${columnName(labelIndex)}: with numClasses ${options.numClasses} the labels are integers 0..${options.numClasses - 1}, and names would be numbered in this file's own order (to read names, give the class names: option classes)`,
        where(first),
      );
    }
  }
  if (!classNames) checkNotAStrayName(labels, values, where, columnName(labelIndex));
  if (!classNames && values.every((v) => !Number.isNaN(v))) {
    const limit = options.numClasses ?? MAX_CLASSES;
    const range = options.numClasses !== undefined ? `0..${limit - 1} (numClasses ${limit})` : `[0, ${MAX_CLASSES})`;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) {
        throw new DataError(`class label ${labels[i]} is not an integer${columnName(labelIndex)}; for real-valued targets use task 'regression' (--task regression)`, where(i));
      }
      if (v < 0 || v >= limit) throw new DataError(`class label ${labels[i]} is out of range: class labels must be integers in ${range}${columnName(labelIndex)}`, where(i));
      indices[i] = v;
    }
  } else {
    classNames ??= [...new Set(labels)].sort();
    if (classNames.length > MAX_CLASSES) throw new DataError(`${classNames.length} distinct labels${columnName(labelIndex)}: more than the ${MAX_CLASSES} classes allowed (for real-valued targets use task 'regression')`, { source });
    const index = new Map(classNames.map((name, k) => [name, k]));
    for (let i = 0; i < n; i++) {
      const k = index.get(labels[i]!);
      if (k === undefined) throw unknownClass(labels[i]!, classNames, options.classes !== undefined, where(i), columnName(labelIndex));
      indices[i] = k;
    }
  }
  const numClasses = classNames?.length ?? options.numClasses;
  const info = { source, ...(classNames ? { classNames } : {}), ...(numClasses !== undefined ? { numClasses } : {}) };
  if (!options.oneHot) return new Dataset(x, new Tensor(indices, [n]), info);
  const c = numClasses ?? indices.reduce((m, k) => Math.max(m, k + 1), 1);
  const bytes = n * c * (float64 ? 8 : 4);
  if (bytes > MAX_ONE_HOT_BYTES) {
    throw new DataError(`one-hot labels for ${n} rows × ${c} classes would take ${bytes} bytes, more than ${MAX_ONE_HOT_BYTES}: keep the class indices (oneHot: false) and one-hot a batch at a time`, { source });
  }
  const y = allocate(dtype, n * c);
  indices.forEach((k, i) => (y[i * c + k] = 1));
  return new Dataset(x, new Tensor(y, [n, c]), { source });
}

/**
 * Throws when the label column is mostly numbers (more than half of the rows) yet holds a name: that
 * name is almost surely a typo, and reading the column as names would silently add it as a class
 * (and renumber the others). Names the first such label and its line.
 */
function checkNotAStrayName(labels: readonly string[], values: readonly number[], where: (i: number) => DataLocation, column: string): void {
  const names = values.reduce((count, v) => count + (Number.isNaN(v) ? 1 : 0), 0);
  if (names === 0 || names * 2 >= values.length) return;
  const first = values.findIndex((v) => Number.isNaN(v));
  const others = names === 1 ? 'the other labels are numbers' : `${values.length - names} of the ${values.length} labels are numbers (${names} are not; this is the first)`;
  throw new DataError(
    `label ${JSON.stringify(labels[first])} is not a number, and ${others}${column}: fix the label, or pass the class names (option classes, --classes) to read every label as a name`,
    where(first),
  );
}

/** The error of a label outside the vocabulary: the label, and the classes it could have been. */
function unknownClass(label: string, classNames: readonly string[], given: boolean, at: DataLocation, column: string): DataError {
  const shown = classNames.length <= 20 ? classNames.map((c) => JSON.stringify(c)).join(', ') : `${classNames.slice(0, 20).map((c) => JSON.stringify(c)).join(', ')}, … (${classNames.length} in all)`;
  const known = given ? 'one of the known classes' : 'one of the classes';
  return new DataError(`label ${JSON.stringify(label)}${column} is not ${known}: ${shown}`, at);
}

/** Rejects options that cannot work whatever the text, before reading it. */
function checkOptions(options: CsvOptions, source: string): void {
  const at = { source };
  const d = options.delimiter;
  if (d !== undefined && (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r')) {
    throw new DataError(`delimiter must be one character other than a quote or line break, got ${JSON.stringify(d)}`, at);
  }
  // Renamed in 0.2: an old caller's `target` would otherwise be ignored without a word.
  if ('target' in options) throw new DataError("option 'target' is now 'task': 'classification' (the default) or 'regression'", at);
  const task = options.task;
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new DataError(`task must be 'classification' or 'regression', got ${JSON.stringify(task)}`, at);
  }
  const k = options.numClasses;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= MAX_CLASSES)) {
    throw new DataError(`numClasses must be an integer in [1, ${MAX_CLASSES}] (MAX_CLASSES), got ${k}`, at);
  }
  const classes = options.classes;
  if (classes !== undefined) {
    if (classes.length === 0 || classes.length > MAX_CLASSES) throw new DataError(`classes must list 1 to ${MAX_CLASSES} names, got ${classes.length}`, at);
    if (k !== undefined && k !== classes.length) throw new DataError(`numClasses ${k} disagrees with the ${classes.length} names in classes`, at);
    // A repeated name would leave one of its indices unreachable and the mapping ambiguous.
    const seen = new Set<string>();
    for (const name of classes) {
      if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) {
        throw new DataError(`classes must be names without surrounding spaces (labels are read trimmed), got ${JSON.stringify(name)}`, at);
      }
      if (seen.has(name)) throw new DataError(`classes lists ${JSON.stringify(name)} twice`, at);
      seen.add(name);
    }
  }
  if (task === 'regression' && (options.oneHot || classes)) {
    throw new DataError(`${options.oneHot ? 'oneHot' : 'classes'} needs class labels, but task is 'regression'`, at);
  }
}

/**
 * Reads a CSV file (see {@link parseCsv}); errors name the path: a missing file, a directory, a
 * malformed row. In Node `path` is a file path (or a `URL` object: `file:` read, `http(s):` fetched; a string is always a path); in a browser a URL to
 * fetch; anywhere also a `Blob`/`File`, a `Response` or the bytes.
 *
 * @example
 * const iris = await readCsv('data/iris.csv', { label: 'species' });
 * const picked = await readCsv(fileInput.files[0]); // in a page
 */
export async function readCsv(path: FileInput, options: CsvOptions = {}): Promise<Dataset> {
  const text = await readFileInput(path, (p) => readText(p, 'readCsv'), 'a CSV file');
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
