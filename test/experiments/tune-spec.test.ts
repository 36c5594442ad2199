/** `--tune` ranges: grids, random search, and errors that name the flag and the bad part. */
import { describe, expect, it } from 'vitest';
import { formatSetting, gridSettings, parseTuneAxes, parseTuneAxis, randomSettings } from '../../src/experiments/index.js';

describe('--tune ranges', () => {
  it('a log grid is evenly spaced in log10, both ends included', () => {
    const a = parseTuneAxis('learningRate=log:1e-4..1,5', '--tune');
    expect(a).toMatchObject({ key: 'learningRate', scale: 'log', lo: 1e-4, hi: 1 });
    expect(a.values).toEqual([0.0001, 0.001, 0.01, 0.1, 1]);
    expect(parseTuneAxis('learningRate=log:1e-3..3,7', '--tune').values.map((v) => Math.log10(v))).toEqual(
      Array.from({ length: 7 }, (_, i) => expect.closeTo(-3 + (i * Math.log10(3000)) / 6, 5)),
    );
  });

  it('a linear grid and a list (sorted)', () => {
    expect(parseTuneAxis('momentum=lin:0.5..0.9,5', '--tune').values).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(parseTuneAxis('beta2=0.999;0.99', '--tune')).toMatchObject({ scale: 'list', values: [0.99, 0.999] });
  });

  it('errors name the flag, the bad part and the whole value', () => {
    const bad = (text: string): string => {
      try {
        parseTuneAxis(text, '--tune');
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error(`'${text}' was accepted`);
    };
    expect(bad('learningRate')).toMatch(/^--tune: expected key=log:lo\.\.hi,n .* got 'learningRate'$/);
    expect(bad('learningRate=log:1e-4..1')).toMatch(/--tune: expected log:lo\.\.hi,n \(e\.g\. learningRate=log:1e-4\.\.1,8\), got 'learningRate=log:1e-4\.\.1'/);
    expect(bad('learningRate=log:0..1,4')).toMatch(/a log range needs positive ends, got 0\.\.1/);
    expect(bad('learningRate=log:1..1e-4,4')).toMatch(/the range must go from low to high, got 1\.\.1e-4/);
    expect(bad('learningRate=log:1e-4..1,1')).toMatch(/the number of points must be an integer >= 2, got '1'/);
    expect(bad('learningRate=log:1e-4..1,2.5')).toMatch(/got '2\.5'/);
    expect(bad('learningRate=lin:a..1,3')).toMatch(/lower end 'a' is not a number in 'learningRate=lin:a\.\.1,3'/);
    expect(bad('learningRate=exp:1..2,3')).toMatch(/value 'exp:1\.\.2,3' is not a number/);
    expect(bad('momentum=0.9')).toMatch(/lists one value; give a range/);
    expect(bad('momentum=0.9;0.9')).toMatch(/a value is listed twice/);
    expect(bad('learning-rate=log:1e-4..1,3')).toMatch(/'learning-rate' is not a hyper-parameter name \(camelCase/);
    expect(() => parseTuneAxes(['learningRate=log:1e-4..1,3', 'learningRate=lin:0.1..1,3'], '--tune')).toThrow('--tune: learningRate is tuned twice');
  });

  it('several axes make a product grid, the first varying slowest', () => {
    const axes = parseTuneAxes(['learningRate=log:0.01..1,3', 'momentum=0.5;0.9'], '--tune');
    const grid = gridSettings(axes);
    expect(grid).toHaveLength(6);
    expect(grid.slice(0, 3)).toEqual([{ learningRate: 0.01, momentum: 0.5 }, { learningRate: 0.01, momentum: 0.9 }, { learningRate: 0.1, momentum: 0.5 }]);
    expect(formatSetting(grid[0]!)).toBe('lr=0.01 momentum=0.5');
  });

  it('random search: in range, log-uniform, the same for the same seed', () => {
    const axes = parseTuneAxes(['learningRate=log:1e-4..1,2', 'momentum=lin:0.5..0.99,2', 'beta2=0.99;0.999'], '--tune');
    const a = randomSettings(axes, 200, 7);
    expect(a).toEqual(randomSettings(axes, 200, 7));
    expect(a).not.toEqual(randomSettings(axes, 200, 8));
    for (const s of a) {
      expect(s.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(s.learningRate).toBeLessThanOrEqual(1);
      expect(s.momentum).toBeGreaterThanOrEqual(0.5);
      expect(s.momentum).toBeLessThanOrEqual(0.99);
      expect([0.99, 0.999]).toContain(s.beta2);
    }
    // Log-uniform: about a quarter of the draws in each decade of 1e-4..1, not 90% in the top one.
    const top = a.filter((s) => s.learningRate! > 0.1).length / a.length;
    expect(top).toBeGreaterThan(0.1);
    expect(top).toBeLessThan(0.4);
    // Sorted by the first axis, so the sensitivity curve runs left to right.
    expect(a.map((s) => s.learningRate)).toEqual([...a.map((s) => s.learningRate!)].sort((x, y) => x - y));
  });
});
