/** Sequential: a chain of modules, each fed the previous one's output. */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { fusedForward } from './fusion.js';

/** A module mapping one tensor to one tensor: what a Sequential can chain. */
export type TensorModule = Module<[Tensor], Tensor>;

/**
 * Runs its children in order. Children added positionally are named `'0'`, `'1'`, ... (so the
 * parameters are `0.weight`, `0.bias`, `2.weight`, ... as in PyTorch); `Sequential.named` takes
 * explicit names.
 *
 * @example
 * const mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * mlp.forward(randn([32, 784])).shape;           // [32, 10]
 * mlp.namedParameters().map(([name]) => name);   // ['0.weight', '0.bias', '2.weight', '2.bias']
 */
export class Sequential extends Module {
  private readonly layers: TensorModule[] = [];

  constructor(...modules: TensorModule[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /**
   * A Sequential with named children (like PyTorch's `Sequential(OrderedDict(...))`), in the
   * object's key order (note: JavaScript puts integer-like keys such as '0' first).
   *
   * @example
   * const net = Sequential.named({ fc1: new Linear(4, 8), act: new Tanh(), fc2: new Linear(8, 1) });
   * net.getParameter('fc1.weight').shape;  // [8, 4]
   */
  static named(modules: Record<string, TensorModule>): Sequential {
    const s = new Sequential();
    for (const [name, m] of Object.entries(modules)) s.layers.push(s.registerModule(name, m));
    return s;
  }

  /** Adds a module at the end, named by its position; returns this. */
  append(module: TensorModule): this {
    const name = String(this.layers.length);
    if (this.namedChildren().some(([n]) => n === name)) throw new Error(`Sequential.append: a child named '${name}' already exists`);
    this.layers.push(this.registerModule(name, module));
    return this;
  }

  /** The number of layers. */
  get length(): number {
    return this.layers.length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): TensorModule {
    const layer = this.layers.at(index);
    if (layer === undefined) throw new Error(`Sequential.at: index ${index} is out of range for ${this.layers.length} layers`);
    return layer;
  }

  [Symbol.iterator](): Iterator<TensorModule> {
    return this.layers[Symbol.iterator]();
  }

  /**
   * Runs the layers in order. A Linear or Conv2d with a bias followed by ReLU, LeakyReLU, Sigmoid or
   * Tanh runs as one fused op: the layer's bias and the activation in one kernel (same values and
   * gradients; see ./fusion.ts).
   */
  forward(x: Tensor): Tensor {
    let y = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const next = layers[i + 1];
      const fused = next === undefined ? null : fusedForward(layers[i]!, next, y);
      if (fused === null) y = layers[i]!.forward(y);
      else {
        y = fused;
        i++;
      }
    }
    return y;
  }
}
