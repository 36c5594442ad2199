/** Bad input: every mistake the issue lists gets a clear Error naming optimizer, option and value. */
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  LBFGS,
  Newton,
  Rprop,
  SGD,
  RMSprop,
  adam,
  clipByGlobalNorm,
  optimizerEntry,
  sgd,
  type ParameterLike,
} from '../../src/optim/index.js';
import { param } from './helpers.js';

describe('invalid hyper-parameter values', () => {
  const p = (): ParameterLike[] => [param([1, 2])];

  it('rejects negative, NaN and infinite learning rates', () => {
    expect(() => new Adam(p(), { learningRate: -1 })).toThrow('Adam: invalid learningRate: -1 (valid range [0, inf))');
    expect(() => new Adam(p(), { learningRate: Number.NaN })).toThrow('Adam: invalid learningRate: NaN (expected a number)');
    expect(() => new SGD(p(), { learningRate: Infinity })).toThrow('SGD: invalid learningRate: Infinity (valid range [0, inf))');
    expect(() => new RMSprop(p(), { learningRate: -Infinity })).toThrow('RMSprop: invalid learningRate: -Infinity (valid range [0, inf))');
    expect(() => adam({ learningRate: -0.5 })).toThrow('Adam: invalid learningRate: -0.5');
    expect(() => new LBFGS(p(), { learningRate: -1 })).toThrow('LBFGS: invalid learningRate: -1 (valid range [0, inf))');
  });

  it('rejects betas outside [0, 1), in either spelling', () => {
    expect(() => new Adam(p(), { beta1: 1 })).toThrow('Adam: invalid beta1: 1 (valid range [0, 1))');
    expect(() => new Adam(p(), { betas: [0.9, 1.5] })).toThrow('Adam: invalid beta2: 1.5 (valid range [0, 1))');
    expect(() => new AdamW(p(), { betas: [-0.1, 0.99] })).toThrow('AdamW: invalid beta1: -0.1 (valid range [0, 1))');
    expect(() => new Adam(p(), { betas: [0.9] as unknown as [number, number] })).toThrow('Adam: invalid betas: [0.9] (expected [beta1, beta2])');
    expect(() => new Adam(p(), { betas: [0.9, 0.99], beta1: 0.8 })).toThrow('Adam: give either betas or beta1/beta2, not both');
  });

  it('applies PyTorch’s Nesterov rule: momentum > 0 and no dampening', () => {
    expect(() => new SGD(p(), { nesterov: true })).toThrow(
      'SGD: invalid nesterov: true with momentum 0 and dampening 0 (Nesterov momentum requires a momentum > 0 and zero dampening)',
    );
    expect(() => new SGD(p(), { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/SGD: invalid nesterov: true with momentum 0.9 and dampening 0.1/);
    expect(() => new SGD(p(), { nesterov: true, momentum: 0.9 })).not.toThrow();
  });

  it('checks other ranges and types', () => {
    expect(() => new SGD(p(), { momentum: -0.1 })).toThrow('SGD: invalid momentum: -0.1 (valid range [0, inf))');
    expect(() => new Adam(p(), { amsgrad: 'yes' as unknown as boolean })).toThrow('Adam: invalid amsgrad: yes (expected true or false)');
    expect(() => new Rprop(p(), { etas: [1.2, 0.5] })).toThrow('Rprop: invalid etas: [1.2, 0.5] (need 0 < etaminus < 1 < etaplus)');
    expect(() => new LBFGS(p(), { maxIter: 2.5 })).toThrow('LBFGS: invalid maxIter: 2.5 (expected an integer)');
    expect(() => new LBFGS(p(), { lineSearchFn: 'wolfe' as never })).toThrow('LBFGS: invalid lineSearchFn: wolfe (valid choices: none, strong_wolfe)');
    expect(() => clipByGlobalNorm(0)).toThrow('clipByGlobalNorm: invalid maxNorm: 0 (valid range (0, inf))');
  });

  it('re-validates hyper-parameters a schedule wrote into a group', () => {
    const x = param([1, 2]);
    const opt = new SGD([x], { learningRate: 0.1 });
    x.grad = { data: Float64Array.of(1, 1) };
    opt.paramGroups[0]!.learningRate = Number.NaN;
    expect(() => opt.step()).toThrow('SGD: invalid learningRate: NaN (expected a number)');
    expect(Array.from(x.data)).toEqual([1, 2]);
  });
});

describe('unknown option names', () => {
  it('suggests the closest valid name', () => {
    expect(() => new Adagrad([param([1])], { lr_decay: 0.1 } as never)).toThrow(/Adagrad: unknown option 'lr_decay'; did you mean 'lrDecay'\?/);
    expect(() => new Adam([param([1])], { weight_decay: 0.1 } as never)).toThrow(/Adam: unknown option 'weight_decay'; did you mean 'weightDecay'\?/);
    expect(() => new Adam([param([1])], { lr: 0.1 } as never)).toThrow(/Adam: unknown option 'lr'; did you mean 'learningRate'\?/);
    expect(() => sgd({ momentun: 0.9 } as never)).toThrow(/SGD: unknown option 'momentun'; did you mean 'momentum'\?/);
    expect(() => new LBFGS([param([1])], { history_size: 3 } as never)).toThrow(/LBFGS: unknown option 'history_size'; did you mean 'historySize'\?/);
    expect(() => new Adam([param([1])], { zzz: 1 } as never)).toThrow(/Adam: unknown option 'zzz' Valid options: learningRate, beta1/);
  });

  it('in parameter groups too', () => {
    expect(() => new SGD([{ params: [param([1])], lr_: 0.1 }])).toThrow(/SGD: unknown option 'lr_'/);
  });

  it('for the registry', () => {
    expect(() => optimizerEntry('adamm')).toThrow("unknown optimizer 'adamm'; did you mean 'adam'?");
  });
});

describe('parameters and groups', () => {
  it('rejects a parameter in two groups, or twice in one group', () => {
    const a = param([1]);
    const b = param([2]);
    expect(() => new SGD([{ params: [a, b] }, { params: [a], learningRate: 0.1 }])).toThrow(
      "SGD: parameter '2' appears in more than one parameter group (groups 0 and 1)",
    );
    expect(() => new Adam([{ params: [['w', a]] }, { params: [['w2', a]] }])).toThrow("Adam: parameter 'w2' appears in more than one parameter group (groups 0 and 1)");
    expect(() => new SGD([a, a])).toThrow("SGD: parameter '1' appears twice in parameter group 0");
    expect(() => new SGD([['w', a], ['w', b]])).toThrow("SGD: two different parameters share the name 'w'");
    const opt = new SGD([a]);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(/appears in more than one parameter group/);
  });

  it('rejects an empty parameter list and non-parameters', () => {
    expect(() => new Adam([])).toThrow('Adam: got an empty parameter list');
    expect(() => new Adam([{ params: [] }])).toThrow('Adam: got an empty parameter list');
    expect(() => new Adam([{ params: [42] as never }])).toThrow('Adam: parameter group 0: item 0 is neither a parameter nor a [name, parameter] pair');
  });

  it('LBFGS and Newton accept one group only', () => {
    expect(() => new LBFGS([{ params: [param([1])] }, { params: [param([2])] }])).toThrow(
      'LBFGS: does not support per-parameter options (parameter groups); got 2 groups',
    );
    expect(() => new Newton([{ params: [param([1])] }, { params: [param([2])] }], { hessian: () => [1] })).toThrow('Newton: does not support parameter groups; got 2 groups');
  });

  it('rejects a gradient of the wrong size', () => {
    const x = param([1, 2]);
    const opt = new Adam([x]);
    x.grad = { data: Float64Array.of(1) };
    expect(() => opt.step()).toThrow('Adam: a gradient has 1 values but its parameter has 2');
  });
});

describe('state dicts', () => {
  function trained(): { opt: Adam; w: ParameterLike } {
    const w = param([1, 2, 3, 4, 5, 6], false, [2, 3]);
    const opt = new Adam([['fc.weight', w]], { learningRate: 0.1 });
    w.grad = { data: Float64Array.of(1, 1, 1, 1, 1, 1) };
    opt.step();
    return { opt, w };
  }

  it('refuses a state dict from another optimizer', () => {
    const { opt } = trained();
    const sgdOpt = new SGD([['fc.weight', param([1, 2, 3, 4, 5, 6], false, [2, 3])]], { momentum: 0.9 });
    expect(() => sgdOpt.loadStateDict(opt.stateDict())).toThrow('SGD.loadStateDict: the state dict is from "Adam", not SGD');
  });

  it('refuses other shapes, other names and other groups, leaving the optimizer unchanged', () => {
    const { opt } = trained();
    const sd = opt.stateDict();
    const other = new Adam([['fc.weight', param([1, 2, 3, 4, 5, 6], false, [3, 2])]]);
    expect(() => other.loadStateDict(sd)).toThrow("Adam.loadStateDict: state 'm' of parameter 'fc.weight' has shape [2,3] but the parameter has shape [3,2]");
    const renamed = new Adam([['fc.w', param([1, 2, 3, 4, 5, 6], false, [2, 3])]]);
    expect(() => renamed.loadStateDict(sd)).toThrow('Adam.loadStateDict: parameter group 0 holds [fc.weight] in the state dict but [fc.w] here');
    const two = new Adam([{ params: [['fc.weight', param([1, 2, 3, 4, 5, 6], false, [2, 3])]] }, { params: [['b', param([0])]] }]);
    expect(() => two.loadStateDict(sd)).toThrow('Adam.loadStateDict: the state dict has 1 parameter groups, the optimizer has 2');
    const bad = JSON.parse(JSON.stringify(sd));
    bad.state['fc.weight'].junk = 1;
    expect(() => opt.loadStateDict(bad)).toThrow("Adam.loadStateDict: state of 'fc.weight' has an unknown entry 'junk' (a Adam state holds step, m, v, vMax)");
    const missing = JSON.parse(JSON.stringify(sd));
    delete missing.state['fc.weight'].v;
    expect(() => opt.loadStateDict(missing)).toThrow("Adam.loadStateDict: state of 'fc.weight' lacks 'v'");
    const badHyper = JSON.parse(JSON.stringify(sd));
    badHyper.paramGroups[0].hyperParameters.learningRate = -3;
    expect(() => opt.loadStateDict(badHyper)).toThrow('Adam.loadStateDict: Adam: invalid learningRate: -3 (valid range [0, inf))');
    expect(opt.stateDict()).toEqual(sd);
  });

  it('LBFGS checks the size of its history', () => {
    const x = param([1, 2]);
    const opt = new LBFGS([x]);
    opt.step(() => {
      x.grad = { data: Float64Array.from(x.data, (v) => 2 * v) };
      return x.data[0]! ** 2 + x.data[1]! ** 2;
    });
    const sd = opt.stateDict();
    const bigger = new LBFGS([param([1, 2, 3])]);
    expect(() => bigger.loadStateDict({ ...sd, paramGroups: [{ ...sd.paramGroups[0]!, params: ['0'] }] })).toThrow(
      "LBFGS.loadStateDict: state 'd' has 2 values but the parameters have 3",
    );
    expect(() => new SGD([param([1])]).loadStateDict(sd)).toThrow('SGD.loadStateDict: the state dict is from "LBFGS", not SGD');
  });
});

describe('closure-driven optimizers need their closure', () => {
  it('LBFGS, Newton and the lecture’s Nesterov say so', () => {
    expect(() => new LBFGS([param([1])]).step()).toThrow(/LBFGS: step\(\) needs a closure/);
    expect(() => new Newton([param([1])], { hessian: () => [1] }).step()).toThrow(/Newton: step\(\) needs a closure/);
    expect(() => optimizerEntry('lecture-nesterov').create([param([1])]).step()).toThrow(/LectureNesterov: step\(\) needs a closure/);
    expect(() => new Newton([param([1])])).toThrow('Newton: needs a hessian or hessianVectorProduct option');
  });
});
