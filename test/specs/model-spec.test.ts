import { describe, it, expect } from 'vitest';
import { Random } from '../../src/tensor/random.js';
import { buildModel, DEFAULT_MAX_PARAMETER_BYTES } from '../../src/specs/model-spec.js';
import { SpecError } from '../../src/specs/spec-error.js';

const FORMAT = 'format: mlp:<sizes>[:<activation>][:batchnorm][:dropout=<p>] (e.g. mlp:784-256-10:relu) or conv[:batchnorm]';

/** The SpecError `buildModel(spec)` throws. */
function specError(spec: string, options = {}): SpecError {
  try {
    buildModel(spec, new Random(0), options);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error(`expected a SpecError for ${spec}`);
}

describe('buildModel: the parameter limit is checked before allocating', () => {
  it('mlp:2-1000000000-2 is refused at once, naming the spec, the count, the limit and how to raise it', () => {
    const t0 = performance.now();
    const before = process.memoryUsage().arrayBuffers;
    expect(specError('mlp:2-1000000000-2').message).toBe(
      "model 'mlp:2-1000000000-2' has 5000000002 parameters (20000000008 bytes as float32), more than the limit of 2147483648 bytes; " +
        'raise it with maxParameterBytes (--max-parameter-bytes 34359738368) if you mean it',
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(DEFAULT_MAX_PARAMETER_BYTES).toBe(2 ** 31);
  });

  it('the count is exact (it equals numParameters), and the limit can be lowered or raised', () => {
    for (const spec of ['mlp:784-256-10', 'mlp:3-5-4-2:tanh:batchnorm:dropout=0.1', 'conv', 'conv:batchnorm']) {
      const n = buildModel(spec, new Random(0)).model.numParameters();
      expect(() => buildModel(spec, new Random(0), { maxParameterBytes: 4 * n })).not.toThrow();
      expect(specError(spec, { maxParameterBytes: 4 * n - 1 }).message).toContain(`has ${n} parameters (${4 * n} bytes as float32), more than the limit of ${4 * n - 1} bytes`);
    }
    expect(buildModel('mlp:2-3-2', new Random(0), { maxParameterBytes: 2 ** 40 }).outputs).toBe(2);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(specError('mlp:2-3-2', { maxParameterBytes: 0 }).message).toBe('maxParameterBytes must be a positive number of bytes, got 0');
    expect(specError('mlp:2-3-2', { maxParameterBytes: '1e9' }).message).toBe('maxParameterBytes must be a positive number of bytes, got "1e9"');
  });
});

describe('buildModel: layer sizes and options are checked, naming the spec', () => {
  const cases: [string, string][] = [
    ['mlp:2-0-2', "model 'mlp:2-0-2': layer size 2 of 3 is 0: every layer needs at least one unit"],
    ['mlp:2--3-2', "model 'mlp:2--3-2': layer size 2 of 4 is empty (a '-' too many, or a negative size?): expected layer sizes like 784-256-10, positive integers joined by '-'"],
    ['mlp:-2-3', "model 'mlp:-2-3': layer size 1 of 3 is empty (a '-' too many, or a negative size?): expected layer sizes like 784-256-10, positive integers joined by '-'"],
    ['mlp:2-2.5-2', "model 'mlp:2-2.5-2': layer size 2 of 3 is '2.5': expected layer sizes like 784-256-10, positive integers joined by '-'"],
    ['mlp:2-1e9-2', "model 'mlp:2-1e9-2': layer size 2 of 3 is '1e9': expected layer sizes like 784-256-10, positive integers joined by '-'"],
    ['mlp:2-99999999999-2', "model 'mlp:2-99999999999-2': layer size 2 of 3 is 99999999999, more than 2147483647 units"],
    ['mlp:10', "model 'mlp:10': expected at least two layer sizes (inputs and outputs) like 784-256-10, got 10"],
    ['mlp', "model 'mlp': no layer sizes (expected sizes like 784-256-10)"],
    ['mlp:relu', "model 'mlp:relu': no layer sizes (expected sizes like 784-256-10)"],
    ['mlp:2-3:4-5', "model 'mlp:2-3:4-5': more than one list of layer sizes: 2-3, 4-5"],
    ['mlp:2-3-2:relu:tanh', "model 'mlp:2-3-2:relu:tanh': unknown option 'relu:tanh'; activations: relu, tanh, sigmoid, leakyrelu, elu, gelu, silu; flags: batchnorm, dropout=<p>"],
    ['mlp:2-3-2:rleu', "model 'mlp:2-3-2:rleu': unknown option 'rleu'; activations: relu, tanh, sigmoid, leakyrelu, elu, gelu, silu; flags: batchnorm, dropout=<p>"],
    ['mlp:2-3-2:dropout=1', "model 'mlp:2-3-2:dropout=1': dropout must be in [0, 1), got dropout=1"],
    ['mlp:2-3-2:dropout=', "model 'mlp:2-3-2:dropout=': dropout must be in [0, 1), got dropout="],
    ['mlp:2-3-2:lr=0.1', "model 'mlp:2-3-2:lr=0.1': unknown option 'lr' (the only option is dropout=<p>)"],
    ['conv:relu', "model 'conv:relu': unknown option 'relu'; conv takes batchnorm and dropout=<p>"],
    ['conv:2-3', "model 'conv:2-3': unknown option '2-3'; conv takes batchnorm and dropout=<p>"],
    ['resnet', "model 'resnet': unknown kind 'resnet' (known: mlp, conv)"],
    ['', "model '': unknown kind '' (known: mlp, conv)"],
  ];
  it.each(cases)('%s', (spec, message) => {
    expect(specError(spec).message).toBe(`${message}; ${FORMAT}`);
  });

  it('too many layers, and a spec that is not a string', () => {
    expect(specError(`mlp:${Array(1001).fill(2).join('-')}`).message).toContain('1001 layer sizes: at most 1000');
    expect(specError(42 as unknown as string).message).toMatch(/^the model must be a spec string such as 'mlp:784-128-10', got 42/);
  });

  it('valid specs still build as before', () => {
    const built = buildModel('mlp:4-8-3:gelu:batchnorm:dropout=0.2', new Random(0));
    expect(built.inputShape).toEqual([4]);
    expect(built.outputs).toBe(3);
    expect(buildModel('conv', new Random(0)).inputShape).toEqual([1, 28, 28]);
  });
});
