import { describe, it, expect } from 'vitest';
import { Tensor, tensor } from '../../src/index.js';
import { Dataset, MinMaxScaler, StandardScaler, type StandardScalerState } from '../../src/data/index.js';

const train = tensor([[1, 10, 5], [3, 20, 5], [5, 60, 5]], { dtype: 'float64' });

describe('StandardScaler', () => {
  it('fits mean and population std per feature on the training data', () => {
    const s = new StandardScaler().fit(train);
    const state = s.state();
    expect(state.mean).toEqual([3, 30, 5]);
    expect(state.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(state.std[1]).toBeCloseTo(Math.sqrt(((10 - 30) ** 2 + (20 - 30) ** 2 + (60 - 30) ** 2) / 3), 12);
    expect(state.std[2]).toBe(1); // constant feature: only centred
    const z = s.transform(train);
    expect(z.dtype).toBe('float64');
    const col0 = [0, 1, 2].map((i) => z.data[3 * i]!);
    expect(col0.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
    expect(col0.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 14);
    expect([0, 1, 2].map((i) => z.data[3 * i + 2])).toEqual([0, 0, 0]);
  });

  it('applies the training statistics, unchanged, to other data; inverse undoes it', () => {
    const s = new StandardScaler().fit(train);
    const other = tensor([[3, 30, 5], [7, 0, 6]], { dtype: 'float64' });
    const z = s.transform(other);
    expect(Array.from(z.data.subarray(0, 3))).toEqual([0, 0, 0]);
    const back = s.inverseTransform(z);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(other.data[i]!, 12));
    expect(s.transform(tensor([3, 30, 5], { dtype: 'float64' })).shape).toEqual([3]); // one sample
  });

  it('scales datasets, keeping labels; fitTransform on a dataset', () => {
    const ds = new Dataset(train.to('float32'), new Tensor(Int32Array.from([0, 1, 0]), [3]));
    const scaled = new StandardScaler().fitTransform(ds);
    expect(scaled.labels).toBe(ds.labels);
    expect(scaled.features.dtype).toBe('float32');
    expect(scaled.numClasses).toBe(2);
  });

  it('one statistic for all elements with perFeature: false', () => {
    const s = new StandardScaler({ perFeature: false }).fit(tensor([[0, 2], [4, 6]]));
    expect(s.state().shape).toEqual([]);
    expect(s.state().mean).toEqual([3]);
    expect(s.state().std[0]).toBeCloseTo(Math.sqrt(5), 6);
  });

  it('state is plain data that restores exactly, and is validated', () => {
    const s = new StandardScaler().fit(train);
    const restored = StandardScaler.fromState(JSON.parse(JSON.stringify(s.state())) as StandardScalerState);
    expect(Array.from(restored.transform(train).data)).toEqual(Array.from(s.transform(train).data));
    expect(() => new StandardScaler().transform(train)).toThrow(/call fit\(\) \(or setState\) first/);
    expect(() => s.transform(tensor([[1, 2]]))).toThrow(/fitted on samples of shape \[3\], got a tensor of shape \[1,2\]/);
    expect(() => new StandardScaler().setState({ kind: 'standard', shape: [2], mean: [0], std: [1, 1] })).toThrow(/mean must be 2 finite numbers/);
    expect(() => new StandardScaler().setState({ kind: 'min-max' } as unknown as StandardScalerState)).toThrow(/not a standard-scaler state/);
  });
});

describe('MinMaxScaler', () => {
  it('maps the training range of each feature onto [0, 1] or a chosen range', () => {
    const s = new MinMaxScaler().fit(train);
    expect(s.transform(train).toArray()).toEqual([[0, 0, 0], [0.5, 0.2, 0], [1, 1, 0]]);
    const r = new MinMaxScaler({ range: [-1, 1] }).fit(train);
    expect(r.transform(train).toArray()).toEqual([[-1, -1, -1], [0, -0.6, -1], [1, 1, -1]]);
    // Outside the training range: no clipping.
    expect(s.transform(tensor([[7, 0, 5]], { dtype: 'float64' })).toArray()).toEqual([[1.5, -0.2, 0]]);
  });

  it('inverts, and round-trips its state through JSON', () => {
    const s = new MinMaxScaler({ range: [-2, 3] }).fit(train);
    const back = s.inverseTransform(s.transform(train));
    back.data.forEach((v, i) => expect(v).toBeCloseTo(train.data[i]!, 12));
    const restored = MinMaxScaler.fromState(JSON.parse(JSON.stringify(s.state())));
    expect(restored.transform(train).toArray()).toEqual(s.transform(train).toArray());
    expect(() => new MinMaxScaler({ range: [1, 1] })).toThrow(/lo < hi/);
    expect(() => new MinMaxScaler().fit(tensor([[1], [NaN]]))).toThrow(/non-finite/);
  });
});
