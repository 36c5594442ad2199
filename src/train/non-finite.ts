/** Detecting NaN and infinities before they silently spread through training. */
import type { Tensor } from '../tensor/tensor.js';

/** Thrown when a loss, gradient or parameter stops being finite; names where it happened. */
export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
  constructor(
    message: string,
    readonly epoch: number,
    readonly batch: number,
    /** The first offending parameter (null when the loss itself is not finite). */
    readonly parameter: string | null,
  ) {
    super(message);
  }
}

/** The index of the first NaN/±Infinity in `data`, or -1. */
export function firstNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is NaN exactly for NaN and ±Infinity: one comparison per element.
    if (v - v !== 0) return i;
  }
  return -1;
}

/** Throws a {@link NonFiniteError} if any gradient of `params` is not finite. */
export function checkGradients(params: Array<[string, Tensor]>, epoch: number, batch: number): void {
  for (const [name, p] of params) {
    if (!p.grad) continue;
    const i = firstNonFinite(p.grad.data);
    if (i >= 0) {
      throw new NonFiniteError(
        `non-finite gradient at epoch ${epoch}, batch ${batch}: parameter '${name}' element ${i} has gradient ${p.grad.data[i]}`,
        epoch, batch, name,
      );
    }
  }
}

/** Throws a {@link NonFiniteError} if any parameter value is not finite (after an update). */
export function checkParameters(params: Array<[string, Tensor]>, epoch: number, batch: number): void {
  for (const [name, p] of params) {
    const i = firstNonFinite(p.data);
    if (i >= 0) {
      throw new NonFiniteError(`non-finite parameter at epoch ${epoch}, batch ${batch}: '${name}' element ${i} became ${p.data[i]}`, epoch, batch, name);
    }
  }
}
