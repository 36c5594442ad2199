/** The comparison table: final/best error, epochs, updates and seconds to a target ("not reached", never 0). */
import { describe, expect, it } from 'vitest';
import { compareTable, firstReached, summarize, bandOverSeeds, type CompareTask, type Configuration, type EpochPoint, type RunResult } from '../../src/experiments/index.js';

const point = (epoch: number, error: number): EpochPoint => ({ epoch, updates: epoch * 10, seconds: epoch * 0.5, trainLoss: 1, validationLoss: 1, validationError: error, learningRate: 0.1 });
const run = (configurationId: string, seed: number, errors: number[], failure: string | null = null): RunResult => ({ configurationId, seed, points: errors.map((e, i) => point(i, e)), parameters: 10, failure });
const config = (id: string, label: string): Configuration => ({ id, label, optimizer: 'sgd', hyperParameters: {}, batchSize: 16, schedule: 'constant', averaging: 'none' });
const task: CompareTask = { dataset: 'moons', model: 'mlp:2-8-2', loss: 'cross-entropy', epochs: 3, testFraction: 0.2, dataSeed: 0, target: 0.1 };

describe('firstReached', () => {
  it('is the first epoch at or below the target, null when never', () => {
    expect(firstReached(run('c', 1, [0.5, 0.2, 0.1, 0.05]).points, 0.1)).toEqual({ epoch: 2, updates: 20, seconds: 1 });
    expect(firstReached(run('c', 1, [0.5, 0.4, 0.3]).points, 0.1)).toBeNull();
    expect(firstReached(run('c', 1, [0.05, 0.5]).points, 0.1)).toEqual({ epoch: 0, updates: 0, seconds: 0 });
  });
});

describe('summarize and the table', () => {
  const configurations = [config('c1', 'fast'), config('c2', 'slow'), config('c3', 'half')];
  const results = [
    run('c1', 1, [0.5, 0.08, 0.04, 0.03]), run('c1', 2, [0.6, 0.3, 0.09, 0.02]),
    run('c2', 1, [0.5, 0.4, 0.3, 0.2]), run('c2', 2, [0.6, 0.5, 0.4, 0.35]),
    run('c3', 1, [0.5, 0.2, 0.1, 0.1]), run('c3', 2, [0.6, 0.5, 0.4], 'non-finite loss NaN at epoch 3, batch 1'),
  ];
  const summaries = summarize(configurations, results, 0.1);

  it('aggregates over seeds', () => {
    expect(summaries[0]!.finalError).toEqual({ mean: 0.025, min: 0.02, max: 0.03, count: 2 });
    expect(summaries[0]!.bestError!.mean).toBeCloseTo(0.025, 12);
    expect(summaries[0]!.targetHits.map((h) => h?.epoch ?? null)).toEqual([1, 2]);
    expect(summaries[1]!.targetHits).toEqual([null, null]);
    expect(summaries[2]!.failures).toEqual(['seed 2: non-finite loss NaN at epoch 3, batch 1']);
  });

  it('marks a target never reached as "not reached", not as 0', () => {
    const t = compareTable(task, summaries);
    expect(t.columns).toEqual(['configuration', 'final held-out error', 'best held-out error', 'epochs to ≤ 10.00%', 'updates to ≤ 10.00%', 'seconds to ≤ 10.00%', 'final held-out loss', 'wall time', 'stopped early']);
    const [fast, slow, half] = t.rows;
    expect(fast!.slice(0, 5)).toEqual(['fast', '2.50% (2.00%–3.00%)', '2.50% (2.00%–3.00%)', '1.5 (1–2)', '15 (10–20)']);
    expect(slow!.slice(3, 6)).toEqual(['not reached', 'not reached', 'not reached']);
    expect(half!.slice(3, 5)).toEqual(['2 in 1/2 seeds', '20 in 1/2 seeds']);
    expect(half![5]).toMatch(/^[\d.]+ s in 1\/2 seeds$/);
    expect(half![8]).toBe('seed 2: non-finite');
    expect(t.notes!.join(' ')).toContain('"not reached"');
  });

  it('without a target the table has no target columns', () => {
    const t = compareTable({ ...task, target: null }, summarize(configurations.slice(0, 1), results, null));
    expect(t.columns).toEqual(['configuration', 'final held-out error', 'best held-out error', 'final held-out loss', 'wall time']);
  });
});

describe('bandOverSeeds', () => {
  it('mean line with the min–max band, epoch by epoch, over the seeds that got there', () => {
    const runs = [run('c', 1, [0.5, 0.3]), run('c', 2, [0.7, 0.1, 0.05])];
    expect(bandOverSeeds(runs, (p) => p.epoch, (p) => p.validationError)).toEqual([
      { x: 0, y: 0.6, lo: 0.5, hi: 0.7 },
      { x: 1, y: 0.2, lo: 0.1, hi: 0.3 },
      { x: 2, y: 0.05, lo: 0.05, hi: 0.05 },
    ]);
  });
});
