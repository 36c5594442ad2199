/** Conv2d: 2-D convolution over NCHW images. */
import { conv2d, conv2dActivated, type Conv2dOptions } from '../ops/conv.js';
import { activate, type FusedActivation } from '../ops/bias-activation.js';
import { defaultRandom, type Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkImage, checkInteger, checkSize2, formatSize2, type Size2 } from './check.js';
import { defaultLayerInit } from './init.js';
import { Module } from './module.js';
import { checkFloatDType, Parameter, type FloatDType } from './parameter.js';

export interface Conv2dLayerOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /** Zero padding on each side (default 0). */
  padding?: Size2;
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: FloatDType;
  /** Generator for the initial weights (default `defaultRandom()`). */
  random?: Random;
}

/**
 * 2-D convolution (cross-correlation): input [N, inChannels, H, W] → [N, outChannels, H', W'] with
 * H' = ⌊(H + 2·padding − dilation·(kH − 1) − 1)/stride⌋ + 1. `weight` is [out, in, kH, kW],
 * `bias` [out]; both initialised as PyTorch does, U(−1/√fanIn, 1/√fanIn) with fanIn = in·kH·kW.
 *
 * @example
 * const conv = new Conv2d(1, 16, 3, { padding: 1 });
 * conv.forward(randn([8, 1, 28, 28])).shape;  // [8, 16, 28, 28]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Size2, options: Conv2dLayerOptions = {}) {
    super();
    const where = `Conv2d(${inChannels}, ${outChannels})`;
    this.inChannels = checkInteger(inChannels, 'inChannels', where);
    this.outChannels = checkInteger(outChannels, 'outChannels', where);
    this.kernelSize = checkSize2(kernelSize, 'kernelSize', where);
    this.stride = checkSize2(options.stride ?? 1, 'stride', where);
    this.padding = checkSize2(options.padding ?? 0, 'padding', where, 0);
    this.dilation = checkSize2(options.dilation ?? 1, 'dilation', where);
    const dtype = checkFloatDType(options.dtype ?? 'float32', where);
    this.weight = this.registerParameter('weight', Parameter.empty([outChannels, inChannels, ...this.kernelSize], dtype));
    this.bias = options.bias === false ? null : this.registerParameter('bias', Parameter.empty([outChannels], dtype));
    this.resetParameters(options.random);
  }

  /** Re-draws the weights and bias with PyTorch's default init. */
  resetParameters(random: Random = defaultRandom()): void {
    defaultLayerInit(this.weight, this.bias, { random });
  }

  forward(x: Tensor): Tensor {
    return conv2d(this.checkInput(x), this.weight, this.bias, this.options());
  }

  /**
   * act(forward(x)) with the bias and the activation as the convolution kernel's epilogue
   * (`conv2dActivated`): what a Sequential runs for this layer followed by ReLU, LeakyReLU, Sigmoid
   * or Tanh. Same values and gradients as the two modules one after the other (the bias gradient
   * within float32 rounding: one double-precision sum per channel).
   *
   * @example
   * const conv = new Conv2d(1, 16, 3, { padding: 1 });
   * conv.forwardActivated(images, 'relu');  // relu(conv.forward(images))
   */
  forwardActivated(x: Tensor, activation: FusedActivation, negativeSlope?: number): Tensor {
    const options = negativeSlope === undefined ? {} : { negativeSlope };
    if (this.bias === null) return activate(this.forward(x), activation, options);
    return conv2dActivated(this.checkInput(x), this.weight, this.bias, activation, { ...this.options(), ...options });
  }

  private options(): Conv2dOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation };
  }

  /** Checks the input's shape against the layer (channels, and room for the kernel); returns it. */
  private checkInput(x: Tensor): Tensor {
    const where = `Conv2d(${this.inChannels}, ${this.outChannels})`;
    checkImage(x, where, this.inChannels);
    const [h, w] = [x.shape[2]!, x.shape[3]!];
    const spanH = this.dilation[0] * (this.kernelSize[0] - 1) + 1;
    const spanW = this.dilation[1] * (this.kernelSize[1] - 1) + 1;
    if (h + 2 * this.padding[0] < spanH || w + 2 * this.padding[1] < spanW) {
      throw new Error(`${where}: input ${formatShape(x.shape)} (padded ${h + 2 * this.padding[0]}x${w + 2 * this.padding[1]}) is smaller than the ${spanH}x${spanW} kernel span`);
    }
    return x;
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${formatSize2(this.kernelSize)}, stride=${formatSize2(this.stride)}`;
    if (this.padding[0] !== 0 || this.padding[1] !== 0) s += `, padding=${formatSize2(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${formatSize2(this.dilation)}`;
    if (this.bias === null) s += ', bias=false';
    return s;
  }
}
