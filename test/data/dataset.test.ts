import { describe, it, expect } from 'vitest';
import { Tensor } from '../../src/index.js';
import { DataError, Dataset, splitDataset } from '../../src/data/index.js';

function grid(n: number, width: number): Dataset {
  const x = Float32Array.from({ length: n * width }, (_, i) => i);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return new Dataset(new Tensor(x, [n, width]), new Tensor(y, [n]));
}

describe('Dataset', () => {
  it('holds features and class labels, with length, get and class counts', () => {
    const ds = grid(7, 4);
    expect(ds.length).toBe(7);
    expect(ds.sampleShape).toEqual([4]);
    expect(ds.labelShape).toEqual([]);
    expect(ds.numClasses).toBe(3);
    expect(ds.classCounts()).toEqual([3, 2, 2]);
    const s = ds.get(2);
    expect(s.x.toArray()).toEqual([8, 9, 10, 11]);
    expect(s.y.item()).toBe(2);
    expect(s.y.dtype).toBe('int32');
    expect(ds.get(-1).x.toArray()).toEqual([24, 25, 26, 27]);
    expect(() => ds.get(7)).toThrow(/index 7 is out of range for 7 samples/);
  });

  it('assembles batches by copying rows, in the order asked', () => {
    const ds = grid(10, 3);
    const b = ds.batch([4, 0, 1, 2, 9]);
    expect(b.x.shape).toEqual([5, 3]);
    expect(b.x.toArray()).toEqual([[12, 13, 14], [0, 1, 2], [3, 4, 5], [6, 7, 8], [27, 28, 29]]);
    expect(Array.from(b.y.data)).toEqual([1, 0, 1, 2, 0]);
    expect(Array.from(b.indices)).toEqual([4, 0, 1, 2, 9]);
    expect(b.x.data).not.toBe(ds.features.data);
    expect(() => ds.batch([0, 10])).toThrow(/index 10 at position 1 is out of range/);
    expect(() => ds.batch([0.5])).toThrow(/out of range/);
  });

  it('batches wide rows (runs copied in one piece) and scalar rows alike', () => {
    const wide = grid(6, 100);
    const b = wide.batch([2, 3, 4, 0]);
    expect(Array.from(b.x.data.subarray(0, 3))).toEqual([200, 201, 202]);
    expect(b.x.data[300]).toBe(0);
    expect(b.x.data[399]).toBe(99);
    const scalar = new Dataset(new Tensor(new Float64Array([5, 6, 7]), [3]), new Tensor(new Float64Array([1, 2, 3]), [3]));
    expect(Array.from(scalar.batch([2, 0]).x.data)).toEqual([7, 5]);
    expect(scalar.numClasses).toBeNull();
  });

  it('subsets keep class information; reshape views the samples', () => {
    const ds = Dataset.fromArrays([[1, 2], [3, 4], [5, 6]], [0, 2, 1], { classNames: ['a', 'b', 'c'] });
    const sub = ds.subset([2, 0]);
    expect(sub.length).toBe(2);
    expect(sub.classNames).toEqual(['a', 'b', 'c']);
    expect(sub.numClasses).toBe(3);
    expect(sub.features.toArray()).toEqual([[5, 6], [1, 2]]);
    const img = grid(2, 4).reshape([1, 2, 2]);
    expect(img.features.shape).toEqual([2, 1, 2, 2]);
    expect(() => grid(2, 4).reshape([3])).toThrow(/cannot view samples of shape \[4\] as \[3\]/);
  });

  it('takes regression targets as float rows', () => {
    const ds = Dataset.fromArrays([[0.5], [1.5]], [[0.25], [2.25]], { dtype: 'float64' });
    expect(ds.labels.dtype).toBe('float64');
    expect(ds.labelShape).toEqual([1]);
    expect(ds.numClasses).toBeNull();
    expect(() => ds.classCounts()).toThrow(/regression/);
  });

  it('reports labels out of range with the sample and the source', () => {
    const x = new Tensor(new Float32Array(6), [3, 2]);
    expect(() => new Dataset(x, new Tensor(Int32Array.from([0, 1, 5]), [3]), { numClasses: 3, source: 'digits' })).toThrow(DataError);
    expect(() => new Dataset(x, new Tensor(Int32Array.from([0, 1, 5]), [3]), { numClasses: 3, source: 'digits' })).toThrow(
      'digits: label 5 of sample 2 is out of range [0, 3)',
    );
    expect(() => new Dataset(x, new Tensor(Int32Array.from([0, -1, 1]), [3]))).toThrow(/label -1 of sample 1 is out of range/);
    expect(() => new Dataset(x, new Tensor(Int32Array.from([0, 1]), [2]))).toThrow(/3 feature rows but labels of shape \[2\]/);
    expect(() => Dataset.fromArrays([[1], [2]], [0, 1.5])).toThrow(/not an integer class index/);
  });
});

describe('imageSize: samples that are images, whatever their layout', () => {
  const pixels = (n: number, size: number): Tensor => new Tensor(new Float32Array(n * size), [n, size]);
  const labels = (n: number): Tensor => new Tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n]);

  it('is kept by subsets, splits, reshapes and same-size features; dropped when the sample size changes', () => {
    const ds = new Dataset(pixels(6, 14 * 56), labels(6), { imageSize: [14, 56] });
    expect(ds.imageSize).toEqual([14, 56]);
    expect(ds.subset([0, 2]).imageSize).toEqual([14, 56]);
    const { train, test } = splitDataset(ds, { train: 0.5, test: 0.5, validation: 0, seed: 1 });
    expect([train.imageSize, test.imageSize]).toEqual([[14, 56], [14, 56]]);
    expect(ds.reshape([1, 14, 56]).imageSize).toEqual([14, 56]);
    expect(ds.withFeatures(pixels(6, 14 * 56)).imageSize).toEqual([14, 56]);
    expect(ds.withFeatures(pixels(6, 3)).imageSize).toBeNull();
    expect(new Dataset(pixels(6, 4), labels(6)).imageSize).toBeNull();
  });

  it('must divide the sample size', () => {
    expect(() => new Dataset(pixels(2, 784), labels(2), { imageSize: [27, 27], source: 'x.idx' })).toThrow(
      'Dataset: x.idx: imageSize must be [height, width], positive integers whose product divides the sample size 784, got [27, 27]',
    );
    expect(() => new Dataset(pixels(2, 784), labels(2), { imageSize: [0, 28] })).toThrow(/positive integers/);
    expect(new Dataset(pixels(2, 3 * 784), labels(2), { imageSize: [28, 28] }).imageSize).toEqual([28, 28]); // three channels
  });
});
