/** LayerNorm: normalisation over the trailing axes of each sample. */
import { layerNorm } from '../ops/normalization.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkInteger, checkPositive } from './check.js';
import { Module } from './module.js';
import { checkFloatDType, Parameter, type FloatDType } from './parameter.js';

export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn an elementwise scale (init 1) and shift (init 0) of `normalizedShape` (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the shift (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: FloatDType;
}

/**
 * Layer normalisation (Ba et al., 2016): y = (x − E[x])/√(Var[x] + eps)·γ + β, with the mean and the
 * biased variance over the trailing `normalizedShape` axes of each sample; the same in training and
 * evaluation.
 *
 * @example
 * const ln = new LayerNorm(512);
 * ln.forward(randn([8, 20, 512])).shape;  // [8, 20, 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    const where = `LayerNorm(${formatShape(shape)})`;
    if (shape.length === 0) throw new Error(`${where}: normalizedShape must have at least one dimension`);
    shape.forEach((d) => checkInteger(d, 'each dimension of normalizedShape', where));
    this.normalizedShape = Object.freeze(shape);
    this.eps = checkPositive(options.eps ?? 1e-5, 'eps', where, true);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = checkFloatDType(options.dtype ?? 'float32', where);
    this.weight = this.elementwiseAffine ? this.registerParameter('weight', Parameter.empty(shape, dtype)) : null;
    this.bias = this.elementwiseAffine && options.bias !== false ? this.registerParameter('bias', Parameter.empty(shape, dtype)) : null;
    this.resetParameters();
  }

  /** γ to 1, β to 0. */
  resetParameters(): void {
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(Math.max(x.rank - k, 0));
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new Error(`LayerNorm(${formatShape(this.normalizedShape)}): expected input ending in ${formatShape(this.normalizedShape)}, got ${formatShape(x.shape)}`);
    }
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${formatShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
