import { describe, it, expect } from 'vitest';
import { Tensor } from '../../src/index.js';
import { Dataset, splitDataset } from '../../src/data/index.js';

/** n samples; feature = index, label from `classOf`. */
function indexed(n: number, classOf: (i: number) => number = (i) => i % 2): Dataset {
  return new Dataset(new Tensor(Float32Array.from({ length: n }, (_, i) => i), [n, 1]), new Tensor(Int32Array.from({ length: n }, (_, i) => classOf(i)), [n]));
}
const rows = (d: Dataset): number[] => Array.from(d.features.data);

describe('splitDataset', () => {
  it('splits by fractions into disjoint parts covering the data; train takes the rest', () => {
    const { train, validation, test } = splitDataset(indexed(100), { validation: 0.1, test: 0.2, seed: 1 });
    expect([train.length, validation.length, test.length]).toEqual([70, 10, 20]);
    const all = [...rows(train), ...rows(validation), ...rows(test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('splits by counts, and leaves unrequested parts empty', () => {
    const s = splitDataset(indexed(50), { train: 30, test: 5, seed: 0 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([30, 0, 5]);
    expect(s.validation.sampleShape).toEqual([1]);
  });

  it('lets a fractional train part absorb rounding', () => {
    const s = splitDataset(indexed(5), { train: 0.7, test: 0.3, validation: 0 });
    expect([s.train.length, s.test.length]).toEqual([3, 2]);
    const t = splitDataset(indexed(7), { train: 0.5, validation: 0.25, test: 0.25 });
    expect(t.train.length + t.validation.length + t.test.length).toBe(7);
  });

  it('is seeded: same seed, same split; another seed, another split', () => {
    const a = splitDataset(indexed(40), { test: 10, seed: 3 });
    const b = splitDataset(indexed(40), { test: 10, seed: 3 });
    const c = splitDataset(indexed(40), { test: 10, seed: 4 });
    expect(rows(b.test)).toEqual(rows(a.test));
    expect(rows(c.test)).not.toEqual(rows(a.test));
  });

  it('shuffle: false takes train, validation, test in data order', () => {
    const s = splitDataset(indexed(10), { validation: 2, test: 3, shuffle: false });
    expect(rows(s.train)).toEqual([0, 1, 2, 3, 4]);
    expect(rows(s.validation)).toEqual([5, 6]);
    expect(rows(s.test)).toEqual([7, 8, 9]);
  });

  it('stratifies: every part keeps the class proportions (exact sizes, largest remainders)', () => {
    // 60 / 30 / 10 % classes.
    const data = indexed(200, (i) => (i < 120 ? 0 : i < 180 ? 1 : 2));
    const s = splitDataset(data, { validation: 0.1, test: 0.25, stratify: true, seed: 9 });
    expect(s.test.classCounts()).toEqual([30, 15, 5]);
    expect(s.validation.classCounts()).toEqual([12, 6, 2]);
    expect(s.train.classCounts()).toEqual([78, 39, 13]);
    const all = [...rows(s.train), ...rows(s.validation), ...rows(s.test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // Parts are shuffled: not grouped by class.
    expect(Array.from(s.test.labels.data).slice(0, 30).every((c) => c === 0)).toBe(false);
  });

  it('stratified parts sum exactly to the requested sizes with awkward proportions', () => {
    const data = indexed(97, (i) => i % 7);
    const s = splitDataset(data, { test: 13, validation: 11, stratify: true, seed: 2 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([73, 11, 13]);
    const counts = data.classCounts();
    s.test.classCounts().forEach((c, k) => expect(Math.abs(c - (13 * counts[k]!) / 97)).toBeLessThan(1));
  });

  it('rejects impossible requests with a precise message', () => {
    expect(() => splitDataset(indexed(10), { train: 8, test: 5 })).toThrow(/the parts need 13 samples \(train 8, validation 0, test 5\) but the dataset has 10/);
    expect(() => splitDataset(indexed(10), { test: 1.5 })).toThrow(/test must be a fraction in \(0, 1\) or a non-negative integer count, got 1.5/);
    expect(() => splitDataset(indexed(10), { test: -1 })).toThrow(/got -1/);
    const regression = new Dataset(new Tensor(new Float32Array(4), [4, 1]), new Tensor(new Float32Array(4), [4, 1]));
    expect(() => splitDataset(regression, { test: 1, stratify: true })).toThrow(/stratify needs int32 class labels/);
  });
});

describe('splitDataset: labels, rare classes and empty parts', () => {
  it('one label of 100000000 does not allocate per class up to it (groups by the labels present)', () => {
    // A Dataset caps labels at MAX_CLASSES; the split itself must not depend on the largest label.
    const data = indexed(1000, (i) => (i === 500 ? 1048575 : i % 3));
    const before = process.memoryUsage().heapUsed;
    const s = splitDataset(data, { test: 0.2, stratify: true, seed: 0 });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20);
    expect(s.train.length + s.test.length).toBe(1000);
    expect(s.test.classCounts().slice(0, 3)).toEqual([67, 67, 66]);
  });

  it('a class with one sample goes to train, so every held-out class was seen in training', () => {
    const data = indexed(21, (i) => (i === 20 ? 7 : i % 2));
    for (const seed of [0, 1, 2, 3]) {
      const s = splitDataset(data, { test: 0.5, stratify: true, seed });
      expect(rows(s.train)).toContain(20);
      expect([s.train.length, s.test.length]).toEqual([10, 11]);
      const [zeros, ones, ...rest] = s.test.classCounts();
      expect([zeros! + ones!, Math.abs(zeros! - ones!), ...new Set(rest)]).toEqual([11, 1, 0]);
    }
    // When train has no room for every singleton, the rest go to the other parts.
    const two = splitDataset(indexed(2, (i) => i), { test: 0.5, stratify: true, seed: 0 });
    expect([rows(two.train), rows(two.test)]).toEqual([[0], [1]]);
  });

  it('a part asked for that would be empty is an error naming the sizes', () => {
    expect(() => splitDataset(indexed(150), { test: 0.001 })).toThrow(
      'splitDataset: test 0.001 of 150 samples leaves the test part empty (train 150, validation 0, test 0); use a fraction of at least 1/150 (0.00667) or a count',
    );
    expect(() => splitDataset(indexed(2), { train: 0.001, test: 0.999 })).toThrow(/^splitDataset: train 0.001 of 2 samples leaves the train part empty \(train 0, validation 0, test 2\)/);
    expect(() => splitDataset(indexed(0), { test: 0.5 })).toThrow('splitDataset: test 0.5 of 0 samples leaves the test part empty (train 0, validation 0, test 0); the dataset is empty');
    // Parts not asked for may be empty.
    expect(splitDataset(indexed(4), { test: 2, validation: 2 }).train.length).toBe(0);
  });
});
