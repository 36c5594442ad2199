/** Seeded test inputs: the same numbers on every run, from the library's own generator. */
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** `n` float32 values uniform in [−scale, scale) drawn from `new Random(seed)`: raw kernel inputs. */
export function seededFloat32(n: number, seed: number, scale = 1): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: n }, () => r.uniformIn(-scale, scale));
}

/** A tensor of uniform values in [−scale, scale) drawn from `new Random(seed)`, in row-major order. */
export function seededTensor(shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float32', scale = 3): Tensor {
  const r = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = r.uniformIn(-scale, scale);
  return new Tensor(data, shape.slice());
}

/**
 * A copy of `t` with NaN, ±∞, ±0 and ±1e30 planted at a few fixed positions: the values a kernel
 * must pass through exactly as the ops it replaces do.
 */
export function withSpecials(t: Tensor): Tensor {
  const d = t.data.slice();
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30];
  specials.forEach((v, i) => (d[(i * 7 + 3) % d.length] = v));
  return new Tensor(d, t.shape);
}
