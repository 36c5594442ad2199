import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, readCsv } from '../../src/data/index.js';
import { dataError } from '../helpers/thrown.js';
import { tempDir } from '../helpers/temp-dir.js';

const iris = `sepal_length,sepal_width,petal_length,species
5.1,3.5,1.4,setosa
7.0,3.2,4.7,versicolor
6.3,3.3,6.0,virginica
4.9,3.0,1.4,setosa
`;

describe('parseCsv', () => {
  it('reads numeric features and maps string labels to sorted class indices', () => {
    const ds = parseCsv(iris, { label: 'species' });
    expect(ds.features.shape).toEqual([4, 3]);
    expect(ds.features.dtype).toBe('float32');
    expect(Array.from(ds.features.data.subarray(0, 3))).toEqual([5.1, 3.5, 1.4].map(Math.fround));
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.labels.data)).toEqual([0, 1, 2, 0]);
    expect(ds.numClasses).toBe(3);
  });

  it('defaults to the last column as the label and detects the header', () => {
    const ds = parseCsv(iris);
    expect(ds.length).toBe(4);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('takes the label column by 0-based or negative index', () => {
    const text = '0,1.5,2.5\n1,3.5,4.5\n1,5.5,6.5\n';
    const ds = parseCsv(text, { label: 0 });
    expect(Array.from(ds.labels.data)).toEqual([0, 1, 1]);
    expect(ds.features.toArray()).toEqual([[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]]);
    expect(parseCsv(text, { label: -3 }).features.shape).toEqual([3, 2]);
  });

  it('header detection: no header when the first row is numeric', () => {
    expect(parseCsv('1,2,0\n3,4,1\n').length).toBe(2);
    expect(parseCsv('a,b,y\n1,2,0\n').length).toBe(1);
    expect(parseCsv('1,2,0\n3,4,1\n', { header: true }).length).toBe(1);
  });

  it('integer labels are class indices; regression targets need task: regression', () => {
    const cls = parseCsv('x,y\n0.5,2\n1.5,0\n');
    expect(cls.labels.dtype).toBe('int32');
    expect(cls.numClasses).toBe(3);
    const reg = parseCsv('x,y\n0.5,2.25\n1.5,0.75\n', { task: 'regression' });
    expect(reg.labels.dtype).toBe('float32');
    expect(reg.labels.shape).toEqual([2, 1]);
    expect(reg.labels.toArray()).toEqual([[2.25], [0.75]]);
    expect(parseCsv('x,y\n0.5,2\n1.5,0\n', { task: 'regression', dtype: 'float64' }).labels.toArray()).toEqual([[2], [0]]);
  });

  it('maps labels through given classes, and makes one-hot rows', () => {
    const ds = parseCsv(iris, { classes: ['virginica', 'versicolor', 'setosa'], oneHot: true });
    expect(ds.labels.shape).toEqual([4, 3]);
    expect(ds.labels.toArray()).toEqual([[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1]]);
    expect(() => parseCsv(iris, { classes: ['setosa', 'versicolor'] })).toThrow(
      '<csv>, line 4, column 4: label "virginica" ("species") is not one of the known classes: "setosa", "versicolor"',
    );
  });

  it('handles quotes, CRLF, a byte-order mark, blank lines, semicolons and tabs', () => {
    const text = '\uFEFF"a, the first","b ""quoted""",label\r\n1,2,"x"\r\n\r\n3,4,"y\nz"\r\n';
    const ds = parseCsv(text);
    expect(ds.classNames).toEqual(['x', 'y\nz']);
    expect(ds.features.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(parseCsv('a;b;c\n1;2;0\n').features.toArray()).toEqual([[1, 2]]);
    expect(parseCsv('a\tb\tc\n1\t2\t0\n').features.toArray()).toEqual([[1, 2]]);
  });

  it('a row with the wrong number of fields names the file, line and column', () => {
    const e = dataError(() => parseCsv('a,b,y\n1,2,0\n3,4\n5,6,1\n', { source: 'data.csv' }));
    expect(e.message).toBe('data.csv, line 3, column 3: expected 3 fields (the header has 3) but found 2');
    expect([e.source, e.line, e.column]).toEqual(['data.csv', 3, 3]);
    const extra = dataError(() => parseCsv('1,2,0\n3,4,5,1\n', { source: 'x.csv' }));
    expect(extra.message).toBe('x.csv, line 2, column 4: expected 3 fields (line 1 has 3) but found 4');
  });

  it('a non-number names the file, line, column and column name', () => {
    const e = dataError(() => parseCsv('a,b,y\n1,2,0\n3,four,1\n', { source: 'data.csv' }));
    expect(e.message).toBe('data.csv, line 3, column 2: "four" is not a finite number ("b")');
    expect(dataError(() => parseCsv('a,b,y\n1,,0\n')).column).toBe(2);
    expect(dataError(() => parseCsv('a,b,y\n1,0x10,0\n')).message).toMatch(/"0x10" is not a finite number/);
    expect(dataError(() => parseCsv('a,b,y\n1,1e999,0\n')).message).toMatch(/"1e999" is not a finite number/);
    expect(dataError(() => parseCsv('a,b,y\n1,1e39,0\n')).message).toMatch(/line 2, column 2: 1e39 overflows float32 \("b"\) \(read with dtype: 'float64'\)/);
    expect(parseCsv('a,b,y\n1,1e39,0\n', { dtype: 'float64' }).features.data[1]).toBe(1e39);
    // Line numbers count physical lines, across quoted line breaks.
    expect(dataError(() => parseCsv('a,b,y\n1,2,"x\ny"\n3,?,z\n')).line).toBe(4);
  });

  it('labels out of range are reported with their line', () => {
    const e = dataError(() => parseCsv('a,y\n1,0\n2,3\n', { numClasses: 3, source: 'l.csv' }));
    expect(e.message).toBe('l.csv, line 3, column 2: class label 3 is out of range: class labels must be integers in 0..2 (numClasses 3) ("y")');
    // numClasses without classes says the labels are indices: names are not numbered in silence.
    const named = dataError(() => parseCsv('a,y\n1,cat\n2,dog\n', { numClasses: 2, source: 'n.csv' }));
    expect(named.message).toBe(`n.csv, line 2, column 2: label "cat" is not a class index ("y"): with numClasses 2 the labels are integers 0..1, and names would be numbered in this file's own order (to read names, give the class names: option classes)`);
    expect(parseCsv('a,y\n1,cat\n2,dog\n', { numClasses: 2, classes: ['dog', 'cat'] }).labels.data).toEqual(new Int32Array([1, 0]));
    expect(dataError(() => parseCsv('a,y\n1,0\n2,-1\n', { task: 'classification' })).message).toBe(
      '<csv>, line 3, column 2: class label -1 is out of range: class labels must be integers in [0, 1048576) ("y")',
    );
    expect(dataError(() => parseCsv('a,y\n1,0.5\n2,x\n', { task: 'regression' })).message).toBe(
      `<csv>, line 3, column 2: label "x" is not a number ("y") (task 'regression' needs numeric targets)`,
    );
  });

  it('other structural problems are DataErrors too', () => {
    expect(dataError(() => parseCsv('')).message).toMatch(/no rows/);
    expect(dataError(() => parseCsv('a,b\n')).message).toMatch(/no data rows after the header/);
    expect(dataError(() => parseCsv('1\n2\n')).message).toMatch(/at least one feature column/);
    expect(dataError(() => parseCsv('a,"b\n1,2\n')).message).toMatch(/line 1, column 2: unterminated quoted field/);
    expect(dataError(() => parseCsv('a,"b"c\n1,2\n')).message).toMatch(/unexpected character 'c' after a closing quote/);
    expect(dataError(() => parseCsv(iris, { label: 'kind' })).message).toMatch(/no column named "kind"; the columns are "sepal_length"/);
    expect(dataError(() => parseCsv(iris, { label: 7 })).message).toMatch(/label column 7 is out of range for 4 columns/);
  });
});

describe('readCsv', () => {
  it('reads a file and names it in errors', async () => {
    const dir = tempDir('csv');
    const good = join(dir, 'iris.csv');
    writeFileSync(good, iris);
    expect((await readCsv(good, { label: 'species' })).length).toBe(4);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b,y\n1,2,0\n1,2\n');
    await expect(readCsv(bad)).rejects.toThrow(`${bad}, line 3, column 3: expected 3 fields`);
  });
});
