/**
 * The MLP training step the benches share, written with raw ops (`add(matmul(h, W), b)`, `relu`,
 * `crossEntropy`) rather than modules, so every backend kernel it calls is visible: forward, then
 * backward into fresh gradients.
 */
import { relu } from '../src/ops/activations.js';
import { add } from '../src/ops/elementwise.js';
import { matmul } from '../src/ops/matmul.js';
import { crossEntropy } from '../src/losses/index.js';
import type { Tensor } from '../src/tensor/tensor.js';

/** A layer's weight [in, out] and bias [out], both requiring gradients. */
export interface RawLayer {
  w: Tensor;
  b: Tensor;
}

/**
 * One forward + backward of `layers` (ReLU between them) on `input` with class targets.
 *
 * @example
 * const step = rawMlpStep(layers, input, target);
 * step(); // layers' .grad now hold the gradients
 */
export function rawMlpStep(layers: readonly RawLayer[], input: Tensor, target: Tensor): () => void {
  return () => {
    let h = input;
    layers.forEach((p, i) => {
      h = add(matmul(h, p.w), p.b);
      if (i + 1 < layers.length) h = relu(h);
    });
    for (const p of layers) p.w.grad = p.b.grad = null;
    crossEntropy(h, target).backward();
  };
}
