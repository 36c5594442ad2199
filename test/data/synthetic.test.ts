import { describe, it, expect } from 'vitest';
import { Random } from '../../src/index.js';
import { blobs, circles, moons, noisyFunction, spirals, type Dataset } from '../../src/data/index.js';

const same = (a: Dataset, b: Dataset): boolean =>
  a.features.data.every((v, i) => Object.is(v, b.features.data[i])) && a.labels.data.every((v, i) => v === b.labels.data[i]);

function radii(d: Dataset): number[] {
  const x = d.features.data;
  return Array.from({ length: d.length }, (_, i) => Math.hypot(x[2 * i]!, x[2 * i + 1]!));
}

describe('synthetic datasets', () => {
  it('all are seeded: same seed, same data; another seed, other data', () => {
    const makers = [
      (seed: number) => spirals({ seed }),
      (seed: number) => moons({ seed }),
      (seed: number) => circles({ seed }),
      (seed: number) => blobs({ seed }),
      (seed: number) => noisyFunction({ seed }),
    ];
    for (const make of makers) {
      expect(same(make(1), make(1))).toBe(true);
      expect(same(make(1), make(2))).toBe(false);
    }
    expect(same(spirals({ random: new Random(5) }), spirals({ seed: 5 }))).toBe(true);
  });

  it('spirals: K arms of n points in [-1, 1]², classes interleaved', () => {
    const d = spirals({ samplesPerClass: 50, classes: 3, noise: 0 });
    expect(d.features.shape).toEqual([150, 2]);
    expect(d.classCounts()).toEqual([50, 50, 50]);
    expect(Math.max(...radii(d))).toBeLessThanOrEqual(1);
    expect(Array.from(d.labels.data.subarray(0, 50)).every((c) => c === d.labels.data[0])).toBe(false);
    expect(spirals().length).toBe(200);
  });

  it('moons and circles: the shapes of scikit-learn', () => {
    const m = moons({ samples: 101, noise: 0 });
    expect(m.classCounts()).toEqual([50, 51]);
    const x = m.features.data;
    for (let i = 0; i < m.length; i++) {
      const [a, b] = [x[2 * i]!, x[2 * i + 1]!];
      const r = m.labels.data[i] === 0 ? Math.hypot(a, b) : Math.hypot(a - 1, b - 0.5);
      expect(r).toBeCloseTo(1, 6);
    }
    const c = circles({ samples: 100, factor: 0.3, noise: 0 });
    radii(c).forEach((r, i) => expect(r).toBeCloseTo(c.labels.data[i] === 0 ? 1 : 0.3, 6));
    expect(() => circles({ factor: 1 })).toThrow(/factor must be in \(0, 1\)/);
  });

  it('blobs: points around given or random centres', () => {
    const d = blobs({ samples: 301, centers: [[0, 0, 0], [10, 10, 10]], std: [0.1, 0.2] });
    expect(d.features.shape).toEqual([301, 3]);
    expect(d.classCounts()).toEqual([151, 150]);
    for (let i = 0; i < d.length; i++) {
      const centre = d.labels.data[i] === 0 ? 0 : 10;
      expect(Math.abs(d.features.data[3 * i]! - centre)).toBeLessThan(1.5);
    }
    expect(blobs({ centers: 4, dims: 5, samples: 8 }).features.shape).toEqual([8, 5]);
    expect(() => blobs({ centers: [[0], [1]], std: [1] })).toThrow(/1 standard deviations for 2 centres/);
  });

  it('noisyFunction: samples of f plus Gaussian noise, as regression data', () => {
    const clean = noisyFunction({ fn: (x) => x * x, samples: 11, range: [-1, 1], noise: 0, sampling: 'grid', dtype: 'float64' });
    expect(clean.features.shape).toEqual([11, 1]);
    expect(clean.labels.shape).toEqual([11, 1]);
    expect(clean.numClasses).toBeNull();
    expect(clean.features.data[0]).toBe(-1);
    expect(clean.features.data[10]).toBe(1);
    clean.features.data.forEach((x, i) => expect(clean.labels.data[i]).toBe(x * x));
    const noisy = noisyFunction({ samples: 4000, noise: 0.5, seed: 3, dtype: 'float64' });
    const residuals = Array.from(noisy.features.data, (x, i) => noisy.labels.data[i]! - Math.sin(x));
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    const std = Math.sqrt(residuals.reduce((a, b) => a + (b - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
    expect(() => noisyFunction({ fn: () => Infinity })).toThrow(/is not finite/);
  });
});
