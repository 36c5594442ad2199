/**
 * The MLP training step the benches share (descent, and the same on TensorFlow.js), written with raw ops (`add(matmul(h, W), b)`, `relu`,
 * `crossEntropy`) rather than modules, so every backend kernel it calls is visible: forward, then
 * backward into fresh gradients.
 */
import { relu } from '../src/ops/activations.js';
import { add } from '../src/ops/elementwise.js';
import { matmul } from '../src/ops/matmul.js';
import { crossEntropy } from '../src/losses/index.js';
import type { Tensor } from '../src/tensor/tensor.js';
import type { Tf } from './peers.js';

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

/** A layer's weights as plain arrays: w [fanIn, fanOut] row-major, b [fanOut]. */
export interface RawWeights {
  w: Float32Array;
  b: Float32Array;
  fanIn: number;
  fanOut: number;
}

/**
 * The same step on TensorFlow.js (`tf.variableGrads`, gradients read back), from the same weights
 * and batch; `dispose` frees its tensors.
 *
 * @example
 * const peer = tfRawMlpStep(tf, weights, x, labels, 128);
 * timeMedian(peer.step, 20, 3);
 * peer.dispose();
 */
export function tfRawMlpStep(tf: Tf, weights: readonly RawWeights[], x: Float32Array, labels: Int32Array, batch: number): { step: () => void; dispose: () => void } {
  const vars = weights.map(({ w, b, fanIn, fanOut }) => ({ w: tf.variable(tf.tensor2d(w, [fanIn, fanOut])), b: tf.variable(tf.tensor1d(b)) }));
  const tx = tf.tensor2d(x, [batch, 784]);
  const ty = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  return {
    step: () => {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          let h: ReturnType<typeof tf.add> = tx;
          vars.forEach((v, i) => {
            h = tf.add(tf.matMul(h, v.w), v.b);
            if (i + 1 < vars.length) h = tf.relu(h);
          });
          return tf.neg(tf.mean(tf.sum(tf.mul(ty, tf.logSoftmax(h)), 1))) as ReturnType<typeof tf.scalar>;
        });
        for (const g of Object.values(grads)) g.dataSync();
      });
    },
    dispose: () => {
      for (const v of vars) {
        v.w.dispose();
        v.b.dispose();
      }
      tx.dispose();
      ty.dispose();
    },
  };
}
