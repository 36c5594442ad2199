/**
 * Class names of CSV labels: a known vocabulary (`classes`) keeps class k the same class in every
 * file, a name outside it is an error, and a name among numeric labels is a typo, not a class.
 */
import { describe, it, expect } from 'vitest';
import { parseCsv } from '../../src/data/index.js';
import { csvError } from './csv-helpers.js';


const train = 'x,fruit\n0.1,apple\n0.9,cherry\n0.5,banana\n0.2,apple\n';
const bananaCherry = 'x,fruit\n0.5,banana\n0.9,cherry\n0.6,banana\n';

describe('a known vocabulary', () => {
  it('maps the names of another file to the training classes, whatever names that file holds', () => {
    const names = parseCsv(train).classNames!;
    expect(names).toEqual(['apple', 'banana', 'cherry']);
    // Alone, this file numbers its own names: banana 0, cherry 1 — not the model's classes.
    expect(Array.from(parseCsv(bananaCherry).labels.data)).toEqual([0, 1, 0]);
    const mapped = parseCsv(bananaCherry, { classes: names });
    expect(Array.from(mapped.labels.data)).toEqual([1, 2, 1]);
    expect(mapped.classNames).toEqual(names);
    expect(mapped.numClasses).toBe(3);
  });

  it('a name outside the vocabulary is an error naming it, its line and the known classes', () => {
    expect(csvError('x,fruit\n0.5,banana\n0.3,durian\n', { classes: ['apple', 'banana', 'cherry'] })).toBe(
      'd.csv, line 3, column 2: label "durian" ("fruit") is not one of the known classes: "apple", "banana", "cherry"',
    );
  });

  it('with a vocabulary every label is a name, numbers too', () => {
    expect(Array.from(parseCsv('x,y\n1,1\n2,0\n3,cat\n', { classes: ['0', '1', 'cat'] }).labels.data)).toEqual([1, 0, 2]);
    expect(csvError('x,y\n1,1\n2,2\n', { classes: ['0', '1'] })).toBe('d.csv, line 3, column 2: label "2" ("y") is not one of the known classes: "0", "1"');
  });

  it('a long vocabulary is shown in part', () => {
    const classes = Array.from({ length: 30 }, (_, k) => `c${k}`);
    expect(csvError('x,y\n1,zz\n', { classes })).toMatch(/label "zz" \("y"\) is not one of the known classes: "c0", .*"c19", … \(30 in all\)$/);
  });

  it('repeated names, and names with surrounding spaces, are refused', () => {
    expect(csvError('x,y\n1,a\n', { classes: ['a', 'b', 'a'] })).toBe('d.csv: classes lists "a" twice');
    expect(csvError('x,y\n1,a\n', { classes: ['a', ' b'] })).toBe('d.csv: classes must be names without surrounding spaces (labels are read trimmed), got " b"');
  });
});

describe('a name in a column of numbers', () => {
  it('one typo among numeric labels is an error naming its line and value, not a new class', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i / 10},${i === 55 ? 'cat' : i % 2}`);
    const text = 'x,y\n' + rows.join('\n') + '\n';
    // The header is line 1, so row 55 (0-based) is line 57.
    expect(csvError(text)).toBe(
      'd.csv, line 57, column 2: label "cat" is not a number, and the other labels are numbers ("y"): fix the label, or pass the class names (option classes, --classes) to read every label as a name',
    );
  });

  it('several names: the first is named, with how many there are', () => {
    expect(csvError('1,0\n2,1\n3,dog\n4,1\n5,x\n6,0\n7,1\n')).toBe(
      'd.csv, line 3, column 2: label "dog" is not a number, and 5 of the 7 labels are numbers (2 are not; this is the first): fix the label, or pass the class names (option classes, --classes) to read every label as a name',
    );
  });

  it('a column mostly of names stays names (a numeric name is a class like the others)', () => {
    const ds = parseCsv('x,y\n1,a\n2,b\n3,7\n4,a\n');
    expect(ds.classNames).toEqual(['7', 'a', 'b']);
    expect(Array.from(ds.labels.data)).toEqual([1, 2, 0, 1]);
    // Half names, half numbers: not "mostly numbers".
    expect(parseCsv('x,y\n1,a\n2,0\n').classNames).toEqual(['0', 'a']);
  });

  it('regression still says the target is not a number', () => {
    expect(csvError('x,y\n1,0.5\n2,cat\n3,1.5\n', { task: 'regression' })).toBe(`d.csv, line 3, column 2: label "cat" is not a number ("y") (task 'regression' needs numeric targets)`);
  });
});
