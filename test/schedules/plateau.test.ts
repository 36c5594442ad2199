import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlateauState, loadPlateauState, reduceLROnPlateau, type PlateauState } from '../../src/schedules/index.js';

function feed(plateau: ReturnType<typeof reduceLROnPlateau>, state: PlateauState, metrics: readonly number[]): PlateauState[] {
  const out: PlateauState[] = [];
  for (const m of metrics) out.push((state = plateau.update(state, m)));
  return out;
}

describe('ReduceLROnPlateau', () => {
  it('reduces after patience bad steps, then cools down', () => {
    const plateau = reduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1 });
    const states = feed(plateau, plateau.init(0.1), [1, 1, 1, 1, 1, 1, 1, 0.5]);
    expect(states.map((s) => s.learningRates[0])).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05]);
    expect(states.map((s) => s.numBadEpochs)).toEqual([0, 1, 2, 0, 0, 1, 2, 0]);
    expect(states.map((s) => s.cooldownCounter)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    expect(states.at(-1)!.best).toBe(0.5);
    expect(states.at(-1)!.epoch).toBe(8);
  });

  it("mode 'max' and threshold modes", () => {
    const rel = reduceLROnPlateau({ mode: 'max', threshold: 0.1, patience: 0 });
    let s = rel.update(rel.init(1), 1);
    s = rel.update(s, 1.05); // not 10 % better than 1: bad, reduce at once (patience 0)
    expect(s.learningRates[0]).toBeCloseTo(0.1, 15);
    expect(rel.isBetter(1.11, 1)).toBe(true);
    const abs = reduceLROnPlateau({ mode: 'min', threshold: 0.5, thresholdMode: 'abs' });
    expect(abs.isBetter(0.6, 1)).toBe(false);
    expect(abs.isBetter(0.4, 1)).toBe(true);
    expect(abs.isBetter(1e300, null)).toBe(true);
    expect(reduceLROnPlateau({ mode: 'max' }).isBetter(-1e300, null)).toBe(true);
  });

  it('respects minLr (per group) and skips reductions smaller than eps', () => {
    const plateau = reduceLROnPlateau({ factor: 0.1, patience: 0, minLr: [0.05, 0], eps: 1e-3 });
    const states = feed(plateau, plateau.init([0.1, 0.0005]), [1, 2, 3]);
    // group 0: 0.1 → max(0.01, minLr 0.05); group 1: 0.0005 → 0.00005 is a step of 0.00045 < eps, skipped
    expect(states[1]!.learningRates).toEqual([0.05, 0.0005]);
    expect(states[2]!.learningRates).toEqual([0.05, 0.0005]);
    const tiny = reduceLROnPlateau({ factor: 0.5, patience: 0, eps: 1e-8 });
    expect(feed(tiny, tiny.init(1e-8), [1, 2]).at(-1)!.learningRates[0]).toBe(1e-8);
    expect(() => plateau.init([0.1])).toThrow('ReduceLROnPlateau: expected 1 minLr values, got 2');
    expect(() => plateau.init(-0.1)).toThrow('ReduceLROnPlateau: invalid learningRate: -0.1 (expected a finite number >= 0)');
    expect(() => plateau.init([0.1, NaN])).toThrow('ReduceLROnPlateau: invalid learningRate: NaN');
  });

  it('update is pure and rejects metrics that are not numbers, or an infinity that would become the best', () => {
    const plateau = reduceLROnPlateau({ patience: 0 });
    const s0 = plateau.init(0.1);
    const copy = structuredClone(s0);
    plateau.update(s0, 3);
    expect(s0).toEqual(copy);
    expect(() => plateau.update(s0, '1' as never)).toThrow('ReduceLROnPlateau: invalid metric: 1 (expected a number)');
    expect(() => plateau.update(s0, -Infinity)).toThrow("ReduceLROnPlateau: invalid metric: -Infinity in mode 'min' (it would become the best value");
    const max = reduceLROnPlateau({ mode: 'max' });
    expect(() => max.update(max.init(0.1), Infinity)).toThrow("invalid metric: Infinity in mode 'max'");
  });

  // PyTorch 1.13: ReduceLROnPlateau(SGD(lr=0.1), mode, factor=0.5, patience=1, cooldown=1), step(m) for
  // each metric; rows are (lr, best, num_bad_epochs, cooldown_counter) after each step (best ±inf: null).
  it("NaN metrics (and the mode's worst infinity) count as bad steps, as PyTorch 1.13 (NaN compares false)", () => {
    const cases = {
      min: {
        metrics: [NaN, 1, NaN, NaN, 0.5, NaN, NaN, NaN, Infinity, 0.4, NaN],
        rows: [[0.1, null, 1, 0], [0.1, 1, 0, 0], [0.1, 1, 1, 0], [0.05, 1, 0, 1], [0.05, 0.5, 0, 0], [0.05, 0.5, 1, 0],
          [0.025, 0.5, 0, 1], [0.025, 0.5, 0, 0], [0.025, 0.5, 1, 0], [0.025, 0.4, 0, 0], [0.025, 0.4, 1, 0]],
      },
      max: {
        metrics: [NaN, 1, NaN, NaN, 2, NaN, NaN, -Infinity, NaN],
        rows: [[0.1, null, 1, 0], [0.1, 1, 0, 0], [0.1, 1, 1, 0], [0.05, 1, 0, 1], [0.05, 2, 0, 0], [0.05, 2, 1, 0],
          [0.025, 2, 0, 1], [0.025, 2, 0, 0], [0.025, 2, 1, 0]],
      },
    } as const;
    for (const [mode, { metrics, rows }] of Object.entries(cases)) {
      const plateau = reduceLROnPlateau({ mode: mode as 'min' | 'max', factor: 0.5, patience: 1, cooldown: 1 });
      const states = feed(plateau, plateau.init(0.1), metrics);
      expect(states.map((s) => [s.learningRates[0], s.best, s.numBadEpochs, s.cooldownCounter]), mode).toEqual(rows);
      const last = states.at(-1)!;
      expect(loadPlateauState(JSON.parse(JSON.stringify(last)))).toEqual(last);
    }
    expect(reduceLROnPlateau().isBetter(NaN, null)).toBe(false);
    expect(reduceLROnPlateau({ mode: 'max', thresholdMode: 'abs' }).isBetter(NaN, 1)).toBe(false);
  });

  it('loadPlateauState rejects malformed state with the field named', () => {
    const good = reduceLROnPlateau().init(0.1);
    expect(loadPlateauState(good, 1)).toEqual(good);
    expect(() => loadPlateauState(null)).toThrow('ReduceLROnPlateau: invalid state: expected an object');
    expect(() => loadPlateauState({ ...good, learningRates: [] })).toThrow('learningRates must be a non-empty list');
    expect(() => loadPlateauState({ ...good, best: 'x' })).toThrow('best must be a finite number or null');
    expect(() => loadPlateauState({ ...good, numBadEpochs: -1 })).toThrow('numBadEpochs must be a non-negative integer');
    expect(() => loadPlateauState({ ...good, cooldownCounter: 0.5 })).toThrow('cooldownCounter must be a non-negative integer');
    expect(() => loadPlateauState({ ...good, extra: 1 })).toThrow("unknown field 'extra'");
    expect(() => loadPlateauState(good, 2)).toThrow('it has 1 learning rates but the optimizer has 2 parameter groups');
    expect(() => applyPlateauState({ paramGroups: [] }, good)).toThrow('applyPlateauState: the state has 1 learning rates for 0 parameter groups');
  });

  it('a metric of −0 is stored as +0 so that the JSON round trip is exact', () => {
    const plateau = reduceLROnPlateau();
    const s = plateau.update(plateau.init(0.1), -0);
    expect(Object.is(s.best, 0)).toBe(true);
    expect(loadPlateauState(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('property: save (JSON) → restore → continue equals an uninterrupted run', () => {
    const options = fc.record({
      mode: fc.constantFrom('min' as const, 'max' as const),
      factor: fc.double({ min: 0, max: 0.99, noNaN: true }),
      patience: fc.integer({ min: 0, max: 4 }),
      threshold: fc.double({ min: 0, max: 0.5, noNaN: true }),
      thresholdMode: fc.constantFrom('rel' as const, 'abs' as const),
      cooldown: fc.integer({ min: 0, max: 3 }),
      minLr: fc.double({ min: 0, max: 1e-3, noNaN: true }),
    });
    const metric = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(options, fc.array(metric, { maxLength: 30 }), fc.array(metric, { maxLength: 30 }), (opts, before, after) => {
        const plateau = reduceLROnPlateau(opts);
        const mid = feed(plateau, plateau.init(0.1), before).at(-1) ?? plateau.init(0.1);
        const restored = loadPlateauState(JSON.parse(JSON.stringify(mid)));
        expect(restored).toEqual(mid);
        expect(Object.is(restored.best, mid.best) || restored.best === mid.best).toBe(true);
        expect(feed(plateau, restored, after)).toEqual(feed(plateau, mid, after));
      }),
      { numRuns: 200 },
    );
  });
});
