import { describe, it, expect } from 'vitest';
import {
  Adam, Linear, Lion, RMSprop, SGD, NAdam, Tensor, decodeSafetensors, encodePyTorchOptimizerState, pytorchOptimizerState, tensor,
  type Optimizer,
} from '../../src/index.js';

function stepTwice(make: (model: Linear) => Optimizer): { model: Linear; optimizer: Optimizer } {
  const model = new Linear(2, 1);
  model.weight.data.set([0.5, -0.25]);
  const optimizer = make(model);
  for (const g of [[1, 2, 3], [-1, 0.5, 0.25]]) {
    model.weight.grad = tensor([[g[0]!, g[1]!]]) as never;
    model.bias!.grad = tensor([g[2]!]) as never;
    optimizer.step();
  }
  return { model, optimizer };
}

describe('pytorchOptimizerState', () => {
  it('Adam: exp_avg, exp_avg_sq, max_exp_avg_sq and a float32 step per parameter index; betas and snake_case', () => {
    const { optimizer } = stepTwice((m) => new Adam(m.namedParameters(), { learningRate: 0.01, amsgrad: true, weightDecay: 0.1 }));
    const st = pytorchOptimizerState(optimizer);
    expect(st.optimizer).toBe('Adam');
    expect(st.paramNames).toEqual(['weight', 'bias']);
    expect(Object.keys(st.tensors).sort()).toEqual([
      'state.0.exp_avg', 'state.0.exp_avg_sq', 'state.0.max_exp_avg_sq', 'state.0.step',
      'state.1.exp_avg', 'state.1.exp_avg_sq', 'state.1.max_exp_avg_sq', 'state.1.step',
    ]);
    const step = st.tensors['state.0.step']!;
    expect([step.dtype, step.shape, step.item()]).toEqual(['float32', [], 2]);
    expect(st.tensors['state.0.exp_avg']!.shape).toEqual([1, 2]);
    // The moments are descent's m and v, stored as float32 tensors.
    const sd = optimizer.stateDict();
    expect(Array.from(st.tensors['state.1.exp_avg']!.data)).toEqual((sd.state['bias']!['m'] as { data: number[] }).data.map(Math.fround));
    expect(st.paramGroups).toEqual([{ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.1, amsgrad: true, maximize: false, params: [0, 1] }]);
    expect(JSON.parse(st.metadata['param_groups']!)).toEqual(st.paramGroups);
    expect(JSON.parse(st.metadata['param_names']!)).toEqual(['weight', 'bias']);
    expect(st.metadata['optimizer']).toBe('Adam');
  });

  it('SGD keeps only momentum_buffer (PyTorch counts no SGD steps); without momentum, no state', () => {
    const withMomentum = pytorchOptimizerState(stepTwice((m) => new SGD(m.namedParameters(), { learningRate: 0.1, momentum: 0.9, nesterov: true })).optimizer);
    expect(Object.keys(withMomentum.tensors).sort()).toEqual(['state.0.momentum_buffer', 'state.1.momentum_buffer']);
    expect(withMomentum.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0 });
    expect(pytorchOptimizerState(stepTwice((m) => new SGD(m.namedParameters())).optimizer).tensors).toEqual({});
  });

  it('RMSprop and NAdam names; scalars become 0-d tensors', () => {
    const rms = pytorchOptimizerState(stepTwice((m) => new RMSprop(m.namedParameters(), { momentum: 0.5, centered: true })).optimizer);
    expect(Object.keys(rms.tensors).filter((k) => k.startsWith('state.0.')).sort()).toEqual(['state.0.grad_avg', 'state.0.momentum_buffer', 'state.0.square_avg', 'state.0.step']);
    const nadam = pytorchOptimizerState(stepTwice((m) => new NAdam(m.namedParameters())).optimizer);
    expect(nadam.tensors['state.1.mu_product']!.shape).toEqual([]);
    expect(nadam.paramGroups[0]).toMatchObject({ momentum_decay: 0.004, decoupled_weight_decay: false });
  });

  it('indices run across parameter groups, and a JSON state dict (from a checkpoint) works as well', () => {
    const model = new Linear(2, 1);
    const opt = new Adam([{ params: [['weight', model.weight]], learningRate: 0.1 }, { params: [['bias', model.bias!]] }] as never);
    model.weight.grad = tensor([[1, 1]]) as never;
    model.bias!.grad = tensor([1]) as never;
    opt.step();
    const st = pytorchOptimizerState(JSON.parse(JSON.stringify(opt.stateDict())));
    expect(st.paramGroups.map((g) => [g.lr, g.params])).toEqual([[0.1, [0]], [0.001, [1]]]);
    expect(Object.keys(st.tensors)).toContain('state.1.exp_avg_sq');
  });

  it('an optimizer without a torch.optim counterpart is an error naming those that have one', () => {
    const { optimizer } = stepTwice((m) => new Lion(m.namedParameters()));
    expect(() => pytorchOptimizerState(optimizer)).toThrow(/pytorchOptimizerState: Lion has no torch.optim counterpart .* \(these have: SGD, Adam, AdamW/);
  });

  it('encodes to safetensors with the layout in the metadata', () => {
    const { optimizer } = stepTwice((m) => new Adam(m.namedParameters()));
    const { tensors, metadata } = decodeSafetensors(encodePyTorchOptimizerState(optimizer));
    expect(metadata).toMatchObject({ format: 'pt', optimizer: 'Adam' });
    expect(tensors['state.0.step']).toBeInstanceOf(Tensor);
    expect(tensors['state.0.exp_avg']!.shape).toEqual([1, 2]);
  });
});
