import { describe, expect, it } from 'vitest';
import { randomShift } from '../../src/data/augment.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('randomShift', () => {
  it('translates each image by whole pixels with zero fill, within maxShift', () => {
    // One 5x5 image with a single bright pixel at (2, 2): after a shift it sits at (2+dy, 2+dx).
    const image = new Float32Array(25);
    image[2 * 5 + 2] = 1;
    const batch = new Tensor(Float32Array.from({ length: 25 * 50 }, (_, i) => image[i % 25]!), [50, 25]);
    const shifted = randomShift({ maxShift: 1, height: 5, width: 5, random: new Random(3) })(batch);
    const seen = new Set<string>();
    for (let s = 0; s < 50; s++) {
      const row = Array.from(shifted.data.slice(s * 25, s * 25 + 25));
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      const at = row.indexOf(1);
      const [y, x] = [Math.floor(at / 5), at % 5];
      expect(Math.abs(y - 2)).toBeLessThanOrEqual(1);
      expect(Math.abs(x - 2)).toBeLessThanOrEqual(1);
      seen.add(`${y - 2},${x - 2}`);
    }
    expect(seen.size).toBe(9); // every shift in [-1, 1]² occurs over 50 draws
    expect(shifted.shape).toEqual([50, 25]);
  });

  it('is reproducible from the generator and rejects batches that are not images of the given size', () => {
    const batch = new Tensor(Float32Array.from({ length: 4 * 9 }, (_, i) => i), [4, 1, 3, 3]);
    const a = randomShift({ maxShift: 1, height: 3, width: 3, random: new Random(7) })(batch);
    const b = randomShift({ maxShift: 1, height: 3, width: 3, random: new Random(7) })(batch);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(() => randomShift({ maxShift: 1, height: 28, width: 28 })(batch)).toThrow(/expected a batch of 28x28 images .* got \[4,1,3,3\]/);
    expect(() => randomShift({ maxShift: -1, height: 3, width: 3 })).toThrow(/maxShift must be a non-negative integer/);
  });
});
