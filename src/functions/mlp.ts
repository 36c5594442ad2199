/**
 * A one-hidden-layer tanh network with mean-squared error, forward and hand-written backward in
 * float64, independent of the tensor library. The parity checker's `mlp` problem uses it:
 *
 *   h = tanh(X·W1ᵀ + b1),  out = h·W2ᵀ + b2,  loss = mean((out − Y)²)
 *
 * Layouts follow PyTorch: W1 is [hidden, inputs], W2 is [outputs, hidden], all row-major. Every
 * operation is rounded in PyTorch's order (see torch-arithmetic.ts), so loss and gradients equal
 * PyTorch's bit for bit.
 */
import { fma } from '../optim/fma.js';
import { atenSum, tanhRounded } from './torch-arithmetic.js';

/** Data of the regression problem: N samples of `inputs` features and `outputs` targets. */
export interface MlpData {
  /** [N, inputs] row-major. */
  X: Float64Array;
  /** [N, outputs] row-major. */
  Y: Float64Array;
  samples: number;
  inputs: number;
  hidden: number;
  outputs: number;
}

/** The four parameter arrays, PyTorch layout. */
export interface MlpParams {
  W1: ArrayLike<number>;
  b1: ArrayLike<number>;
  W2: ArrayLike<number>;
  b2: ArrayLike<number>;
}

/** Loss and the gradient of each parameter array. */
export interface MlpResult {
  loss: number;
  grads: { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array };
}

/**
 * Full-batch loss and gradients by back-propagation.
 *
 * @example
 * const { loss, grads } = mlpLossAndGradients(data, { W1, b1, W2, b2 });
 */
export function mlpLossAndGradients(data: MlpData, p: MlpParams): MlpResult {
  const { X, Y, samples: N, inputs: I, hidden: H, outputs: O } = data;
  const check = (name: string, a: ArrayLike<number>, n: number): void => {
    if (a.length !== n) throw new Error(`mlp: ${name} has ${a.length} values, expected ${n}`);
  };
  check('X', X, N * I);
  check('Y', Y, N * O);
  check('W1', p.W1, H * I);
  check('b1', p.b1, H);
  check('W2', p.W2, O * H);
  check('b2', p.b2, O);

  // Forward. addmm: the dot product first, then the bias.
  const h = new Float64Array(N * H);
  const diff = new Float64Array(N * O);
  const squares = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < H; j++) {
      let z = 0;
      for (let k = 0; k < I; k++) z += X[n * I + k]! * p.W1[j * I + k]!;
      h[n * H + j] = tanhRounded(z + p.b1[j]!);
    }
    for (let o = 0; o < O; o++) {
      let out = 0;
      for (let j = 0; j < H; j++) out += h[n * H + j]! * p.W2[o * H + j]!;
      const d = out + p.b2[o]! - Y[n * O + o]!;
      diff[n * O + o] = d;
      squares[n * O + o] = d * d;
    }
  }
  const count = N * O;
  const loss = atenSum(squares) / count;

  // Backward. mse_loss_backward: (out − Y)·(2/count)·1.
  const norm = 2 / count;
  const gOut = diff.map((d) => d * norm);
  const gb2 = new Float64Array(O);
  const gW2 = new Float64Array(O * H);
  const column = new Float64Array(N);
  for (let o = 0; o < O; o++) {
    for (let n = 0; n < N; n++) column[n] = gOut[n * O + o]!;
    gb2[o] = atenSum(column);
    for (let j = 0; j < H; j++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += gOut[n * O + o]! * h[n * H + j]!;
      gW2[o * H + j] = s;
    }
  }
  // tanh_backward: g·(1 − h²), with 1 − h² computed inline per element, as PyTorch's kernel does.
  const gz = new Float64Array(N * H);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < H; j++) {
      let gh = 0;
      for (let o = 0; o < O; o++) gh += gOut[n * O + o]! * p.W2[o * H + j]!;
      const hj = h[n * H + j]!;
      gz[n * H + j] = gh * fma(-hj, hj, 1);
    }
  }
  const gb1 = new Float64Array(H);
  const gW1 = new Float64Array(H * I);
  for (let j = 0; j < H; j++) {
    for (let n = 0; n < N; n++) column[n] = gz[n * H + j]!;
    gb1[j] = atenSum(column);
    for (let k = 0; k < I; k++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += gz[n * H + j]! * X[n * I + k]!;
      gW1[j * I + k] = s;
    }
  }
  return { loss, grads: { W1: gW1, b1: gb1, W2: gW2, b2: gb2 } };
}
