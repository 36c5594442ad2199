/**
 * A tensor of another copy of descent (the CommonJS build beside the ES module build in one process)
 * mixed into an op: a clear error, not NaN values or NaN gradients (audit). The real two-build case
 * runs in test/packaging/node-consumers.test.ts; here a look-alike object stands in for it.
 */
import { describe, expect, it } from 'vitest';
import { add, matmul, mul, sum, tensor, type Tensor } from '../../src/index.js';

/** What a Tensor of the other build looks like to this one: the same fields, another class. */
function otherCopyTensor(values: number[]): Tensor {
  class OtherCopyTensor {
    shape = [values.length];
    dtype = 'float32';
    data = Float32Array.from(values);
    requiresGrad = false;
    get rank(): number {
      return this.shape.length;
    }
    get size(): number {
      return values.length;
    }
  }
  return new OtherCopyTensor() as unknown as Tensor;
}

const ANOTHER_COPY = /an operand is a Tensor of another copy of descent .* load descent one way/;

describe('tensors of another copy of descent', () => {
  it('are refused by binary ops, as either operand, naming the op', () => {
    const x = tensor([1, 2]);
    const y = otherCopyTensor([3, 4]);
    expect(() => add(x, y)).toThrow(ANOTHER_COPY);
    expect(() => mul(y, x)).toThrow(/^mul: /);
    expect(() => x.sub(y)).toThrow(ANOTHER_COPY);
    expect(() => add(y, 2)).toThrow(ANOTHER_COPY);
  });

  it('are refused by unary, reduction and matrix ops', () => {
    expect(() => sum(otherCopyTensor([1, 2]))).toThrow(ANOTHER_COPY);
    expect(() => matmul(tensor([[1, 2]]), otherCopyTensor([3, 4]))).toThrow(/another copy of descent/);
  });

  it('other values get a type error that says what was given', () => {
    expect(() => add(tensor([1]), 'two' as unknown as number)).toThrow('add: expected a Tensor or a number, got string');
  });
});
