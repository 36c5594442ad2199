import { describe, expect, it } from 'vitest';
import { curvature } from '../../web/surfaces/hessian.js';
import { heatmapPixels, pixelGrid } from '../../web/surfaces/heatmap.js';
import { pageDefaults } from '../../web/surfaces/optimizer-defaults.js';
import { buildSurface } from '../../web/surfaces/surfaces.js';
import { decodeState, defaultState, encodeState } from '../../web/surfaces/url-state.js';

describe('playground state in the URL', () => {
  it('round-trips every field', () => {
    const state = defaultState();
    state.fn = 'quadratic';
    state.constants = { kappa: 50, theta: 0.3 };
    state.start = [1.25, -2.5];
    state.speed = 7;
    state.instances = [
      { name: 'sgd', options: { ...pageDefaults('sgd'), momentum: 0.9, nesterov: true } },
      { name: 'rprop', options: { ...pageDefaults('rprop'), etas: [0.4, 1.3] } },
      { name: 'lbfgs', options: { ...pageDefaults('lbfgs'), lineSearchFn: 'strong_wolfe' } },
    ];
    expect(decodeState(encodeState(state))).toEqual(state);
    const custom = { ...defaultState(), fn: 'custom', expr: 'x^2 + 3*y^2 - x*y, & = ?' };
    expect(decodeState(encodeState(custom)).expr).toBe(custom.expr);
  });

  it('falls back to defaults for missing or malformed parts', () => {
    expect(decodeState('')).toEqual(defaultState());
    const s = decodeState('fn=beale&start=1,nope&speed=-3&o=nosuch&o=adam:learningRate=abc,beta1=0.8');
    expect(s.start).toBeNull();
    expect(s.speed).toBe(defaultState().speed);
    expect(s.instances).toHaveLength(1);
    expect(s.instances[0]!.options.beta1).toBe(0.8);
    // An unparsable number stays text, so the optimizer reports it on its card.
    expect(s.instances[0]!.options.learningRate).toBe('abc');
  });
});

describe('curvature readout', () => {
  it('eigenvalues, condition number and 2/λmax', () => {
    const c = curvature([2, 0, 0, 200]);
    expect(c.lambda).toEqual([2, 200]);
    expect(c.condition).toBe(100);
    expect(c.maxStableStep).toBe(0.01);
    expect(c.kind).toBe('minimum');
    const s = curvature([2, 0, 0, -2]);
    expect(s.kind).toBe('saddle');
    expect(s.maxStableStep).toBe(1);
    expect(curvature([0, 0, 0, 0]).condition).toBe(Infinity);
    const r = curvature([3, 1, 1, 3]);
    expect(r.lambda[0]).toBeCloseTo(2, 14);
    expect(r.lambda[1]).toBeCloseTo(4, 14);
  });
});

describe('surfaces and the heat map', () => {
  it('builds library surfaces and reports formula errors instead of throwing', () => {
    const q = buildSurface('quadratic', { kappa: 25, theta: 0 }, '');
    expect(q.ok && curvature(q.surface.objective.hessian([0, 0])).condition).toBeCloseTo(25, 10);
    const bad = buildSurface('custom', {}, 'sin(x');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('position 6');
  });

  it('pixels cover the domain, top row at the largest y', () => {
    const { xs, ys } = pixelGrid({ x: [0, 4], y: [0, 2] }, 4, 2);
    expect([...xs]).toEqual([0.5, 1.5, 2.5, 3.5, 0.5, 1.5, 2.5, 3.5]);
    expect([...ys]).toEqual([1.5, 1.5, 1.5, 1.5, 0.5, 0.5, 0.5, 0.5]);
    const { pixels, min, max } = heatmapPixels(Float64Array.from(xs, (x, i) => x * x + ys[i]!), 4, 2);
    expect(pixels.length).toBe(32);
    expect(min).toBe(0.75);
    expect(max).toBe(13.75);
  });
});
