/**
 * The PyTorch source of a descent model: `torch.nn.Sequential(...)` text whose `state_dict()` has
 * the same names, shapes and order as the descent model's, so weights exported from descent load
 * with `load_state_dict(..., strict=True)`.
 */
import { buildModel } from '../specs/model-spec.js';
import { Random } from '../tensor/random.js';
import { BatchNorm, BatchNorm1d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten, Identity } from '../nn/flatten.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { AvgPool2d, MaxPool2d } from '../nn/pooling.js';
import { Sequential } from '../nn/sequential.js';
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh } from '../nn/activations.js';

/** A Python literal: `True`/`False`, `None`, tuples, and numbers as Python reads them back. */
function py(value: number | boolean | null | readonly number[]): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? "float('inf')" : value < 0 ? "float('-inf')" : "float('nan')";
  return value.length === 1 ? `(${py(value[0]!)},)` : `(${value.map((v) => py(v)).join(', ')})`;
}

/** `name=value` for every argument that differs from PyTorch's default. */
function keywords(args: ReadonlyArray<[string, number | boolean | null | readonly number[], number | boolean | null | readonly number[]]>): string[] {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  return args.filter(([, value, pyDefault]) => !same(value, pyDefault)).map(([name, value]) => `${name}=${py(value)}`);
}

function call(name: string, args: readonly string[]): string {
  return `torch.nn.${name}(${args.join(', ')})`;
}

/** One layer's constructor call, or null for a module this file does not know. */
function layerSource(m: AnyModule): string | null {
  if (m instanceof Linear) return call('Linear', [String(m.inFeatures), String(m.outFeatures), ...keywords([['bias', m.bias !== null, true]])]);
  if (m instanceof Conv2d) {
    return call('Conv2d', [
      String(m.inChannels), String(m.outChannels), `kernel_size=${py(m.kernelSize)}`,
      ...keywords([['stride', m.stride, [1, 1]], ['padding', m.padding, [0, 0]], ['dilation', m.dilation, [1, 1]], ['bias', m.bias !== null, true]]),
    ]);
  }
  if (m instanceof BatchNorm) {
    return call(m instanceof BatchNorm1d ? 'BatchNorm1d' : 'BatchNorm2d', [
      String(m.numFeatures),
      ...keywords([['eps', m.eps, 1e-5], ['momentum', m.momentum, 0.1], ['affine', m.affine, true], ['track_running_stats', m.trackRunningStats, true]]),
    ]);
  }
  if (m instanceof LayerNorm) {
    // `bias=False` exists from PyTorch 2.1 on; it is written only when the model has no shift.
    const noBias = m.elementwiseAffine && m.bias === null;
    return call('LayerNorm', [py(m.normalizedShape), ...keywords([['eps', m.eps, 1e-5], ['elementwise_affine', m.elementwiseAffine, true], ['bias', !noBias, true]])]);
  }
  if (m instanceof Dropout) return call('Dropout', [`p=${py(m.p)}`]);
  if (m instanceof MaxPool2d) return call('MaxPool2d', [`kernel_size=${py(m.kernelSize)}`, `stride=${py(m.stride)}`, ...keywords([['padding', m.padding, [0, 0]]])]);
  if (m instanceof AvgPool2d) {
    return call('AvgPool2d', [`kernel_size=${py(m.kernelSize)}`, `stride=${py(m.stride)}`, ...keywords([['padding', m.padding, [0, 0]], ['count_include_pad', m.countIncludePad, true]])]);
  }
  if (m instanceof Flatten) return call('Flatten', keywords([['start_dim', m.startAxis, 1], ['end_dim', m.endAxis, -1]]));
  if (m instanceof LeakyReLU) return call('LeakyReLU', keywords([['negative_slope', m.negativeSlope, 0.01]]));
  if (m instanceof ELU) return call('ELU', keywords([['alpha', m.alpha, 1]]));
  if (m instanceof Softplus) return call('Softplus', keywords([['beta', m.beta, 1], ['threshold', m.threshold, 20]]));
  if (m instanceof Softmax) return call('Softmax', [`dim=${m.axis}`]);
  if (m instanceof LogSoftmax) return call('LogSoftmax', [`dim=${m.axis}`]);
  // GELU: descent's is the exact (erf) form, PyTorch's default `approximate='none'`.
  const plain: Array<[new (...args: never[]) => AnyModule, string]> = [[ReLU, 'ReLU'], [Tanh, 'Tanh'], [Sigmoid, 'Sigmoid'], [GELU, 'GELU'], [SiLU, 'SiLU'], [Identity, 'Identity']];
  for (const [Class, name] of plain) if (m instanceof Class) return call(name, []);
  return null;
}

function moduleSource(m: AnyModule, path: string, indent: string): string {
  if (m instanceof Sequential) {
    const children = m.namedChildren();
    const inner = `${indent}    `;
    if (children.length === 0) return 'torch.nn.Sequential()';
    const positional = children.every(([name], i) => name === String(i));
    const lines = children.map(([name, child]) => {
      const source = moduleSource(child, path === '' ? name : `${path}.${name}`, inner);
      return positional ? `${inner}${source},` : `${inner}(${JSON.stringify(name)}, ${source}),`;
    });
    return positional
      ? `torch.nn.Sequential(\n${lines.join('\n')}\n${indent})`
      : `torch.nn.Sequential(collections.OrderedDict([\n${lines.join('\n')}\n${indent}]))`;
  }
  const source = layerSource(m);
  if (source === null) {
    const where = path === '' ? 'the model' : `module '${path}'`;
    throw new Error(
      `pytorchModuleSource: ${where} is a ${m.typeName}, which has no built-in PyTorch translation ` +
        '(Sequential, Linear, Conv2d, BatchNorm1d/2d, LayerNorm, Dropout, pooling, Flatten and the activations have); ' +
        'write its torch.nn.Module by hand with the same state-dict names',
    );
  }
  return source;
}

/**
 * Python source of the PyTorch module equivalent to a descent model (a `Sequential` of built-in
 * layers, possibly nested) or to a model spec of the command line (`'mlp:2-32-2:tanh'`,
 * `'conv:batchnorm'`). Its `state_dict()` has the same keys, shapes and order as the model's
 * `stateDict()`, so `model.load_state_dict(load_file('model.safetensors'), strict=True)` loads
 * weights written by {@link exportPyTorchWeights}. Arguments equal to PyTorch's defaults are left
 * out; a float64 model ends in `.double()`. Evaluate it with `import torch` (and `import collections`
 * for a Sequential with named children).
 *
 * Throws, naming the module path, for a layer with no PyTorch translation (a custom Module).
 *
 * @example
 * pytorchModuleSource('mlp:2-16-2:tanh');
 * // torch.nn.Sequential(
 * //     torch.nn.Linear(2, 16),
 * //     torch.nn.Tanh(),
 * //     torch.nn.Linear(16, 2),
 * // )
 */
export function pytorchModuleSource(model: AnyModule | string): string {
  const module = typeof model === 'string' ? buildModel(model, new Random(0)).model : model;
  const source = moduleSource(module, '', '');
  const float64 = module.parameters().some((p) => p.dtype === 'float64');
  return float64 ? `${source}.double()` : source;
}
