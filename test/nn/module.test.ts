import { describe, it, expect } from 'vitest';
import { Random, Tensor, randn, relu, tensor, zeros } from '../../src/index.js';
import {
  BatchNorm1d, Conv2d, Dropout, Flatten, LayerNorm, Linear, Module, Parameter, ReLU, Sequential, Tanh,
} from '../../src/nn/index.js';

class Encoder extends Module {
  readonly fc1 = this.registerModule('fc1', new Linear(4, 3, { random: new Random(1) }));
  readonly norm = this.registerModule('norm', new BatchNorm1d(3));
  forward(x: Tensor): Tensor {
    return relu(this.norm.forward(this.fc1.forward(x)));
  }
}

class AutoEncoder extends Module {
  readonly scale = this.registerParameter('scale', Parameter.from(tensor([2])));
  readonly encoder = this.registerModule('encoder', new Encoder());
  readonly decoder = this.registerModule('decoder', new Sequential(new Linear(3, 4, { random: new Random(2) }), new Tanh()));
  forward(x: Tensor): Tensor {
    return this.decoder.forward(this.encoder.forward(x)).mul(this.scale);
  }
}

describe('Module: names', () => {
  it('gives dotted names in registration order, own parameters first', () => {
    const m = new AutoEncoder();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'scale', 'encoder.fc1.weight', 'encoder.fc1.bias', 'encoder.norm.weight', 'encoder.norm.bias', 'decoder.0.weight', 'decoder.0.bias',
    ]);
    expect(m.parameters().every((p) => p instanceof Parameter && p.requiresGrad)).toBe(true);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['encoder.norm.running_mean', 'encoder.norm.running_var', 'encoder.norm.num_batches_tracked']);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', 'encoder', 'encoder.fc1', 'encoder.norm', 'decoder', 'decoder.0', 'decoder.1']);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['encoder', 'decoder']);
  });

  it('numbers Sequential children and skips parameter-free layers', () => {
    const s = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1, { bias: false }));
    expect(s.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight']);
    expect(s.length).toBe(3);
    expect(s.at(-1)).toBeInstanceOf(Linear);
    expect([...s].length).toBe(3);
  });

  it('Sequential.named uses the given names', () => {
    const s = Sequential.named({ fc1: new Linear(2, 3), act: new ReLU(), fc2: new Linear(3, 1) });
    expect(s.namedParameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(s.forward(zeros([5, 2])).shape).toEqual([5, 1]);
  });

  it('lists a shared parameter or module once, under its first name', () => {
    const shared = new Linear(3, 3);
    const s = new Sequential(shared, new ReLU(), shared);
    expect(s.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    expect(s.numParameters()).toBe(12);
  });

  it('finds parameters, buffers and submodules by path', () => {
    const m = new AutoEncoder();
    expect(m.getParameter('encoder.fc1.weight')).toBe(m.encoder.fc1.weight);
    expect(m.getBuffer('encoder.norm.running_var')).toBe(m.encoder.norm.runningVar);
    expect(m.getSubmodule('decoder.0')).toBe(m.decoder.at(0));
    expect(() => m.getParameter('encoder.fc9.weight')).toThrow(/no submodule 'encoder.fc9'/);
    expect(() => m.getParameter('encoder.fc1.gamma')).toThrow(/no parameter 'encoder.fc1.gamma'/);
  });

  it('fits the structural parameter type that optimizers consume (checked by tsc)', () => {
    // A copy of ParameterLike in src/optim/types.ts: flat float data, a float gradient or null, a shape.
    interface ParameterLike {
      data: Float32Array | Float64Array;
      grad: { data: Float32Array | Float64Array } | null;
      readonly shape: readonly number[];
    }
    const named: ReadonlyArray<readonly [string, ParameterLike]> = new AutoEncoder().namedParameters();
    const plain: readonly ParameterLike[] = new AutoEncoder().parameters();
    expect(named.length).toBe(plain.length);
  });

  it('rejects bad registrations', () => {
    class Bad extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const b = new Bad();
    expect(() => b.registerParameter('a.b', Parameter.from(zeros([1])))).toThrow(/without '\.'/);
    expect(() => b.registerParameter('', Parameter.from(zeros([1])))).toThrow(/non-empty/);
    expect(() => b.registerParameter('w', zeros([1]) as Parameter)).toThrow(/must be a Parameter/);
    b.registerModule('child', new ReLU());
    expect(() => b.registerParameter('child', Parameter.from(zeros([1])))).toThrow(/already registered as another kind/);
    expect(() => b.registerModule('self', b)).toThrow(/its own child/);
    expect(() => Parameter.from(tensor([1], { dtype: 'int32' }))).toThrow(/float32\/float64/);
  });
});

describe('Module: modes, gradients, conversion', () => {
  it('train()/eval() set every descendant', () => {
    const m = new AutoEncoder();
    expect(m.modules().every((c) => c.training)).toBe(true);
    expect(m.eval()).toBe(m);
    expect(m.modules().every((c) => !c.training)).toBe(true);
    m.train();
    expect(m.encoder.norm.training).toBe(true);
    m.train(false);
    expect(m.decoder.at(1).training).toBe(false);
  });

  it('zeroGrad clears gradients; requireGrad freezes', () => {
    const m = new AutoEncoder();
    m.forward(randn([5, 4], { random: new Random(3) })).sum().backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    m.encoder.requireGrad(false);
    expect(m.numParameters({ trainableOnly: true })).toBe(1 + 16);
    expect(m.numParameters()).toBe(1 + 15 + 6 + 16);
  });

  it('apply visits children before the parent', () => {
    const seen: string[] = [];
    new AutoEncoder().apply((m) => seen.push(m.typeName));
    expect(seen).toEqual(['Linear', 'BatchNorm1d', 'Encoder', 'Linear', 'Tanh', 'Sequential', 'AutoEncoder']);
  });

  it('to(dtype) converts parameters, gradients and float buffers in place, keeping identity', () => {
    const m = new AutoEncoder();
    const w = m.encoder.fc1.weight;
    const before = Array.from(w.data);
    m.forward(randn([5, 4], { random: new Random(4) })).sum().backward();
    expect(m.to('float64')).toBe(m);
    expect(m.encoder.fc1.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(Array.from(w.data)).toEqual(before);
    expect(w.grad?.dtype).toBe('float64');
    expect(m.encoder.norm.runningMean?.dtype).toBe('float64');
    expect(m.encoder.norm.numBatchesTracked?.dtype).toBe('int32');
    expect(m.forward(randn([5, 4], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => m.to('int32' as 'float32')).toThrow(/dtype must be 'float32' or 'float64'/);
  });
});

describe('Module: toString', () => {
  it('prints a PyTorch-like tree', () => {
    const net = new Sequential(new Conv2d(1, 8, 3, { padding: 1 }), new ReLU(), new Flatten(), new Dropout(0.25), new Linear(8 * 28 * 28, 10));
    expect(net.toString()).toBe([
      'Sequential(',
      '  (0): Conv2d(1, 8, kernelSize=3, stride=1, padding=1)',
      '  (1): ReLU()',
      '  (2): Flatten(startAxis=1, endAxis=-1)',
      '  (3): Dropout(p=0.25)',
      '  (4): Linear(inFeatures=6272, outFeatures=10, bias=true)',
      ')',
    ].join('\n'));
  });

  it('indents nested modules', () => {
    expect(new AutoEncoder().toString()).toBe([
      'AutoEncoder(',
      '  (encoder): Encoder(',
      '    (fc1): Linear(inFeatures=4, outFeatures=3, bias=true)',
      '    (norm): BatchNorm1d(3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)',
      '  )',
      '  (decoder): Sequential(',
      '    (0): Linear(inFeatures=3, outFeatures=4, bias=true)',
      '    (1): Tanh()',
      '  )',
      ')',
    ].join('\n'));
    expect(new LayerNorm([2, 3]).toString()).toBe('LayerNorm([2,3], eps=0.00001, elementwiseAffine=true)');
  });
});
