import { describe, expect, it } from 'vitest';
import { polyak, withAveragedWeights } from '../../src/averaging/index.js';

function setup() {
  const w = Float64Array.from([1, 2, 3]);
  const b = Float32Array.from([0.1]);
  const a = polyak();
  let state = a.init({ w, b });
  state = a.update(state, { w, b });
  state = a.update(state, { w: Float64Array.from([3, 4, 5]), b: Float32Array.from([0.3]) });
  // the live weights move on after the last averaging step
  w.set([10, 20, 30]);
  b.set([7]);
  return { w, b, state };
}

describe('withAveragedWeights', () => {
  it('evaluates with the averages and restores the live weights bit for bit', () => {
    const { w, b, state } = setup();
    const seen = withAveragedWeights(state, { w, b }, () => [Array.from(w), b[0]]);
    expect(seen[0]).toEqual([2, 3, 4]);
    expect(seen[1]).toBeCloseTo(0.2, 7);
    expect(Array.from(w)).toEqual([10, 20, 30]);
    expect(Array.from(b)).toEqual([7]);
    expect(Array.from(state.averaged.w!)).toEqual([2, 3, 4]);
  });

  it('restores the live weights when the evaluation throws', () => {
    const { w, b, state } = setup();
    expect(() => withAveragedWeights(state, { w, b }, () => {
      w.fill(-1);
      throw new Error('boom');
    })).toThrow('boom');
    expect(Array.from(w)).toEqual([10, 20, 30]);
    expect(Array.from(b)).toEqual([7]);
  });

  it('awaits an async evaluation before restoring, also on rejection', async () => {
    const { w, b, state } = setup();
    const during: number[] = [];
    const result = withAveragedWeights(state, { w, b }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      during.push(...w);
      return 'done';
    });
    await expect(result).resolves.toBe('done');
    expect(during).toEqual([2, 3, 4]);
    expect(Array.from(w)).toEqual([10, 20, 30]);
    await expect(withAveragedWeights(state, { w, b }, async () => Promise.reject(new Error('late')))).rejects.toThrow('late');
    expect(Array.from(w)).toEqual([10, 20, 30]);
  });

  it('restores the arrays named in preserve (e.g. BatchNorm statistics)', () => {
    const { w, b, state } = setup();
    const runningMean = Float32Array.from([0.5, 0.5]);
    withAveragedWeights(state, { w, b }, () => runningMean.fill(9), { preserve: { runningMean } });
    expect(Array.from(runningMean)).toEqual([0.5, 0.5]);
  });

  it('checks the parameters against the state before touching anything', () => {
    const { w, state } = setup();
    expect(() => withAveragedWeights(state, { w }, () => 0)).toThrow("withAveragedWeights: parameter 'b' is missing");
    expect(Array.from(w)).toEqual([10, 20, 30]);
  });
});
