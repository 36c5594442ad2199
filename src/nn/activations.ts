/**
 * Activation functions as modules (no parameters), for use in a {@link Sequential}. Each wraps the
 * op of the same name in `src/ops/activations.ts`, which holds the math and the gradient.
 */
import * as act from '../ops/activations.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFinite, checkPositive } from './check.js';
import { Module } from './module.js';

/** max(x, 0). @example new Sequential(new Linear(4, 8), new ReLU()) */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return act.relu(x);
  }
}

/**
 * x for x > 0, negativeSlope·x otherwise (default slope 0.01).
 *
 * @example
 * new LeakyReLU(0.2).forward(tensor([-1, 2]));  // [-0.2, 2]
 */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = checkFinite(negativeSlope, 'negativeSlope', 'LeakyReLU');
  }
  forward(x: Tensor): Tensor {
    return act.leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x for x > 0, α(eˣ − 1) otherwise (default α = 1). @example new ELU(1.0) */
export class ELU extends Module {
  readonly alpha: number;
  constructor(alpha = 1) {
    super();
    this.alpha = checkFinite(alpha, 'alpha', 'ELU');
  }
  forward(x: Tensor): Tensor {
    return act.elu(x, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** 1/(1 + e^{−x}). @example new Sigmoid().forward(tensor([0]));  // [0.5] */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return act.sigmoid(x);
  }
}

/** tanh(x). @example new Tanh() */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return act.tanh(x);
  }
}

/**
 * log(1 + e^{βx})/β, linear where βx > threshold (defaults β = 1, threshold = 20).
 *
 * @example
 * new Softplus({ beta: 2 })
 */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(options: { beta?: number; threshold?: number } = {}) {
    super();
    this.beta = checkPositive(options.beta ?? 1, 'beta', 'Softplus');
    this.threshold = checkFinite(options.threshold ?? 20, 'threshold', 'Softplus');
  }
  forward(x: Tensor): Tensor {
    return act.softplus(x, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** x·Φ(x) with the exact (erf) Gaussian CDF. @example new GELU() */
export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return act.gelu(x);
  }
}

/** x·σ(x) (swish). @example new SiLU() */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return act.silu(x);
  }
}

/**
 * What Softmax and LogSoftmax share: an integer `axis` to normalise along (negative counts from the
 * end), checked when the module is made and shown in its repr.
 */
export abstract class AxisActivation extends Module {
  readonly axis: number;
  constructor(axis: number, layer: string) {
    super();
    if (!Number.isInteger(axis)) throw new Error(`${layer}: axis must be an integer, got ${axis}`);
    this.axis = axis;
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/**
 * e^{x_i}/Σ_j e^{x_j} along `axis` (default −1, the last; PyTorch's implicit-dim guess is not
 * reproduced).
 *
 * @example
 * new Softmax(1).forward(randn([4, 10])).sum(1);  // ones
 */
export class Softmax extends AxisActivation {
  constructor(axis = -1) {
    super(axis, 'Softmax');
  }
  forward(x: Tensor): Tensor {
    return act.softmax(x, this.axis);
  }
}

/** x_i − log Σ_j e^{x_j} along `axis` (default −1), stable for large logits. @example new LogSoftmax(1) */
export class LogSoftmax extends AxisActivation {
  constructor(axis = -1) {
    super(axis, 'LogSoftmax');
  }
  forward(x: Tensor): Tensor {
    return act.logSoftmax(x, this.axis);
  }
}
