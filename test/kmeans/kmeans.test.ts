import { describe, expect, it } from 'vitest';
import { blobs, fitKMeans, inverseTimeStepSize, KMeans, kMeansCost, toPointSet, type KMeansUpdate } from '../../src/index.js';

const CENTRES = [[0, 0], [6, 6], [0, 6]];
const data = blobs({ samples: 300, centers: CENTRES, std: 0.7, seed: 3, dtype: 'float64' });

/** Centres sorted by (x, y), so runs can be compared whatever order they found the clusters in. */
const sorted = (c: number[][]): number[][] => [...c].sort((a, b) => Math.round(a[0]!) - Math.round(b[0]!) || Math.round(a[1]!) - Math.round(b[1]!));

describe('KMeans', () => {
  it.each<KMeansUpdate>(['online', 'mini-batch', 'batch'])('%s updates decrease the cost', (update) => {
    const r = fitKMeans(data.features, { k: 3, update, epochs: 10, seed: 1, init: [[1, 1], [2, 2], [3, 3]] });
    const first = r.history.cost[0]!;
    const last = r.history.cost.at(-1)!;
    expect(last).toBeLessThan(first / 5);
    // The cost of three clusters of variance 0.7² per axis: about 2·0.49.
    expect(last).toBeLessThan(1.2);
    expect(r.history.updates.length).toBe(r.history.cost.length);
    expect(r.history.pointsProcessed.at(-1)).toBe(r.history.updates.at(-1)! * (update === 'batch' ? 300 : update === 'online' ? 1 : 32));
  });

  it('batch updates with the lloyd step never increase the cost', () => {
    const km = new KMeans(data.features, { k: 3, update: 'batch', seed: 5 });
    let prev = km.cost();
    for (let t = 0; t < 15; t++) {
      km.step();
      const c = km.cost();
      expect(c).toBeLessThanOrEqual(prev + 1e-12);
      prev = c;
    }
  });

  it('online, mini-batch and batch agree in the limit', () => {
    const init = [[1, 1], [5, 5], [1, 5]];
    const batch = sorted(fitKMeans(data.features, { k: 3, update: 'batch', updates: 50, init }).centres);
    const mini = sorted(fitKMeans(data.features, { k: 3, update: 'mini-batch', batchSize: 20, epochs: 200, init, seed: 2 }).centres);
    const online = sorted(fitKMeans(data.features, { k: 3, update: 'online', epochs: 200, init, seed: 2 }).centres);
    for (let c = 0; c < 3; c++) {
      for (let d = 0; d < 2; d++) {
        expect(Math.abs(mini[c]![d]! - batch[c]![d]!)).toBeLessThan(0.02);
        expect(Math.abs(online[c]![d]! - batch[c]![d]!)).toBeLessThan(0.02);
      }
    }
    // And the batch fixed point is at the true cluster means, near the generating centres.
    for (let c = 0; c < 3; c++) for (let d = 0; d < 2; d++) expect(Math.abs(batch[c]![d]! - sorted(CENTRES)[c]![d]!)).toBeLessThan(0.25);
  });

  it('is deterministic for a seed and varies between seeds', () => {
    const run = (seed: number) => fitKMeans(data.features, { k: 3, update: 'online', epochs: 2, seed });
    const a = run(7);
    const b = run(7);
    expect(a.centres).toEqual(b.centres);
    expect(a.history.cost).toEqual(b.history.cost);
    expect(run(8).history.cost).not.toEqual(a.history.cost);
  });

  it('accepts rows, tensors and point sets alike', () => {
    const rows = [[0, 0], [0, 1], [10, 10], [10, 11]];
    const a = fitKMeans(rows, { k: 2, update: 'batch', updates: 5, init: [[0, 0], [10, 10]] });
    expect(sorted(a.centres)).toEqual([[0, 0.5], [10, 10.5]]);
    expect(a.cost).toBeCloseTo(0.25, 12);
    expect(kMeansCost(toPointSet(rows), Float64Array.of(0, 0.5, 10, 10.5))).toBeCloseTo(0.25, 12);
  });

  it('k-means++ and a schedule also work', () => {
    const r = fitKMeans(data.features, { k: 3, update: 'online', init: 'k-means++', stepSize: inverseTimeStepSize(0.5, 50), epochs: 5, seed: 4 });
    expect(r.cost).toBeLessThan(1.5);
  });

  it('counts points, updates and epochs', () => {
    const km = new KMeans(data.features, { k: 3, update: 'mini-batch', batchSize: 64 });
    for (let i = 0; i < 5; i++) km.step();
    expect(km.updates).toBe(5);
    expect(km.pointsProcessed).toBe(320);
    expect(km.step().epochs).toBe(1);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => new KMeans(data.features, { k: 0 })).toThrow('kMeans: invalid k: 0');
    expect(() => new KMeans(data.features, { k: 2, batchSize: 0 })).toThrow('invalid batchSize: 0');
    expect(() => new KMeans(data.features, { k: 2, update: 'full' as KMeansUpdate })).toThrow("invalid update 'full'");
    expect(() => new KMeans(data.features, { k: 2, stepSize: -1 })).toThrow('invalid stepSize: -1');
    expect(() => new KMeans([[0, 0]], { k: 2 })).toThrow('k = 2 centres but only 1 points');
    expect(() => new KMeans([[0, NaN]], { k: 1 })).toThrow('NaN');
    expect(() => new KMeans([], { k: 1 })).toThrow('no points');
  });
});
