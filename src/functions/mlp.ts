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
import { fma } from '../numerics/fma.js';
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
  const { gW: gW2, gb: gb2 } = linearParameterGrads(gOut, h, N, O, H);
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
  const { gW: gW1, gb: gb1 } = linearParameterGrads(gz, X, N, H, I);
  return { loss, grads: { W1: gW1, b1: gb1, W2: gW2, b2: gb2 } };
}

/**
 * A linear layer's parameter gradients from the gradient `g` [N, outDim] of its output and its
 * input [N, inDim], rounded as PyTorch's CPU kernels round them: the bias gradient is aten's sum
 * over the batch of each column of g; the weight gradient gW[o, j] = Σ_n g[n, o]·input[n, j],
 * accumulated in batch order.
 */
function linearParameterGrads(g: Float64Array, input: ArrayLike<number>, N: number, outDim: number, inDim: number): { gW: Float64Array; gb: Float64Array } {
  const gb = new Float64Array(outDim);
  const gW = new Float64Array(outDim * inDim);
  const column = new Float64Array(N);
  for (let o = 0; o < outDim; o++) {
    for (let n = 0; n < N; n++) column[n] = g[n * outDim + o]!;
    gb[o] = atenSum(column);
    for (let j = 0; j < inDim; j++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += g[n * outDim + o]! * input[n * inDim + j]!;
      gW[o * inDim + j] = s;
    }
  }
  return { gW, gb };
}
