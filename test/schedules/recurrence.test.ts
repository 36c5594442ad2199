import { describe, expect, it } from 'vitest';
import { cosineAnnealingLR, exponentialLR, recurrence, swaLR } from '../../src/schedules/index.js';

describe('recursive schedules are pure functions of the step', () => {
  it('random access (forward, backward, across checkpoints) equals a sequential replay', () => {
    const make = () => cosineAnnealingLR({ learningRate: 0.1, tMax: 37, etaMin: 0.001 });
    const sequential = make();
    const reference = Array.from({ length: 3000 }, (_, k) => sequential.value(k));
    const random = make();
    for (const k of [2999, 5, 1024, 1023, 2048, 0, 2500, 1500, 1500, 7]) expect(random.value(k)).toBe(reference[k]);
  });

  it('two instances never share state', () => {
    const a = exponentialLR({ learningRate: 1, gamma: 0.5 });
    const b = exponentialLR({ learningRate: 1, gamma: 0.5 });
    a.value(10);
    expect(b.value(1)).toBe(0.5);
    expect(a.value(1)).toBe(0.5);
  });

  it('recurrence: lr_0 = first, lr_k = next(lr_{k-1}, k)', () => {
    const s = recurrence('test', 1, (prev, k) => prev + k);
    expect([0, 1, 2, 3, 4].map(s.value)).toEqual([1, 2, 4, 7, 11]);
    expect(s.value(2)).toBe(4);
  });

  it('SWALR is constant after the annealing', () => {
    const s = swaLR({ learningRate: 0.1, swaLr: 0.05, annealEpochs: 3 });
    expect([3, 4, 100].map(s.value)).toEqual([0.05, 0.05, 0.05]);
  });
});
