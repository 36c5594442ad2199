/** Node tests of the pieces behind the issue-15 fixes: number format, palette, labels, stop rules, curvature. */
import { describe, expect, it } from 'vitest';
import { logTicks, snapLogRange } from '../../web/chart.js';
import { formatCount, formatInputNumber, formatNumber, formatSetting, formatTick } from '../../web/format.js';
import { SERIES_COLOURS } from '../../web/palette.js';
import { curvature } from '../../web/surfaces/hessian.js';
import { pageDefaults, paramLabel, runLabels, variantLabel } from '../../web/surfaces/optimizer-defaults.js';
import { startRuns, stepRuns, STOP_RULES } from '../../web/surfaces/runs.js';
import { buildSurface } from '../../web/surfaces/surfaces.js';

/** CIELAB of an sRGB hex colour (D65). */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const X = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
  const Y = r * 0.2126 + g * 0.7152 + b * 0.0722;
  const Z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

describe('number format', () => {
  it('uses the typographic minus everywhere, exponents included', () => {
    expect(formatNumber(-1.5e-5)).toBe('−1.50×10⁻⁵');
    expect(formatNumber(-2.5)).toBe('−2.500');
    expect(formatNumber(3e7)).toBe('3.00×10⁷');
    expect(formatTick(-1e-4)).toBe('−10⁻⁴');
    expect(formatTick(0.5)).toBe('0.5');
    expect(formatCount(10000)).toBe('10\u2009000');
  });

  it('writes tick labels in one style: decimals from 0.001 to 1000, powers of ten beyond', () => {
    // A log axis from 10⁻⁵ to 10⁹: no "1e−3" beside "0.01", no "1e6" beside "1000".
    const labels = [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4, 1e6, 1e9].map(formatTick);
    expect(labels).toEqual(['10⁻⁵', '10⁻⁴', '0.001', '0.01', '0.1', '1', '10', '100', '1000', '10⁴', '10⁶', '10⁹']);
    expect(formatTick(2e-5)).toBe('2×10⁻⁵');
    expect(formatTick(-5e6)).toBe('−5×10⁶');
    expect(formatTick(0.5)).toBe('0.5');
    expect(formatTick(-2.5)).toBe('−2.5');
    for (const l of labels) expect(l, l).not.toMatch(/e/);
  });

  it('writes readouts in the ticks\' style: 4 significant digits plain, powers of ten outside 0.001…99 999', () => {
    expect(formatNumber(3.6e-4)).toBe('3.60×10⁻⁴');
    expect(formatNumber(2.76e6)).toBe('2.76×10⁶');
    expect(formatNumber(1.05e5)).toBe('1.05×10⁵');
    expect(formatNumber(0.7131)).toBe('0.7131');
    expect(formatNumber(99990)).toBe('99990');
    expect(formatNumber(-12345.6)).toBe('−12346');
    expect(formatNumber(0.001)).toBe('0.001000');
    for (const v of [1e-9, 6.25e-4, 1e5, 3e12, -4e-7]) expect(formatNumber(v), String(v)).not.toMatch(/e/);
  });

  it('writes set values (2/η) without trailing zeros: 20, 66.67, 200, 0.1', () => {
    expect([2 / 0.1, 2 / 0.03, 2 / 0.01, 2 / 20, 2 / 1e-6, 2 / 3e5].map(formatSetting)).toEqual(['20', '66.67', '200', '0.1', '2×10⁶', '6.667×10⁻⁶']);
  });
});

describe('palette', () => {
  it('has 16+ colours, every pair at least ΔE*76 = 15 apart, none black', () => {
    expect(SERIES_COLOURS.length).toBeGreaterThanOrEqual(16);
    expect(SERIES_COLOURS).not.toContain('#000000');
    let min = Infinity;
    for (let i = 0; i < SERIES_COLOURS.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = lab(SERIES_COLOURS[i]!);
        const b = lab(SERIES_COLOURS[j]!);
        min = Math.min(min, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
      }
    }
    expect(min).toBeGreaterThan(15);
  });
});

describe('labels', () => {
  it('name the variant and number only true duplicates', () => {
    const sgd = pageDefaults('sgd');
    expect(variantLabel('sgd', sgd)).toBe('SGD');
    expect(variantLabel('sgd', { ...sgd, momentum: 0.9 })).toBe('SGD, momentum 0.9');
    expect(variantLabel('sgd', { ...sgd, momentum: 0.9, nesterov: true })).toBe('SGD + Nesterov, momentum 0.9');
    expect(variantLabel('lecture-nesterov', pageDefaults('lecture-nesterov'))).toBe('Nesterov (lecture form)');
    expect(variantLabel('adam', { ...pageDefaults('adam'), learningRate: 0.2 })).toBe('Adam, η 0.2');
    expect(runLabels([{ name: 'adam', options: pageDefaults('adam') }, { name: 'adam', options: pageDefaults('adam') }])).toEqual(['Adam (1)', 'Adam (2)']);
    expect(['learningRate', 'beta1', 'beta2', 'eps', 'weightDecay', 'momentum'].map(paramLabel)).toEqual(['η learning rate', 'β₁', 'β₂', 'ε', 'λ weight decay', 'μ momentum']);
  });
});

describe('stop rules', () => {
  const surface = (() => {
    const r = buildSurface('quadratic', {}, '');
    if (!r.ok) throw new Error(r.message);
    return r.surface;
  })();

  it('stop a run on convergence, divergence and at the step cap', () => {
    const instances = [
      { name: 'sgd', options: { ...pageDefaults('sgd'), learningRate: 0.05 } },
      { name: 'sgd', options: { ...pageDefaults('sgd'), learningRate: 1.5 } },
      { name: 'sgd', options: { ...pageDefaults('sgd'), learningRate: 1e-6 } },
    ];
    const runs = startRuns(surface.objective, instances, ['a', 'b', 'c'], ['a', 'b', 'c'], surface.start);
    const rules = { ...STOP_RULES, maxSteps: 2000 };
    let live = 3;
    for (let i = 0; i < 3000 && live > 0; i++) live = stepRuns(runs, surface.objective, rules);
    expect(live).toBe(0);
    expect(runs.map((r) => r.stopped)).toEqual(['converged', 'diverged', 'step cap']);
    expect(runs[2]!.run!.points.length - 1).toBe(2000);
    expect(runs[1]!.diverged).toBe(true);
  });

  it('do not start where f is not finite', () => {
    const r = buildSurface('custom', {}, 'log(x)');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const runs = startRuns(r.surface.objective, [{ name: 'adam', options: pageDefaults('adam') }], ['a'], ['Adam'], [-2, 2]);
    expect(runs[0]!.stopped).toBe('invalid start');
    expect(stepRuns(runs, r.surface.objective)).toBe(0);
    expect(runs[0]!.run!.points.length).toBe(1);
  });
});

describe('curvature kind', () => {
  it('names a stationary point only where the gradient is ~0', () => {
    expect(curvature([2, 0, 0, 4], [0, 1e-9]).kind).toBe('minimum');
    expect(curvature([2, 0, 0, -4], [0, 0]).kind).toBe('saddle');
    const sloped = curvature([2, 0, 0, 4], [3, 4]);
    expect(sloped.kind).toBe('not stationary');
    expect(sloped.description).toBe('not stationary (‖∇f‖ = 5.000)');
    expect(curvature([NaN, 0, 0, 1], [0, 0]).kind).toBe('not stationary');
  });

  it('option boxes hold short numbers that read back exactly: 1e-6, not 0.000001 cut off to 0.00000', () => {
    const cases: Array<[number, string]> = [[1e-6, '1e-6'], [1e6, '1e6'], [1e-8, '1e-8'], [2.5e-7, '2.5e-7'], [0.999, '0.999'], [0.001, '0.001'], [12345, '12345'], [1e5, '1e5'], [-3e-5, '-3e-5'], [0, '0']];
    for (const [v, text] of cases) {
      expect(formatInputNumber(v)).toBe(text);
      expect(Number(formatInputNumber(v))).toBe(v);
      expect(formatInputNumber(v).length).toBeLessThanOrEqual(7);
    }
  });
});

describe('log axis ticks', () => {
  const values = (ts: number[]) => ts.map((t) => Number((10 ** t).toPrecision(3)));

  it('a log axis under a decade is widened to round values and gets ≥ 3 ticks bracketing the data', () => {
    // The lab's sharpness chart: λmax about 11, 2/η = 66.67; before, only 20 and 50 were ticked.
    const [lo, hi] = snapLogRange(Math.log10(10.5), Math.log10(70));
    expect(values([lo, hi])).toEqual([10, 100]);
    expect(values(logTicks(lo, hi))).toEqual([10, 20, 50, 100]);
    // A narrow range where 1-2-5 gives only two ticks gets 1-1.5-2-3-5-7 instead.
    const [a, b] = snapLogRange(Math.log10(0.0011), Math.log10(0.0019));
    expect(values(logTicks(a, b))).toEqual([0.001, 0.0015, 0.002]);
  });

  it('wide log axes keep their range and powers of ten', () => {
    expect(snapLogRange(-5, 3)).toEqual([-5, 3]);
    expect(values(logTicks(-5, 3))).toEqual([1e-4, 0.01, 1, 100]);
  });
});
