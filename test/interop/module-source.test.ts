import { describe, it, expect } from 'vitest';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout, ELU, Flatten, GELU, Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d,
  Module, ReLU, Sequential, SiLU, Sigmoid, Softmax, Softplus, Tanh, Tensor, pytorchModuleSource,
} from '../../src/index.js';

describe('pytorchModuleSource', () => {
  it('the built-in MLP spec', () => {
    expect(pytorchModuleSource('mlp:784-256-128-10:relu:dropout=0.2')).toBe(
      [
        'torch.nn.Sequential(',
        '    torch.nn.Linear(784, 256),',
        '    torch.nn.ReLU(),',
        '    torch.nn.Dropout(p=0.2),',
        '    torch.nn.Linear(256, 128),',
        '    torch.nn.ReLU(),',
        '    torch.nn.Dropout(p=0.2),',
        '    torch.nn.Linear(128, 10),',
        ')',
      ].join('\n'),
    );
  });

  it('the built-in conv spec with batch norm', () => {
    expect(pytorchModuleSource('conv:batchnorm')).toBe(
      [
        'torch.nn.Sequential(',
        '    torch.nn.Conv2d(1, 16, kernel_size=(3, 3), padding=(1, 1)),',
        '    torch.nn.BatchNorm2d(16),',
        '    torch.nn.ReLU(),',
        '    torch.nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2)),',
        '    torch.nn.Conv2d(16, 32, kernel_size=(3, 3), padding=(1, 1)),',
        '    torch.nn.BatchNorm2d(32),',
        '    torch.nn.ReLU(),',
        '    torch.nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2)),',
        '    torch.nn.Flatten(),',
        '    torch.nn.Linear(1568, 10),',
        ')',
      ].join('\n'),
    );
  });

  it('every layer, with the arguments that differ from PyTorch\'s defaults in PyTorch\'s spelling', () => {
    const model = new Sequential(
      new Conv2d(3, 8, [3, 5], { stride: 2, padding: [1, 2], dilation: 1, bias: false }),
      new BatchNorm2d(8, { eps: 1e-3, momentum: null, affine: false }),
      new AvgPool2d(2, { countIncludePad: false }),
      new MaxPool2d(3, { stride: 1, padding: 1 }),
      new Flatten(1, -1),
      new Linear(16, 4, { bias: false }),
      new BatchNorm1d(4, { trackRunningStats: false, momentum: 0.01 }),
      new LayerNorm([4], { eps: 1e-6, bias: false }),
      new LeakyReLU(0.2), new ELU(0.5), new Softplus({ beta: 2, threshold: 10 }), new GELU(), new SiLU(), new Sigmoid(), new Tanh(), new ReLU(),
      new Identity(), new Dropout(0.1), new Softmax(1), new LogSoftmax(-1),
    );
    expect(pytorchModuleSource(model).split('\n').slice(1, -1).map((l) => l.trim())).toEqual([
      'torch.nn.Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), bias=False),',
      'torch.nn.BatchNorm2d(8, eps=0.001, momentum=None, affine=False),',
      'torch.nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2), count_include_pad=False),',
      'torch.nn.MaxPool2d(kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)),',
      'torch.nn.Flatten(),',
      'torch.nn.Linear(16, 4, bias=False),',
      'torch.nn.BatchNorm1d(4, momentum=0.01, track_running_stats=False),',
      'torch.nn.LayerNorm((4,), eps=0.000001, bias=False),',
      'torch.nn.LeakyReLU(negative_slope=0.2),',
      'torch.nn.ELU(alpha=0.5),',
      'torch.nn.Softplus(beta=2, threshold=10),',
      'torch.nn.GELU(),',
      'torch.nn.SiLU(),',
      'torch.nn.Sigmoid(),',
      'torch.nn.Tanh(),',
      'torch.nn.ReLU(),',
      'torch.nn.Identity(),',
      'torch.nn.Dropout(p=0.1),',
      'torch.nn.Softmax(dim=1),',
      'torch.nn.LogSoftmax(dim=-1),',
    ]);
  });

  it('named and nested Sequentials, float64 models', () => {
    const model = Sequential.named({
      features: new Sequential(new Linear(2, 3, { dtype: 'float64' }), new Tanh()),
      head: new Linear(3, 1, { dtype: 'float64' }),
    });
    expect(pytorchModuleSource(model)).toBe(
      [
        'torch.nn.Sequential(collections.OrderedDict([',
        '    ("features", torch.nn.Sequential(',
        '        torch.nn.Linear(2, 3),',
        '        torch.nn.Tanh(),',
        '    )),',
        '    ("head", torch.nn.Linear(3, 1)),',
        '])).double()',
      ].join('\n'),
    );
  });

  it('names the module that has no PyTorch translation', () => {
    class Square extends Module {
      forward(x: Tensor): Tensor {
        return x.mul(x);
      }
    }
    expect(() => pytorchModuleSource(new Sequential(new Linear(2, 2), new Square()))).toThrow(
      /pytorchModuleSource: module '1' is a Square, which has no built-in PyTorch translation/,
    );
    expect(() => pytorchModuleSource('mlp:oops')).toThrow(/model 'mlp:oops'/);
  });
});
