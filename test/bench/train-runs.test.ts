import { describe, expect, it } from 'vitest';
import { backendOfBanner, epochSeconds, median, summarizeTrainVs } from '../../bench/train-runs.js';

describe('bench train-vs: reading a run', () => {
  it("takes each row's seconds from run.jsonl, in order", () => {
    // Rows as `descent train` writes them (src/train/types.ts EpochRecord).
    const text =
      '{"epoch":1,"trainLoss":1.17,"validationLoss":0.52,"validationError":0.149,"learningRate":0.001,"updates":125,"seconds":1.309,"kernels":["wasm FMA"]}\n' +
      '{"epoch":2,"trainLoss":0.61,"validationLoss":0.40,"validationError":0.12,"learningRate":0.0009,"updates":250,"seconds":0.42}\n';
    expect(epochSeconds(text, 'run.jsonl')).toEqual([1.309, 0.42]);
  });

  it('refuses a log it cannot read, naming the file and line', () => {
    expect(() => epochSeconds('', 'a/run.jsonl')).toThrow('a/run.jsonl: no epoch rows');
    expect(() => epochSeconds('{"epoch":1,"seconds":1}\n{"epoch":2', 'a/run.jsonl')).toThrow('a/run.jsonl:2: not a JSON line');
    expect(() => epochSeconds('{"epoch":1,"time":1}\n', 'a/run.jsonl')).toThrow('a/run.jsonl:1: no finite "seconds" field');
    expect(() => epochSeconds('{"epoch":1,"seconds":null}\n', 'a/run.jsonl')).toThrow('a/run.jsonl:1: no finite "seconds"');
  });

  it("names the backend of today's banner and of an older one", () => {
    const now = 'descent train: mnist (8000 train / 2000 held-out), model mlp:784-256-128-10:relu (235146 parameters), adam, cosine schedule, batch 64, 1 epochs, wasm backend (2 threads, FMA), augmentation shift:2\nchosen from the data';
    expect(backendOfBanner(now)).toBe('wasm backend (2 threads, FMA)');
    expect(backendOfBanner('descent train: mnist, adam, batch 64, 20 epochs, wasm backend (2 threads)\n')).toBe('wasm backend (2 threads)');
    expect(backendOfBanner('descent train: mnist, adam, batch 64, 20 epochs, js backend\n')).toBe('js backend');
    expect(backendOfBanner('epoch  train loss\n')).toBe('no banner');
  });
});

describe('bench train-vs: medians and ratios', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1])).toBe(2.5);
    expect(() => median([])).toThrow('no values');
  });

  it('compares the sums of epoch times and the wall times, new over old', () => {
    const run = (epochs: number[], wall: number) => ({ epochSeconds: epochs, wallSeconds: wall, backend: 'wasm backend' });
    const s = summarizeTrainVs([run([0.5, 0.5], 3), run([0.6, 0.6], 3.4)], [run([0.4, 0.4], 2.6), run([0.5, 0.5], 3)]);
    expect(s.epochs.old).toBeCloseTo(1.1, 12);
    expect(s.epochs.new).toBeCloseTo(0.9, 12);
    expect(s.epochs.ratio).toBeCloseTo(0.9 / 1.1, 12);
    expect(s.command).toEqual({ old: 3.2, new: 2.8, ratio: 2.8 / 3.2 });
    expect(s.runs).toEqual({ old: 2, new: 2 });
  });
});
