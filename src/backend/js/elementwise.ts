/** Elementwise kernels: unary maps, broadcasting binary ops and `where`. */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import type { BinaryKernel, UnaryKernel } from '../backend.js';
import { broadcastIndex, broadcastKind } from '../../tensor/broadcast.js';
import { erf } from './erf.js';

const SQRT1_2 = Math.SQRT1_2;

/** The scalar function behind each unary kernel. */
function unaryFunction(op: UnaryKernel, p0: number, p1: number): (x: number) => number {
  switch (op) {
    case 'neg': return (x) => -x;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'log1p': return Math.log1p;
    case 'expm1': return Math.expm1;
    case 'sqrt': return Math.sqrt;
    case 'abs': return Math.abs;
    case 'sign': return (x) => (x > 0 ? 1 : x < 0 ? -1 : x); // keeps ±0 and NaN, like torch.sign
    case 'square': return (x) => x * x;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tanh': return Math.tanh;
    // NOTE: 1/(1+exp(-x)) overflows harmlessly to 0 for very negative x; no special case needed.
    case 'sigmoid': return (x) => 1 / (1 + Math.exp(-x));
    case 'erf': return erf;
    // NOTE: relu as `x > 0 ? x : 0` (not Math.max) so NaN propagates and the derivative at 0 is 0.
    case 'relu': return (x) => (x > 0 ? x : x !== x ? x : 0);
    case 'leakyRelu': return (x) => (x > 0 ? x : x * p0);
    case 'elu': return (x) => (x > 0 ? x : p0 * Math.expm1(x));
    // PyTorch: (x*beta) > threshold ? x : log1p(exp(x*beta)) / beta.
    case 'softplus': return (x) => (x * p0 > p1 ? x : Math.log1p(Math.exp(x * p0)) / p0);
    case 'gelu': return (x) => x * 0.5 * (1 + erf(x * SQRT1_2));
    case 'silu': return (x) => x / (1 + Math.exp(-x));
    case 'clamp': return (x) => (x < p0 ? p0 : x > p1 ? p1 : x);
  }
}

export function unary(op: UnaryKernel, x: TypedArray, out: TypedArray, p0 = 0, p1 = 0): void {
  const n = x.length;
  // The hottest maps get their own loops; the rest go through a scalar function.
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v > 0 ? v : v !== v ? v : 0;
      }
      return;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      return;
    default: {
      const f = unaryFunction(op, p0, p1);
      for (let i = 0; i < n; i++) out[i] = f(x[i]!);
    }
  }
}

function binaryFunction(op: BinaryKernel): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'pow': return Math.pow;
    // NaN-propagating like torch.maximum/minimum.
    case 'maximum': return (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b);
    case 'minimum': return (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
  }
}

/** Same-size loops for the four arithmetic ops, written out so V8 keeps them monomorphic. */
function arithmeticSame(op: BinaryKernel, a: TypedArray, b: TypedArray, out: TypedArray): boolean {
  const n = out.length;
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; return true;
    case 'sub': for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; return true;
    case 'mul': for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; return true;
    case 'div': for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; return true;
    default: return false;
  }
}

export function binary(op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const n = out.length;
  const ka = broadcastKind(aShape, outShape, a.length, n);
  const kb = broadcastKind(bShape, outShape, b.length, n);
  if (ka === 'same' && kb === 'same' && arithmeticSame(op, a, b, out)) return;
  const f = binaryFunction(op);
  if (ka === 'same' && kb === 'same') {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  } else if (ka === 'same' && kb === 'scalar') {
    const s = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, s);
  } else if (ka === 'scalar' && kb === 'same') {
    const s = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(s, b[i]!);
  } else if (ka === 'same' && kb === 'suffix') {
    // The bias pattern: [rows, cols] op [cols].
    const m = b.length;
    for (let i = 0, j = 0; i < n; i++, j = j + 1 === m ? 0 : j + 1) out[i] = f(a[i]!, b[j]!);
  } else if (ka === 'suffix' && kb === 'same') {
    const m = a.length;
    for (let i = 0, j = 0; i < n; i++, j = j + 1 === m ? 0 : j + 1) out[i] = f(a[j]!, b[i]!);
  } else {
    const ia = broadcastIndex(aShape, outShape, n);
    const ib = broadcastIndex(bShape, outShape, n);
    for (let i = 0; i < n; i++) out[i] = f(a[ia[i]!]!, b[ib[i]!]!);
  }
}

export function where(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const n = out.length;
  if (cond.length === n && a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = cond[i] ? a[i]! : b[i]!;
    return;
  }
  const ic = broadcastIndex(condShape, outShape, n);
  const ia = broadcastIndex(aShape, outShape, n);
  const ib = broadcastIndex(bShape, outShape, n);
  for (let i = 0; i < n; i++) out[i] = cond[ic[i]!] ? a[ia[i]!]! : b[ib[i]!]!;
}
