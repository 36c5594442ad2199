import { describe, expect, it } from 'vitest';
import { twoProductError, twoSumError } from '../../src/numerics/error-free.js';
import { fma } from '../../src/numerics/fma.js';

describe('error-free transformations', () => {
  it('twoProductError is the exact rounding error of a product', () => {
    expect(twoProductError(0.1, 10, 0.1 * 10)).toBe(2 ** -54);
    const e = 2 ** -52;
    expect(twoProductError(1 + e, 1 - e, (1 + e) * (1 - e))).toBe(-(2 ** -104));
    expect(twoProductError(3, 5, 15)).toBe(0);
  });

  it('twoSumError is the exact rounding error of a sum, in either order of magnitude', () => {
    expect(twoSumError(1, 2 ** -60, 1 + 2 ** -60)).toBe(2 ** -60);
    expect(twoSumError(2 ** -60, 1, 2 ** -60 + 1)).toBe(2 ** -60);
    expect(twoSumError(0.1, 0.2, 0.1 + 0.2)).toBe(-(2 ** -55)); // 0.1 + 0.2 rounds up to 0.30000000000000004
  });

  it('fma rounds a·b + c once', () => {
    expect(fma(0.1, 10, -1)).toBe(2 ** -54);
    expect(fma(Infinity, 2, 1)).toBe(Infinity);
    expect(Object.is(fma(-0, 1, 0), 0)).toBe(true);
  });
});
