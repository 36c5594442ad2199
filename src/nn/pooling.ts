/** Pooling layers over NCHW images: MaxPool2d and AvgPool2d. */
import { avgPool2d, maxPool2d } from '../ops/pool.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkImage, checkSize2, formatSize2, type Size2 } from './check.js';
import { Module } from './module.js';

export interface Pool2dLayerOptions {
  /** Step between windows (default: the kernel size, non-overlapping windows). */
  stride?: Size2;
  /** Implicit padding on each side, at most half the kernel (default 0). */
  padding?: Size2;
}

/** Validated window geometry shared by both pools. */
abstract class Pool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(kernelSize: Size2, options: Pool2dLayerOptions) {
    super();
    const where = new.target.name;
    this.kernelSize = checkSize2(kernelSize, 'kernelSize', where);
    this.stride = checkSize2(options.stride ?? this.kernelSize, 'stride', where);
    this.padding = checkSize2(options.padding ?? 0, 'padding', where, 0);
    if (this.padding[0] * 2 > this.kernelSize[0] || this.padding[1] * 2 > this.kernelSize[1]) {
      throw new Error(`${where}: padding ${formatSize2(this.padding)} must be at most half the kernel size ${formatSize2(this.kernelSize)}`);
    }
  }

  protected checkInput(x: Tensor): void {
    const where = `${this.typeName}(kernelSize=${formatSize2(this.kernelSize)})`;
    checkImage(x, where);
    if (x.shape[2]! + 2 * this.padding[0] < this.kernelSize[0] || x.shape[3]! + 2 * this.padding[1] < this.kernelSize[1]) {
      throw new Error(`${where}: input ${formatShape(x.shape)} is smaller than the window`);
    }
  }

  override extraRepr(): string {
    return `kernelSize=${formatSize2(this.kernelSize)}, stride=${formatSize2(this.stride)}, padding=${formatSize2(this.padding)}`;
  }
}

/**
 * The maximum of each kernelSize window (padding never wins). The gradient goes to the first
 * maximum of each window.
 *
 * @example
 * new MaxPool2d(2).forward(randn([8, 16, 28, 28])).shape;  // [8, 16, 14, 14]
 */
export class MaxPool2d extends Pool2d {
  constructor(kernelSize: Size2, options: Pool2dLayerOptions = {}) {
    super(kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding });
  }
}

export interface AvgPool2dLayerOptions extends Pool2dLayerOptions {
  /** Divide by the full window size even where it covers padding (default true, as PyTorch). */
  countIncludePad?: boolean;
}

/**
 * The mean of each kernelSize window.
 *
 * @example
 * new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false })
 */
export class AvgPool2d extends Pool2d {
  readonly countIncludePad: boolean;

  constructor(kernelSize: Size2, options: AvgPool2dLayerOptions = {}) {
    super(kernelSize, options);
    this.countIncludePad = options.countIncludePad ?? true;
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return avgPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, countIncludePad: this.countIncludePad });
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, countIncludePad=${this.countIncludePad}`;
  }
}
