/** Flatten and Identity: shape-only modules. */
import { flatten } from '../ops/shape.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Merges axes startAxis..endAxis (default 1..−1: everything but the batch axis), e.g. between the
 * convolutional and the linear part of a network.
 *
 * @example
 * new Flatten().forward(randn([8, 16, 7, 7])).shape;  // [8, 784]
 */
export class Flatten extends Module {
  constructor(readonly startAxis = 1, readonly endAxis = -1) {
    super();
    if (!Number.isInteger(startAxis) || !Number.isInteger(endAxis)) {
      throw new Error(`Flatten: startAxis and endAxis must be integers, got ${startAxis} and ${endAxis}`);
    }
  }

  forward(x: Tensor): Tensor {
    const rank = Math.max(x.rank, 1);
    const s = this.startAxis < 0 ? this.startAxis + rank : this.startAxis;
    const e = this.endAxis < 0 ? this.endAxis + rank : this.endAxis;
    if (s < 0 || e >= rank || s >= rank || e < 0) {
      throw new Error(`Flatten(startAxis=${this.startAxis}, endAxis=${this.endAxis}): axes out of range for input ${formatShape(x.shape)}`);
    }
    return flatten(x, this.startAxis, this.endAxis);
  }

  override extraRepr(): string {
    return `startAxis=${this.startAxis}, endAxis=${this.endAxis}`;
  }
}

/** Returns its input unchanged (a placeholder, e.g. to switch a layer off). @example new Identity() */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
