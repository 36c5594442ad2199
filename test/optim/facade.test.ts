import { describe, expect, it } from 'vitest';
import {
  ASGD,
  Adam,
  SGD,
  TransformOptimizer,
  adam,
  addDecayedWeights,
  chain,
  clipByGlobalNorm,
  clipByValue,
  clipGradNorm,
  clipGradValue,
  scaleByAdam,
  trace,
  AdamW,
  adamw,
  rprop,
  scaleByLearningRate,
  sgd,
  applyUpdates,
  identity,
  type FloatArray,
  type GradientTransformation,
  type StateValue,
} from '../../src/optim/index.js';
import { fakeGradient, param, sameBits } from './helpers.js';

describe('the façade', () => {
  it('steps each group with its own hyper-parameters, and schedules can write them', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], learningRate: 0.5 }], { learningRate: 0.1 });
    expect(opt.paramGroups.map((g) => g.learningRate)).toEqual([0.1, 0.5]);
    a.grad = { data: Float64Array.of(1) };
    b.grad = { data: Float64Array.of(1) };
    opt.step();
    expect(a.data[0]).toBeCloseTo(0.9, 15);
    expect(b.data[0]).toBeCloseTo(0.5, 15);
    opt.paramGroups[0]!.learningRate = 0.2;
    opt.step();
    expect(a.data[0]).toBeCloseTo(0.7, 15);
  });

  it('lets one-cycle schedules cycle momentum and beta1', () => {
    const x = param([0]);
    const opt = new Adam([x], { learningRate: 0.1 });
    opt.paramGroups[0]!.beta1 = 0.5;
    x.grad = { data: Float64Array.of(1) };
    opt.step();
    expect(Array.from(opt.stateOf('0')!.m)).toEqual([0.5]);
  });

  it('skips parameters without a gradient, and zeroGrad zeroes or drops gradients', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new Adam([a, b]);
    a.grad = { data: Float64Array.of(1, 1) };
    opt.step();
    expect(Array.from(b.data)).toEqual([3]);
    expect(opt.stateOf('1')).toBeUndefined();
    opt.zeroGrad();
    expect(Array.from(a.grad.data)).toEqual([0, 0]);
    opt.zeroGrad(true);
    expect(a.grad).toBeNull();
  });

  it('names parameters by position or by the given names, and keys the state dict by name', () => {
    const w = param([1, 2, 3, 4], false, [2, 2]);
    const opt = new SGD([['layer.weight', w]], { momentum: 0.9 });
    w.grad = { data: Float64Array.of(1, 2, 3, 4) };
    opt.step();
    const sd = opt.stateDict();
    expect(sd.optimizer).toBe('SGD');
    expect(sd.paramGroups).toEqual([
      { params: ['layer.weight'], hyperParameters: { learningRate: 1e-3, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false } },
    ]);
    expect(sd.state['layer.weight']).toEqual({ step: 1, b: { dtype: 'float64', shape: [2, 2], data: [1, 2, 3, 4] } });
  });

  it('loads hyper-parameters with the state, into the same group objects', () => {
    const x = param([1]);
    const opt = new SGD([x], { learningRate: 0.1 });
    const sd = opt.stateDict();
    sd.paramGroups[0]!.hyperParameters.learningRate = 0.3;
    const group = opt.paramGroups[0]!;
    opt.loadStateDict(sd);
    expect(group.learningRate).toBe(0.3);
  });

  it('adds parameter groups with their own options', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([['a', a]], { learningRate: 0.1 });
    opt.addParamGroup({ params: [['b', b]], learningRate: 1 });
    a.grad = { data: Float64Array.of(1) };
    b.grad = { data: Float64Array.of(1) };
    opt.step();
    expect([a.data[0], b.data[0]]).toEqual([0.9, 0]);
  });

  it('works on float32 parameters, keeping float32 state', () => {
    const x = param([1, -1], true);
    const opt = new Adam([x], { learningRate: 0.1 });
    x.grad = { data: Float32Array.of(0.5, -0.5) };
    opt.step();
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(opt.stateOf('0')!.m).toBeInstanceOf(Float32Array);
    expect(x.data[0]).toBeCloseTo(0.9, 6);
  });

  it('exposes ASGD’s averaged parameters', () => {
    const x = param([1, 2]);
    const opt = new ASGD([['x', x]], { learningRate: 0.1, t0: 0 });
    for (let k = 0; k < 3; k++) {
      x.grad = { data: Float64Array.from(x.data) };
      opt.step();
    }
    const [[name, avg]] = opt.averagedParameters();
    expect(name).toBe('x');
    expect(avg.length).toBe(2);
    expect(avg[0]).not.toBe(x.data[0]);
  });

  it('factories: new SGD(params, o) is the class (named after its definition), sgd(o) the pure transformation', () => {
    const opt = new SGD([param([1])], { learningRate: 0.1 });
    expect(opt).toBeInstanceOf(SGD);
    expect(SGD.name).toBe('SGD');
    expect(sgd({ learningRate: 0.1 }).name).toBe('SGD');
    const tx = adam({ learningRate: 0.1 });
    expect(typeof tx.init).toBe('function');
    expect(new Adam([param([1])]).toTransformation().name).toBe('Adam');
  });
});

describe('composable transforms', () => {
  const run = <S extends StateValue>(tx: GradientTransformation<S>, steps = 5): FloatArray[] => {
    let params: FloatArray[] = [Float64Array.of(0.5, -2, 1.5)];
    let state = tx.init(params);
    for (let k = 0; k < steps; k++) {
      const r = tx.update([fakeGradient(params[0]!, k)], state, params);
      params = applyUpdates(params, r.updates);
      state = r.state;
    }
    return params;
  };

  it('coupled weight decay as a transform equals the built-in weightDecay, bit for bit', () => {
    expect(sameBits(run(chain(addDecayedWeights(0.1), sgd({ learningRate: 0.1, momentum: 0.9 })))[0]!, run(sgd({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.1 }))[0]!)).toBe(true);
  });

  it('Optax composition: scaleByAdam, addDecayedWeights, scaleByLearningRate is AdamW, bit for bit (and the class too)', () => {
    const composed = run(chain(scaleByAdam({ beta2: 0.99 }), addDecayedWeights(0.1), scaleByLearningRate(0.01)));
    expect(sameBits(composed[0]!, run(adamw({ learningRate: 0.01, weightDecay: 0.1, beta2: 0.99 }))[0]!)).toBe(true);
    expect(sameBits(composed[0]!, run(new AdamW([param([0])], { learningRate: 0.01, weightDecay: 0.1, beta2: 0.99 }).toTransformation())[0]!)).toBe(true);
    const plain = run(chain(scaleByAdam({ amsgrad: true }), scaleByLearningRate(0.01)));
    expect(sameBits(plain[0]!, run(adam({ learningRate: 0.01, amsgrad: true }))[0]!)).toBe(true);
    // A different decay changes the bits: the comparison can fail.
    expect(sameBits(composed[0]!, run(adamw({ learningRate: 0.01, weightDecay: 0.2, beta2: 0.99 }))[0]!)).toBe(false);
  });

  it('Optax composition: trace then scaleByLearningRate is SGD with (Nesterov) momentum, bit for bit', () => {
    for (const nesterov of [false, true]) {
      const composed = run(chain(trace({ decay: 0.9, nesterov }), scaleByLearningRate(0.1)));
      expect(sameBits(composed[0]!, run(sgd({ learningRate: 0.1, momentum: 0.9, nesterov }))[0]!)).toBe(true);
    }
    expect(sameBits(run(chain(trace({ decay: 0.9 }), scaleByLearningRate(0.1)))[0]!, run(sgd({ learningRate: 0.1, momentum: 0.8 }))[0]!)).toBe(false);
  });

  it("trace's errors name trace's own options, not SGD's", () => {
    expect(() => trace({ decay: 0, nesterov: true })).toThrow(/^trace: nesterov: true needs a decay > 0/);
    expect(() => trace({ decay: -0.5 })).toThrow(/^trace: invalid decay: -0.5/);
    expect(() => trace({ decay: Number.NaN })).toThrow(/^trace: invalid decay: NaN/);
    expect(() => trace({ decay: 0 })).not.toThrow();
  });

  it('gives weight decay to optimizers that lack it (Rprop)', () => {
    const plain = run(rprop());
    const decayed = run(chain(addDecayedWeights(10), rprop()));
    expect(sameBits(plain[0]!, decayed[0]!)).toBe(false);
  });

  it('clips by global norm and by value, as transforms and in place', () => {
    const tx = clipByGlobalNorm(1);
    const { updates } = tx.update([Float64Array.of(3, 4)], null, [Float64Array.of(0, 0)]);
    expect(updates[0]![0]).toBeCloseTo(0.6, 6);
    expect(updates[0]![1]).toBeCloseTo(0.8, 6);
    const small = tx.update([Float64Array.of(0.3, 0.4)], null, [Float64Array.of(0, 0)]);
    expect(Array.from(small.updates[0]!)).toEqual([0.3, 0.4]);
    expect(Array.from(clipByValue(0.5).update([Float64Array.of(-2, 0.1)], null, [Float64Array.of(0, 0)]).updates[0]!)).toEqual([-0.5, 0.1]);

    const a = param([0, 0]);
    const b = param([0]);
    a.grad = { data: Float64Array.of(3, 0) };
    b.grad = { data: Float64Array.of(4) };
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expect(Math.hypot(a.grad.data[0]!, b.grad.data[0]!)).toBeCloseTo(1, 6);
    clipGradValue([a, b], 0.1);
    expect(Array.from(a.grad.data)).toEqual([0.1, 0]);
  });

  it('chains and schedules: SGD as scaleByLearningRate with a 1/(1+t) schedule', () => {
    const tx = chain(identity(), scaleByLearningRate((t) => 1 / (1 + t)));
    let params: FloatArray[] = [Float64Array.of(0)];
    let state = tx.init(params);
    for (let k = 0; k < 3; k++) {
      const r = tx.update([Float64Array.of(1)], state, params);
      params = applyUpdates(params, r.updates);
      state = r.state;
    }
    expect(params[0]![0]).toBeCloseTo(-(1 + 1 / 2 + 1 / 3), 14);
    expect(() => scaleByLearningRate(-1)).toThrow('scaleByLearningRate: invalid learningRate: -1 at step 0');
  });

  it('TransformOptimizer runs a chain in place and saves/restores it', () => {
    const mk = (): { x: ReturnType<typeof param>; opt: TransformOptimizer } => {
      const x = param([1, -1]);
      return { x, opt: new TransformOptimizer([['x', x]], chain(clipByGlobalNorm(0.5), adam({ learningRate: 0.1 }))) };
    };
    const full = mk();
    const half = mk();
    for (let k = 0; k < 6; k++) {
      full.x.grad = { data: fakeGradient(full.x.data, k) };
      full.opt.step();
      if (k < 3) {
        half.x.grad = { data: fakeGradient(half.x.data, k) };
        half.opt.step();
      }
    }
    const restored = mk();
    restored.x.data.set(half.x.data);
    restored.opt.loadStateDict(JSON.parse(JSON.stringify(half.opt.stateDict())));
    for (let k = 3; k < 6; k++) {
      restored.x.grad = { data: fakeGradient(restored.x.data, k) };
      restored.opt.step();
    }
    expect(sameBits(restored.x.data, full.x.data)).toBe(true);
    expect(full.opt.name).toBe('chain(clipByGlobalNorm, Adam)');
    expect(() => new TransformOptimizer([{ params: [param([1])], learningRate: 1 }], adam())).toThrow(/pass one list of parameters/);
  });
});
