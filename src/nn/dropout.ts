/** Dropout: random zeroing in training, the identity in evaluation. */
import { dropout } from '../ops/dropout.js';
import type { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Inverted dropout (Srivastava et al., 2014): in training mode each element is zeroed with
 * probability `p` and the survivors are scaled by 1/(1−p); in eval mode, the identity. The mask comes
 * from `options.random` (default: the library-wide generator at the time of the call).
 *
 * @example
 * const drop = new Dropout(0.5, { random: new Random(0) });
 * drop.forward(ones([4]));          // e.g. [2, 0, 2, 2]
 * drop.eval().forward(ones([4]));   // [1, 1, 1, 1]
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly random: Random | undefined;

  constructor(p = 0.5, options: { random?: Random } = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new Error(`Dropout: p must be a probability in [0, 1), got ${String(p)}`);
    this.p = p;
    this.random = options.random;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.random);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
