/** Linear: the fully connected layer y = x Wᵀ + b. */
import { add } from '../ops/elementwise.js';
import { activate, biasActivation, type FusedActivation } from '../ops/bias-activation.js';
import { matmulTransposed } from '../ops/matmul.js';
import { reshape } from '../ops/shape.js';
import { defaultRandom, type Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkInteger } from './check.js';
import { defaultLayerInit } from './init.js';
import { Module } from './module.js';
import { checkFloatDType, Parameter, type FloatDType } from './parameter.js';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: FloatDType;
  /** Generator for the initial weights (default `defaultRandom()`). */
  random?: Random;
}

/**
 * y = x Wᵀ + b over the last axis: input [..., inFeatures] → output [..., outFeatures].
 * `weight` is [outFeatures, inFeatures] (PyTorch's layout), `bias` [outFeatures]. Initialised as
 * PyTorch does: W, b ~ U(−1/√inFeatures, 1/√inFeatures) (see `init.defaultLayerInit`).
 *
 * @example
 * const fc = new Linear(784, 10, { random: new Random(0) });
 * fc.forward(randn([32, 784])).shape;  // [32, 10]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    const where = `Linear(${inFeatures}, ${outFeatures})`;
    this.inFeatures = checkInteger(inFeatures, 'inFeatures', where);
    this.outFeatures = checkInteger(outFeatures, 'outFeatures', where);
    const dtype = checkFloatDType(options.dtype ?? 'float32', where);
    this.weight = this.registerParameter('weight', Parameter.empty([outFeatures, inFeatures], dtype));
    this.bias = options.bias === false ? null : this.registerParameter('bias', Parameter.empty([outFeatures], dtype));
    this.resetParameters(options.random);
  }

  /** Re-draws the weights and bias with PyTorch's default init. */
  resetParameters(random: Random = defaultRandom()): void {
    defaultLayerInit(this.weight, this.bias, { random });
  }

  forward(x: Tensor): Tensor {
    const x2 = this.matrix(x);
    let y = matmulTransposed(x2, this.weight, false, true, 'linear');
    if (this.bias !== null) y = add(y, this.bias);
    return x.rank === 1 ? reshape(y, [this.outFeatures]) : y;
  }

  /**
   * act(forward(x)) with the bias added inside the activation's kernel (the fused
   * `biasActivation`): what a Sequential runs for this layer followed by ReLU, LeakyReLU, Sigmoid or
   * Tanh. Same values and gradients as the two modules one after the other (inputs of rank > 2 and
   * layers without a bias simply run them one after the other).
   *
   * @example
   * const fc = new Linear(784, 256);
   * fc.forwardActivated(x, 'relu');  // relu(fc.forward(x))
   */
  forwardActivated(x: Tensor, activation: FusedActivation, negativeSlope?: number): Tensor {
    const options = negativeSlope === undefined ? {} : { negativeSlope };
    if (this.bias === null || x.rank > 2) return activate(this.forward(x), activation, options);
    const y = biasActivation(matmulTransposed(this.matrix(x), this.weight, false, true, 'linear'), this.bias, activation, options);
    return x.rank === 1 ? reshape(y, [this.outFeatures]) : y;
  }

  /** Checks the input; returns it as a matrix (a vector becomes one row). */
  private matrix(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new Error(`Linear(${this.inFeatures}, ${this.outFeatures}): expected input with last dimension ${this.inFeatures}, got ${formatShape(x.shape)}`);
    }
    // x·Wᵀ with the transpose read in place by the kernel (no copy of W).
    return x.rank === 1 ? reshape(x, [1, this.inFeatures]) : x;
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
