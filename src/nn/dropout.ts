/** Dropout: random zeroing in training, the identity in evaluation. */
import { dropout } from '../ops/dropout.js';
import type { Random, RandomState } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Inverted dropout (Srivastava et al., 2014): in training mode each element is zeroed with
 * probability `p` and the survivors are scaled by 1/(1−p); in eval mode, the identity. The mask comes
 * from `options.random` (default: the library-wide generator at the time of the call). A generator
 * of its own is part of the layer's extra state ({@link Module.getExtraState}), so training
 * checkpoints save and restore it with the model.
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

  /**
   * The state of the layer's own generator (`{ random: RandomState }`), so that a training checkpoint
   * restores it and a resumed run draws the same masks; `undefined` without one (the library-wide
   * generator is saved by `fit` itself).
   */
  override getExtraState(): { random: RandomState } | undefined {
    return this.random === undefined ? undefined : { random: this.random.state() };
  }

  override setExtraState(state: unknown): void {
    if (this.random === undefined) return super.setExtraState(state);
    const random = (state as { random?: unknown } | null)?.random;
    if (typeof random !== 'object' || random === null) {
      throw new Error(`Dropout.setExtraState: expected { random: <generator state> }, got ${JSON.stringify(state)}`);
    }
    this.random.setState(random as RandomState);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
