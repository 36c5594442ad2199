import { describe, it, expect } from 'vitest';
import { tensor, zeros } from '../../src/index.js';
import { DataError } from '../../src/data/index.js';
import { checkTensorLayout } from '../../src/io/index.js';

describe('checkTensorLayout', () => {
  const model = { 'fc1.weight': zeros([4, 2]), 'fc1.bias': zeros([4]), 'fc2.weight': zeros([1, 4]) };

  it('accepts tensors with the expected names, shapes and dtypes', () => {
    expect(() => checkTensorLayout({ 'fc1.weight': zeros([4, 2]), 'fc1.bias': zeros([4]), 'fc2.weight': zeros([1, 4]) }, model)).not.toThrow();
    expect(() => checkTensorLayout({ a: zeros([2]) }, { a: { shape: [2] } })).not.toThrow();
  });

  it('lists every missing, unexpected or mis-shaped tensor', () => {
    const loaded = { 'fc1.weight': zeros([4, 3]), 'fc2.weight': tensor([[1, 2, 3, 4]], { dtype: 'float64' }), 'fc3.weight': zeros([1]) };
    let error: unknown;
    try {
      checkTensorLayout(loaded, model, { source: 'best.safetensors' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(
      'best.safetensors: does not match: "fc1.weight" has shape [4,3], expected [4,2]; missing "fc1.bias"; "fc2.weight" is float64, expected float32; unexpected "fc3.weight"',
    );
    expect(() => checkTensorLayout({ ...loaded, 'fc1.weight': zeros([4, 2]), 'fc1.bias': zeros([4]), 'fc2.weight': zeros([1, 4]) }, model, { allowUnexpected: true })).not.toThrow();
  });

  it('caps long lists', () => {
    const expected = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`p${i}`, zeros([1])]));
    expect(() => checkTensorLayout({}, expected)).toThrow(/missing "p9"; and 5 more$/);
  });
});
