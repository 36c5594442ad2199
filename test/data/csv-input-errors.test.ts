/** Issue 11: CSV inputs that once trained on the wrong thing or crashed are errors with file:line:column. */
import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, MAX_CLASSES, parseCsv, readCsv, type CsvOptions } from '../../src/data/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { csvError } from './csv-helpers.js';


const TRAILING = ' (a delimiter at the end of the line makes an empty last column: remove it)';

describe('ragged rows and trailing delimiters', () => {
  it('a trailing comma on every line never makes the empty column the label', () => {
    expect(csvError('x1,x2,y,\n1,2,0,\n3,4,1,\n')).toBe(`d.csv, line 1, column 4: the last column has no name, yet would be the label column${TRAILING}`);
    expect(csvError('1,2,0,\n3,4,1,\n')).toBe(`d.csv, line 1, column 4: empty label${TRAILING}`);
    expect(csvError('x1,x2,y,\n1,2,0,\n', { label: 'y' })).toBe(`d.csv, line 1, column 4: the last column has no name, yet would be a feature column${TRAILING}`);
  });

  it('a trailing comma on some lines is a ragged row, with the hint', () => {
    expect(csvError('x1,x2,y\n1,2,0\n3,4,1,\n')).toBe(`d.csv, line 3, column 4: expected 3 fields (the header has 3) but found 4${TRAILING}`);
    expect(csvError('x1,x2,y\n1,2,0\n3,4\n')).toBe('d.csv, line 3, column 3: expected 3 fields (the header has 3) but found 2');
    expect(csvError('1,2,0\n3,4,5,6\n')).toBe('d.csv, line 2, column 4: expected 3 fields (line 1 has 3) but found 4');
  });

  it('empty fields name their column', () => {
    expect(csvError('x1,x2,y\n1,,0\n')).toBe('d.csv, line 2, column 2: empty value ("x2")');
    expect(csvError('x1,x2,y\n1,2, \n')).toBe(`d.csv, line 2, column 3: empty label ("y")${TRAILING}`);
    expect(csvError('y,x1,x2\n0,1,2\n,1,2\n', { label: 'y' })).toBe('d.csv, line 3, column 1: empty label ("y")');
  });

  it('a header with an empty first name (a pandas index column) still reads', () => {
    const ds = parseCsv(',x,y\n0,1.5,1\n1,2.5,0\n');
    expect(ds.features.toArray()).toEqual([[0, 1.5], [1, 2.5]]);
  });
});

describe('class labels and the task', () => {
  it('a fractional label is an error unless the task is regression', () => {
    expect(csvError('x,y\n1,0\n2,0.5\n')).toBe("d.csv, line 3, column 2: class label 0.5 is not an integer (\"y\"); for real-valued targets use task 'regression' (--task regression)");
    expect(csvError('x,y\n1,2.5\n', { task: 'classification' })).toMatch(/class label 2.5 is not an integer/);
    expect(parseCsv('x,y\n1,0\n2,0.5\n', { task: 'regression' }).labels.toArray()).toEqual([[0], [0.5]]);
    expect(csvError('x,y\n1,abc\n', { task: 'regression' })).toBe(`d.csv, line 2, column 2: label "abc" is not a number ("y") (task 'regression' needs numeric targets)`);
    // The option's old name is refused, not ignored.
    expect(csvError('x,y\n1,0\n', { target: 'regression' } as unknown as CsvOptions)).toMatch(/option 'target' is now 'task'/);
  });

  it(`class labels are integers in [0, ${MAX_CLASSES}): the error names file, line, column and value`, () => {
    expect(MAX_CLASSES).toBe(2 ** 20);
    expect(csvError('x,y\n1,0\n2,100000000\n')).toBe('d.csv, line 3, column 2: class label 100000000 is out of range: class labels must be integers in [0, 1048576) ("y")');
    expect(csvError('1,0\n2,1048576\n')).toBe('d.csv, line 2, column 2: class label 1048576 is out of range: class labels must be integers in [0, 1048576)');
    expect(csvError('x,y\n1,-3\n')).toMatch(/^d.csv, line 2, column 2: class label -3 is out of range/);
    expect(csvError('x,y\n1,1e300\n')).toMatch(/^d.csv, line 2, column 2: class label 1e300 is out of range/);
    const top = parseCsv('x,y\n1,0\n2,1048575\n');
    expect(top.numClasses).toBe(MAX_CLASSES);
  });

  it('string labels are still class names', () => {
    const ds = parseCsv('x,kind\n1,cat\n2,dog\n3,cat\n');
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(ds.labels.data)).toEqual([0, 1, 0]);
  });
});

describe('options that cannot work are clear DataErrors, not RangeErrors', () => {
  it('a huge, fractional or non-positive numClasses', () => {
    for (const k of [0, -1, 2.5, 2 ** 20 + 1, 1e10, 2 ** 53, Infinity, NaN]) {
      expect(csvError('x,y\n1,0\n', { numClasses: k, oneHot: true })).toBe(`d.csv: numClasses must be an integer in [1, 1048576] (MAX_CLASSES), got ${k}`);
    }
  });

  it('one-hot labels beyond 2^30 bytes', () => {
    const rows = 'x,y\n' + '1,0\n'.repeat(300);
    expect(csvError(rows, { numClasses: 2 ** 20, oneHot: true })).toBe(
      'd.csv: one-hot labels for 300 rows × 1048576 classes would take 1258291200 bytes, more than 1073741824: keep the class indices (oneHot: false) and one-hot a batch at a time',
    );
    expect(parseCsv('x,y\n1,3\n', { oneHot: true }).labels.toArray()).toEqual([[0, 0, 0, 1]]);
  });

  it('other option conflicts', () => {
    expect(csvError('x,y\n1,0\n', { delimiter: '""' })).toBe('d.csv: delimiter must be one character other than a quote or line break, got "\\"\\""');
    expect(csvError('x,y\n1,0\n', { task: 'class' as never })).toBe(`d.csv: task must be 'classification' or 'regression', got "class"`);
    expect(csvError('x,y\n1,0\n', { classes: ['a', 'b'], numClasses: 3 })).toBe('d.csv: numClasses 3 disagrees with the 2 names in classes');
    expect(csvError('x,y\n1,0\n', { classes: [] })).toBe('d.csv: classes must list 1 to 1048576 names, got 0');
    expect(csvError('x,y\n1,0\n', { task: 'regression', oneHot: true })).toBe("d.csv: oneHot needs class labels, but task is 'regression'");
  });
});

describe('readCsv: files that cannot be read', () => {
  const dir = tempDir('csv');

  it('a directory, and a missing file, are named in words', async () => {
    const sub = join(dir, 'data');
    mkdirSync(sub);
    await expect(readCsv(sub)).rejects.toThrow(new DataError('is a directory, not a CSV file', { source: sub }));
    await expect(readCsv(sub)).rejects.toBeInstanceOf(DataError);
    const missing = join(dir, 'nope.csv');
    await expect(readCsv(missing)).rejects.toThrow(`${missing}: no such file`);
  });

  it('file errors carry the path, line and column', async () => {
    const path = join(dir, 'trailing.csv');
    writeFileSync(path, 'a,b,y,\n1,2,0,\n');
    await expect(readCsv(path)).rejects.toThrow(`${path}, line 1, column 4: the last column has no name`);
  });
});
