/**
 * Which neighbouring layers a Sequential runs as one fused op: a Linear or Conv2d followed by ReLU,
 * LeakyReLU, Sigmoid or Tanh becomes `layer.forwardActivated(x, act)` (bias and activation in one
 * kernel: `biasActivation` after the matmul, the convolution's epilogue for Conv2d). Only when both
 * modules run their classes' own `forward` — a subclass or an instance that replaces `forward` (a
 * wrapper, a spy, anything observing the intermediate result) keeps the two calls.
 */
import type { FusedActivation } from '../ops/bias-activation.js';
import type { Tensor } from '../tensor/tensor.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from './activations.js';
import { Conv2d } from './conv2d.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';

interface Activation {
  kind: FusedActivation;
  negativeSlope?: number;
}

/** The activation `m` computes, when it is one of the fusable modules running its own forward. */
function activationOf(m: Module<[Tensor], Tensor>): Activation | null {
  if (m instanceof ReLU && m.forward === ReLU.prototype.forward) return { kind: 'relu' };
  if (m instanceof LeakyReLU && m.forward === LeakyReLU.prototype.forward) return { kind: 'leakyRelu', negativeSlope: m.negativeSlope };
  if (m instanceof Sigmoid && m.forward === Sigmoid.prototype.forward) return { kind: 'sigmoid' };
  if (m instanceof Tanh && m.forward === Tanh.prototype.forward) return { kind: 'tanh' };
  return null;
}

/**
 * next.forward(layer.forward(x)) as one fused op, or null when the pair does not fuse.
 *
 * @example
 * fusedForward(new Linear(4, 8), new ReLU(), x);   // relu(x·Wᵀ + b) via biasActivation
 * fusedForward(new Linear(4, 8), new GELU(), x);   // null: run the two modules
 */
export function fusedForward(layer: Module<[Tensor], Tensor>, next: Module<[Tensor], Tensor>, x: Tensor): Tensor | null {
  const act = activationOf(next);
  if (act === null) return null;
  if (layer instanceof Linear && layer.forward === Linear.prototype.forward && layer.bias !== null) return layer.forwardActivated(x, act.kind, act.negativeSlope);
  if (layer instanceof Conv2d && layer.forward === Conv2d.prototype.forward && layer.bias !== null) return layer.forwardActivated(x, act.kind, act.negativeSlope);
  return null;
}
