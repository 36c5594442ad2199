import { describe, it, expect } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import { DataLoader, Dataset, type Batch } from '../../src/data/index.js';

/** Sample i has features [i, 10 i] and label i % 2. */
function numbered(n: number): Dataset {
  const x = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 5 * k - 5));
  return new Dataset(new Tensor(x, [n, 2]), new Tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n]));
}

const ids = (b: Batch): number[] => Array.from(b.indices);
const epoch = (loader: DataLoader): number[][] => [...loader].map(ids);

describe('DataLoader', () => {
  it('batch size 1 (SGD), b (mini-batch) and the full set', () => {
    const ds = numbered(10);
    expect(new DataLoader(ds, { batchSize: 1 }).length).toBe(10);
    const sizes = [...new DataLoader(ds, { batchSize: 4 })].map((b) => b.x.shape[0]);
    expect(sizes).toEqual([4, 4, 2]);
    const full = [...new DataLoader(ds, { batchSize: 'full' })];
    expect(full).toHaveLength(1);
    expect(full[0]!.x.shape).toEqual([10, 2]);
    expect(full[0]!.y.shape).toEqual([10]);
    expect(new DataLoader(ds, { batchSize: 'full' }).batchSize).toBe(10);
  });

  it('batches carry the rows of their indices', () => {
    for (const b of new DataLoader(numbered(9), { batchSize: 4, seed: 3 })) {
      b.indices.forEach((i, r) => {
        expect(b.x.data[2 * r]).toBe(i);
        expect(b.x.data[2 * r + 1]).toBe(10 * i);
        expect(b.y.data[r]).toBe(i % 2);
      });
    }
  });

  it('draws a fresh permutation every epoch, each a permutation of all samples', () => {
    const loader = new DataLoader(numbered(20), { batchSize: 6, seed: 7 });
    const orders = [0, 1, 2].map(() => epoch(loader).flat());
    for (const o of orders) expect([...o].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(orders[0]).not.toEqual(orders[1]);
    expect(orders[1]).not.toEqual(orders[2]);
    expect(loader.epoch).toBe(3);
  });

  it('the permutation comes from the seeded generator: same seed, same batches', () => {
    const a = new DataLoader(numbered(30), { batchSize: 8, seed: 11 });
    const b = new DataLoader(numbered(30), { batchSize: 8, seed: 11 });
    const c = new DataLoader(numbered(30), { batchSize: 8, seed: 12 });
    const runA = [epoch(a), epoch(a)];
    expect([epoch(b), epoch(b)]).toEqual(runA);
    expect([epoch(c), epoch(c)]).not.toEqual(runA);
    // The order is exactly Random(seed).permutation(n), one per epoch.
    const r = new Random(11);
    expect(runA[0]!.flat()).toEqual(Array.from(r.permutation(30)));
    expect(runA[1]!.flat()).toEqual(Array.from(r.permutation(30)));
  });

  it('shuffle: false visits the samples cyclically in data order', () => {
    const loader = new DataLoader(numbered(5), { batchSize: 2, shuffle: false });
    expect(epoch(loader)).toEqual([[0, 1], [2, 3], [4]]);
    expect(epoch(loader)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('dropLast skips the short final batch', () => {
    const loader = new DataLoader(numbered(10), { batchSize: 4, dropLast: true, seed: 1 });
    expect(loader.length).toBe(2);
    expect(epoch(loader).map((b) => b.length)).toEqual([4, 4]);
    expect(new DataLoader(numbered(3), { batchSize: 4, dropLast: true }).length).toBe(0);
  });

  it('rejects bad batch sizes', () => {
    expect(() => new DataLoader(numbered(3), { batchSize: 0 })).toThrow(/batchSize must be a positive integer or 'full', got 0/);
    expect(() => new DataLoader(numbered(3), { batchSize: 1.5 })).toThrow(/got 1.5/);
  });

  it('resumes bit for bit from a state saved between epochs (through JSON)', () => {
    const reference = new DataLoader(numbered(25), { batchSize: 4, seed: 5 });
    const full = [epoch(reference), epoch(reference), epoch(reference), epoch(reference)];
    const first = new DataLoader(numbered(25), { batchSize: 4, seed: 5 });
    epoch(first);
    epoch(first);
    const saved = JSON.parse(JSON.stringify(first.state()));
    expect(saved.epoch).toBe(2);
    expect(saved.batch).toBe(0);
    const resumed = new DataLoader(numbered(25), { batchSize: 4, seed: 999 });
    resumed.setState(saved);
    expect([epoch(resumed), epoch(resumed)]).toEqual(full.slice(2));
    expect(resumed.epoch).toBe(4);
  });

  it('resumes bit for bit from a state saved in the middle of an epoch', () => {
    const reference = new DataLoader(numbered(25), { batchSize: 4, seed: 6 });
    const full = [epoch(reference), epoch(reference)].flat();
    for (const cut of [1, 3, 6, 7]) {
      const first = new DataLoader(numbered(25), { batchSize: 4, seed: 6 });
      const seen: number[][] = [];
      let saved = null;
      outer: for (;;) {
        for (const b of first) {
          seen.push(ids(b));
          if (seen.length === cut) {
            saved = JSON.parse(JSON.stringify(first.state()));
            break outer;
          }
        }
      }
      const resumed = new DataLoader(numbered(25), { batchSize: 4 });
      resumed.setState(saved);
      const rest = [...epoch(resumed), ...(resumed.epoch < 2 ? epoch(resumed) : [])];
      expect([...seen, ...rest]).toEqual(full);
      expect(resumed.epoch).toBe(2);
    }
  });

  it('a state taken right after the last batch of an epoch counts that epoch as done', () => {
    const loader = new DataLoader(numbered(8), { batchSize: 4, seed: 2 });
    let state = null;
    for (const b of loader) if (b.indices.length && loader.state().batch === 0) state = loader.state();
    expect(state).not.toBeNull();
    expect(state!.epoch).toBe(1);
    const reference = new DataLoader(numbered(8), { batchSize: 4, seed: 2 });
    epoch(reference);
    const resumed = new DataLoader(numbered(8), { batchSize: 4 });
    resumed.setState(state!);
    expect(epoch(resumed)).toEqual(epoch(reference));
  });

  it('a shared generator is drawn from at each epoch start', () => {
    const random = new Random(3);
    const loader = new DataLoader(numbered(6), { batchSize: 6, random });
    const order = epoch(loader)[0];
    expect(order).toEqual(Array.from(new Random(3).permutation(6)));
    expect(random.state()).toEqual((() => { const r = new Random(3); r.permutation(6); return r.state(); })());
  });

  it('refuses a state saved for other data or another batch size', () => {
    const state = new DataLoader(numbered(10), { batchSize: 4 }).state();
    expect(() => new DataLoader(numbered(12), { batchSize: 4 }).setState(state)).toThrow(
      'DataLoader.setState: the state was saved for 10 samples in batches of 4; this loader has 12 samples in batches of 4',
    );
    expect(() => new DataLoader(numbered(10), { batchSize: 5 }).setState(state)).toThrow(/batches of 5/);
    expect(() => new DataLoader(numbered(10), { batchSize: 4 }).setState({ ...state, batch: 3 })).toThrow(/invalid position/);
  });

  it('assembles MNIST-sized batches quickly (rows copied into one typed array)', () => {
    const n = 4096;
    const ds = new Dataset(new Tensor(new Float32Array(n * 784), [n, 784]), new Tensor(new Int32Array(n), [n]));
    const loader = new DataLoader(ds, { batchSize: 64, seed: 0 });
    const t0 = performance.now();
    let rows = 0;
    for (let e = 0; e < 5; e++) for (const b of loader) rows += b.x.shape[0]!;
    const ms = performance.now() - t0;
    expect(rows).toBe(5 * n);
    expect(ms).toBeLessThan(2000); // about 60 MB copied; typically well under 100 ms
  });
});
