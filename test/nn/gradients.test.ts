import { describe, it, expect } from 'vitest';
import { Random, Tensor, gradcheck, randn } from '../../src/index.js';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, ELU, Flatten, GELU, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d, Module,
  Parameter, Sequential, SiLU, Sigmoid, Softmax, Softplus, Tanh, type AnyModule,
} from '../../src/nn/index.js';

/**
 * Finite differences (float64, central, h = 1e-6) against autograd for every parameter of `model`
 * and for the input: `gradcheck` perturbs each Parameter's data in place, which the model reads.
 */
function expectModelGradients(model: Module, x: Tensor): void {
  const inputs = [...model.parameters(), x.requireGrad()];
  const result = gradcheck(() => model.forward(x), inputs, { seed: 1 });
  expect(result.worstRatio, result.worst).toBeLessThanOrEqual(1);
}

const f64 = { dtype: 'float64' as const };

describe('gradients of small models vs finite differences (float64)', () => {
  it('MLP: Linear, Tanh, GELU, LayerNorm, LogSoftmax', () => {
    const r = new Random(1);
    const model = new Sequential(
      new Linear(3, 4, { ...f64, random: r }), new Tanh(),
      new Linear(4, 4, { ...f64, random: r }), new GELU(), new LayerNorm(4, f64),
      new Linear(4, 2, { ...f64, random: r }), new LogSoftmax(),
    );
    (model.at(4) as LayerNorm).weight!.data.set([0.5, 1.5, -1, 2]); // non-trivial affine
    expectModelGradients(model, randn([5, 3], { ...f64, random: r }));
  });

  it('BatchNorm1d in training and in eval mode, with Sigmoid, LeakyReLU, Softmax', () => {
    const r = new Random(2);
    const model = new Sequential(
      new Linear(3, 4, { ...f64, random: r }), new BatchNorm1d(4, f64), new LeakyReLU(0.1),
      new Linear(4, 3, { ...f64, random: r }), new Sigmoid(), new Softmax(1),
    );
    const bn = model.at(1) as BatchNorm1d;
    bn.weight!.data.set([1.5, -0.5, 2, 0.7]);
    bn.bias!.data.set([0.1, 0.2, -0.3, 0]);
    const x = randn([6, 3], { ...f64, random: r });
    expectModelGradients(model, x);
    bn.runningMean!.data.set([0.2, -0.1, 0.3, 0]);
    bn.runningVar!.data.set([0.5, 2, 1.2, 0.9]);
    model.eval();
    expectModelGradients(model, x.detach());
  });

  it('CNN: Conv2d (stride, padding, dilation), BatchNorm2d, SiLU, MaxPool2d, ELU, AvgPool2d, Flatten, Softplus', () => {
    const r = new Random(3);
    const model = new Sequential(
      new Conv2d(2, 3, 3, { ...f64, padding: 1, random: r }), new BatchNorm2d(3, f64), new SiLU(), new MaxPool2d(2),
      new Conv2d(3, 2, 2, { ...f64, dilation: [1, 2], padding: [1, 1], stride: [1, 2], random: r }), new ELU(),
      new AvgPool2d(2, { padding: 1, countIncludePad: false }), new Flatten(), new Linear(12, 3, { ...f64, random: r }), new Softplus(),
    );
    const x = randn([2, 2, 6, 6], { ...f64, random: r });
    expect(model.forward(x).shape).toEqual([2, 3]);
    expectModelGradients(model, x);
  });

  it('a custom module that uses one parameter twice accumulates both paths', () => {
    class Tied extends Module {
      readonly embed = this.registerModule('embed', new Linear(3, 3, { ...f64, random: new Random(4) }));
      readonly gate = this.registerParameter('gate', new Parameter(new Float64Array([0.3, -0.7, 1.1]), [3]));
      forward(x: Tensor): Tensor {
        const h = this.embed.forward(x).tanh();
        return this.embed.forward(h.mul(this.gate)).sigmoid();
      }
    }
    const model = new Tied();
    expect(model.namedParameters().map(([n]) => n)).toEqual(['gate', 'embed.weight', 'embed.bias']);
    expectModelGradients(model, randn([4, 3], { ...f64, random: new Random(5) }));
  });

  it('backward fills .grad of every parameter with the finite-difference gradient of a scalar loss', () => {
    const r = new Random(6);
    const model = new Sequential(new Linear(2, 3, { ...f64, random: r }), new Tanh(), new Linear(3, 1, { ...f64, random: r }));
    const x = randn([4, 2], { ...f64, random: r });
    const loss = (): number => model.forward(x).square().mean().item();
    model.forward(x).square().mean().backward();
    const h = 1e-6;
    for (const [name, p] of model.namedParameters()) {
      for (let i = 0; i < p.size; i++) {
        const v = p.data[i]!;
        p.data[i] = v + h;
        const up = loss();
        p.data[i] = v - h;
        const down = loss();
        p.data[i] = v;
        expect(Math.abs(p.grad!.data[i]! - (up - down) / (2 * h)), `${name}[${i}]`).toBeLessThan(1e-8);
      }
    }
    const all: AnyModule[] = model.modules();
    expect(all.length).toBe(4);
  });
});
