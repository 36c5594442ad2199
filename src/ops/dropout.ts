/** Inverted dropout (Srivastava et al., 2014). */
import { allocate } from '../tensor/dtype.js';
import { defaultRandom, type Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { mul, requireFloat } from './elementwise.js';

/**
 * In training, zeroes each element with probability `p` and scales the rest by 1/(1-p), so the
 * expected value is unchanged and evaluation needs no rescaling. Outside training: the identity.
 * The mask is drawn from `random` (default: the library-wide generator), so runs are reproducible.
 */
export function dropout(x: Tensor, p: number, training: boolean, random: Random = defaultRandom()): Tensor {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: probability p must be in [0, 1], got ${p}`);
  requireFloat(x, 'dropout');
  if (!training || p === 0) return x;
  const mask = allocate(x.dtype, x.size);
  if (p < 1) {
    const scale = 1 / (1 - p);
    for (let i = 0; i < mask.length; i++) mask[i] = random.uniform() < p ? 0 : scale;
  }
  return mul(x, new Tensor(mask, x.shape));
}
