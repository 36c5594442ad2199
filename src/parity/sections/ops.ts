/**
 * The 'ops' section: each case records a PyTorch call, its inputs, the output and the gradient of
 * sum(output * upstream_grad) w.r.t. every input that requires one. The call is mapped to descent
 * by the function it names (`torch.matmul`, `F.conv2d`, `a + b`, `x.sum`, ...) and its kwargs; a
 * call or kwarg this checker does not know is a failed case, never a silent pass.
 */
import { goldenData, isGoldenTensor, type GoldenTensor } from '../golden.js';
import { compareArrays, FLOAT64_TOLERANCE } from '../compare.js';
import { ParityMismatch, runCase, type CaseResult } from '../report.js';
import { Tensor } from '../../tensor/tensor.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import { add, div, mul, sub, exp, log } from '../../ops/elementwise.js';
import { sum, mean, maxWithIndices, minWithIndices } from '../../ops/reduce.js';
import { matmul } from '../../ops/matmul.js';
import { sigmoid, tanh, relu, leakyRelu, elu, softplus, gelu, silu, softmax, logSoftmax } from '../../ops/activations.js';
import { conv2d } from '../../ops/conv.js';
import { maxPool2d, avgPool2d } from '../../ops/pool.js';
import { batchNorm, layerNorm } from '../../ops/normalization.js';
import { mseLoss, huberLoss, smoothL1Loss, crossEntropy, nllLoss, binaryCrossEntropyWithLogits, klDiv, type Reduction } from '../../losses/index.js';

interface OpCase {
  name: string;
  call: string;
  kwargs: Record<string, unknown>;
  inputs: Array<{ name: string; requires_grad: boolean; value: GoldenTensor }>;
  output: GoldenTensor;
  upstream_grad: GoldenTensor;
  grads: Record<string, GoldenTensor>;
  extra?: Record<string, unknown>;
}

/** Reads kwargs, remembering which were consumed so unknown ones can be reported. */
class Kwargs {
  private readonly used = new Set<string>();
  constructor(private readonly values: Record<string, unknown>) {}
  get<T>(name: string, fallback: T): T {
    this.used.add(name);
    return name in this.values ? (this.values[name] as T) : fallback;
  }
  /** Accepts a kwarg only at the value descent implements (e.g. groups=1, ceil_mode=false). */
  expect(name: string, supported: unknown): void {
    const v = this.get<unknown>(name, supported);
    if (JSON.stringify(v) !== JSON.stringify(supported)) throw new Error(`unsupported ${name}=${JSON.stringify(v)} (descent supports ${JSON.stringify(supported)})`);
  }
  checkAllUsed(): void {
    const unknown = Object.keys(this.values).filter((k) => !this.used.has(k));
    if (unknown.length > 0) throw new Error(`unknown kwargs: ${unknown.join(', ')}`);
  }
}

type Runner = (x: Tensor[], k: Kwargs, extra: ExtraChecks) => Tensor;
/** Checks beyond output and gradients (argmax indices, running statistics), run after the call. */
type ExtraChecks = Array<(extra: Record<string, unknown>) => void>;

const axisArg = (k: Kwargs): number | number[] | undefined => k.get<number | number[] | undefined>('dim', undefined);
const reduction = (k: Kwargs): Reduction => k.get<Reduction>('reduction', 'mean');

function expectTensor(extra: Record<string, unknown>, key: string, actual: Tensor): void {
  const t = extra[key];
  if (!isGoldenTensor(t)) throw new Error(`extra.${key} is missing or not a tensor`);
  check(goldenData(t, key), actual, `extra.${key}`);
}

const RUNNERS: Record<string, Runner> = {
  'torch.matmul': ([a, b]) => matmul(a!, b!),
  '+': ([a, b]) => add(a!, b!),
  '-': ([a, b]) => sub(a!, b!),
  '*': ([a, b]) => mul(a!, b!),
  '/': ([a, b]) => div(a!, b!),
  'torch.exp': ([x]) => exp(x!),
  'torch.log': ([x]) => log(x!),
  'torch.tanh': ([x]) => tanh(x!),
  'torch.sigmoid': ([x]) => sigmoid(x!),
  'torch.relu': ([x]) => relu(x!),
  'F.relu': ([x]) => relu(x!),
  'F.leaky_relu': ([x], k) => leakyRelu(x!, k.get('negative_slope', 0.01)),
  'F.elu': ([x], k) => elu(x!, k.get('alpha', 1)),
  'F.softplus': ([x], k) => softplus(x!, k.get('beta', 1), k.get('threshold', 20)),
  'F.gelu': ([x], k) => (k.expect('approximate', 'none'), gelu(x!)),
  'F.silu': ([x]) => silu(x!),
  'F.softmax': ([x], k) => softmax(x!, k.get('dim', -1)),
  'F.log_softmax': ([x], k) => logSoftmax(x!, k.get('dim', -1)),
  'x.sum': ([x], k) => sum(x!, axisArg(k), k.get('keepdim', false)),
  'x.mean': ([x], k) => mean(x!, axisArg(k), k.get('keepdim', false)),
  'torch.max': ([x], k, extra) => {
    const r = maxWithIndices(x!, k.get('dim', 0), k.get('keepdim', false));
    extra.push((e) => expectTensor(e, 'indices', r.indices));
    return r.values;
  },
  'torch.min': ([x], k, extra) => {
    const r = minWithIndices(x!, k.get('dim', 0), k.get('keepdim', false));
    extra.push((e) => expectTensor(e, 'indices', r.indices));
    return r.values;
  },
  'F.mse_loss': ([a, b], k) => mseLoss(a!, b!, { reduction: reduction(k) }),
  'F.huber_loss': ([a, b], k) => huberLoss(a!, b!, { reduction: reduction(k), delta: k.get('delta', 1) }),
  'F.smooth_l1_loss': ([a, b], k) => smoothL1Loss(a!, b!, { reduction: reduction(k), beta: k.get('beta', 1) }),
  'F.cross_entropy': ([a, b], k) => crossEntropy(a!, b!, { reduction: reduction(k), labelSmoothing: k.get('label_smoothing', 0) }),
  'F.nll_loss': ([a, b], k) => nllLoss(a!, b!, { reduction: reduction(k) }),
  'F.binary_cross_entropy_with_logits': ([a, b], k) => binaryCrossEntropyWithLogits(a!, b!, { reduction: reduction(k) }),
  'F.kl_div': ([a, b], k) => klDiv(a!, b!, { reduction: k.get<Reduction | 'batchmean'>('reduction', 'mean'), logTarget: k.get('log_target', false) }),
  'F.batch_norm': ([x, rm, rv, w, b], k, extra) => {
    const out = batchNorm(x!, rm ?? null, rv ?? null, w ?? null, b ?? null, {
      training: k.get('training', false),
      momentum: k.get('momentum', 0.1),
      eps: k.get('eps', 1e-5),
    });
    extra.push((e) => {
      if ('running_mean_after' in e) expectTensor(e, 'running_mean_after', rm!);
      if ('running_var_after' in e) expectTensor(e, 'running_var_after', rv!);
    });
    return out;
  },
  'F.layer_norm': ([x, w, b], k) => layerNorm(x!, k.get<number[]>('normalized_shape', []), w ?? null, b ?? null, k.get('eps', 1e-5)),
  'F.conv2d': ([x, w, b], k) => {
    k.expect('groups', 1);
    return conv2d(x!, w!, b ?? null, { stride: k.get('stride', 1), padding: k.get('padding', 0), dilation: k.get('dilation', 1) });
  },
  'F.max_pool2d': ([x], k) => {
    k.expect('dilation', 1);
    k.expect('ceil_mode', false);
    const kernelSize = k.get<number | [number, number]>('kernel_size', 1);
    return maxPool2d(x!, { kernelSize, stride: k.get('stride', kernelSize), padding: k.get('padding', 0) });
  },
  'F.avg_pool2d': ([x], k) => {
    k.expect('ceil_mode', false);
    const kernelSize = k.get<number | [number, number]>('kernel_size', 1);
    return avgPool2d(x!, { kernelSize, stride: k.get('stride', kernelSize), padding: k.get('padding', 0), countIncludePad: k.get('count_include_pad', true) });
  },
};

/** The function a recorded call names: `torch.matmul(a, b)` → `torch.matmul`; `a + b` → `+`. */
export function callHead(call: string): string | undefined {
  const fn = /^\s*([A-Za-z_][\w.]*)\s*\(/.exec(call);
  if (fn) return fn[1];
  const operator = /^\s*\w+\s*([-+*/])\s*\w+/.exec(call);
  return operator?.[1];
}

function toTensor(t: GoldenTensor, what: string): Tensor {
  const data = goldenData(t, what);
  return t.dtype === 'int64' ? new Tensor(Int32Array.from(data), t.shape) : new Tensor(data, t.shape);
}

function check(expected: Float64Array, actual: Tensor, what: string): number {
  const c = compareArrays(expected, actual.data, FLOAT64_TOLERANCE, what);
  if (!c.ok) throw new ParityMismatch(c.worst);
  return c.worstRatio;
}

function runOpCase(c: OpCase): string {
  const head = callHead(c.call);
  const runner = head === undefined ? undefined : RUNNERS[head];
  if (!runner) throw new Error(`unknown call '${c.call}'`);
  const inputs = c.inputs.map((i) => {
    const t = toTensor(i.value, `input ${i.name}`);
    if (i.requires_grad) t.requireGrad();
    return t;
  });
  const kwargs = new Kwargs(c.kwargs ?? {});
  const extraChecks: ExtraChecks = [];
  const out = runner(inputs, kwargs, extraChecks);
  kwargs.checkAllUsed();
  if (!sameShape(out.shape, c.output.shape)) throw new ParityMismatch(`output has shape ${formatShape(out.shape)}, expected ${formatShape(c.output.shape)}`);
  let worst = check(goldenData(c.output, 'output'), out, 'output');
  for (const x of extraChecks) x(c.extra ?? {});
  const gradNames = Object.keys(c.grads ?? {});
  // Every input that requires a gradient must have one recorded, or its gradient would go unchecked.
  const unchecked = c.inputs.find((i) => i.requires_grad && !gradNames.includes(i.name));
  if (unchecked) throw new ParityMismatch(`no expected gradient for input '${unchecked.name}' (requires_grad is set)`);
  if (gradNames.length > 0) {
    out.backward(toTensor(c.upstream_grad, 'upstream_grad'));
    for (const name of gradNames) {
      const k = c.inputs.findIndex((i) => i.name === name);
      const g = inputs[k]?.grad;
      if (!g) throw new ParityMismatch(`no gradient reached input '${name}'`);
      worst = Math.max(worst, check(goldenData(c.grads[name]!, `grad ${name}`), g, `grad ${name}`));
    }
  }
  return `(worst ${worst.toExponential(1)} of tolerance, ${gradNames.length} gradients)`;
}

/** Runs the 'ops' section of a golden file. */
export function runOpsSection(section: unknown): CaseResult[] {
  const cases = (section as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) return [{ section: 'ops', name: '(section)', ok: false, detail: 'the ops section has no cases array' }];
  return cases.map((raw: unknown, i) => {
    const c = raw as OpCase | null;
    return runCase('ops', typeof c?.name === 'string' ? c.name : `case ${i}`, () => {
      if (typeof c !== 'object' || c === null) throw new Error('the case is not an object');
      return runOpCase(c);
    });
  });
}
