import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagingStateFromJSON, averagingStateToJSON, ema, polyak, polynomialDecay, swa, type Averager } from '../../src/averaging/index.js';

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer.slice(0)));

describe('averaging state checkpoints', () => {
  it('property: JSON round trip is exact (NaN, ±Infinity, −0 included)', () => {
    const arrays = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== '__proto__'),
      fc.array(fc.double(), { maxLength: 12 }),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.constantFrom('polyak', 'ema', 'swa', 'polynomial-decay'), fc.nat(1000), arrays, (kind, count, values) => {
        const averaged = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Float64Array.from(v)]));
        const state = { kind, count, averaged };
        const back = averagingStateFromJSON(JSON.parse(JSON.stringify(averagingStateToJSON(state))));
        expect(back.kind).toBe(kind);
        expect(back.count).toBe(count);
        expect(Object.keys(back.averaged)).toEqual(Object.keys(averaged));
        for (const [k, v] of Object.entries(averaged)) expect(bits(back.averaged[k]!)).toEqual(bits(v));
      }),
      { numRuns: 200 },
    );
  });

  it('property: save → restore → continue equals an uninterrupted run, bit for bit', () => {
    const makers: (() => Averager)[] = [() => polyak(), () => ema({ decay: 0.7 }), () => swa(), () => polynomialDecay({ eta: 2 })];
    const vec = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.nat(makers.length - 1), fc.array(vec, { maxLength: 8 }), fc.array(vec, { minLength: 1, maxLength: 8 }), (m, before, after) => {
        const a = makers[m]!();
        let state = a.init({ w: new Float64Array(3) });
        for (const x of before) state = a.update(state, { w: Float64Array.from(x) });
        let restored = averagingStateFromJSON(JSON.parse(JSON.stringify(averagingStateToJSON(state))), a.kind);
        for (const x of after) {
          state = a.update(state, { w: Float64Array.from(x) });
          restored = a.update(restored, { w: Float64Array.from(x) });
        }
        expect(restored.count).toBe(state.count);
        expect(bits(restored.averaged.w!)).toEqual(bits(state.averaged.w!));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects malformed checkpoints with the field named', () => {
    const good = averagingStateToJSON(polyak().init({ w: new Float64Array(2) }));
    expect(() => averagingStateFromJSON(null)).toThrow('averaging state: expected an object');
    expect(() => averagingStateFromJSON({ ...good, kind: 3 })).toThrow('averaging state: kind must be a string');
    expect(() => averagingStateFromJSON(good, 'ema')).toThrow("averaging state: expected a 'ema' state, got 'polyak'");
    expect(() => averagingStateFromJSON({ ...good, count: 1.5 })).toThrow('count must be a non-negative integer');
    expect(() => averagingStateFromJSON({ ...good, averaged: [] })).toThrow('averaged must be an object');
    expect(() => averagingStateFromJSON({ ...good, averaged: { w: 'x' } })).toThrow('averaged.w must be a list');
    expect(() => averagingStateFromJSON({ ...good, averaged: { w: [1, 'oops'] } })).toThrow('invalid value at averaged.w[1]: "oops"');
    expect(() => averagingStateFromJSON({ ...good, extra: 1 })).toThrow("averaging state: unknown field 'extra'");
  });
});
