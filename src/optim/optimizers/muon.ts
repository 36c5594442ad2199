/**
 * Muon (Jordan et al. 2024, "Muon: An optimizer for hidden layers in neural networks"): SGD momentum
 * whose update of each matrix is orthogonalized by a Newton–Schulz iteration, with an auxiliary Adam
 * for the other parameters. Matches KellerJordan/Muon `SingleDeviceMuon` and
 * `SingleDeviceMuonWithAuxAdam`, with Newton–Schulz run in float64 (the reference runs it in
 * bfloat16 on GPUs; float64 is what the golden data uses, and float32 parameters only gain from it).
 */
import { ensureSlot, transformationFactory, normalizeBetas, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { DefinedOptimizer } from '../defined-optimizer.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray, ParamsInput } from '../types.js';
import { betaSpec, epsSpec, learningRateSpec, type BetasOptions, type StepState } from './specs.js';

/** Muon's hyper-parameters; beta1 (default 0.9) and beta2 (0.95) are the auxiliary Adam's. */
export interface MuonOptions extends BetasOptions {
  /** η, default 0.02 (in units of spectral norm per update for the matrices). */
  learningRate?: number;
  /** μ, default 0.95: momentum of the matrices' updates. */
  momentum?: number;
  /** default true: orthogonalize the Nesterov look-ahead g + μ·(buf − g) instead of buf. */
  nesterov?: boolean;
  /** Newton–Schulz iterations, default 5. */
  nsSteps?: number;
  /** λ, default 0: decoupled weight decay p ← p·(1 − η·λ), for both parts. */
  weightDecay?: number;
  useMuon?: boolean;
  /** The auxiliary Adam's ε, default 1e-10. */
  eps?: number;
}

/** Resolved hyper-parameters. */
export type MuonHyper = Required<Omit<MuonOptions, 'betas'>>;

/** Muon's per-parameter state (one of the two parts' slots, by what the parameter takes). */
export interface MuonState extends StepState {
  /** The matrix view [rows, cols] of the parameter (first dimension × the rest); 0 × 0 for a vector. */
  rows: number;
  cols: number;
  /*
   * Muon's momentum buffer `momentumBuffer`, or the auxiliary Adam's moments `expAvg` and
   * `expAvgSq`: created at the first step by what the parameter takes (a group's `useMuon` may
   * change), so a state dict holds only the part the parameter uses.
   */
}

/** The quintic Newton–Schulz coefficients of the reference (maximal slope at zero). */
const NS_A = 3.4445;
const NS_B = -4.775;
const NS_C = 2.0315;

/** torch.lerp's two-sided formula (exact at both ends): start + w·(end − start), or end − (end − start)·(1 − w). */
function lerp(start: number, end: number, w: number): number {
  return Math.abs(w) < 0.5 ? start + w * (end - start) : end - (end - start) * (1 - w);
}

/** C = A·B for row-major A [n, k] and B [k, m]; each c[i, j] sums over t in order (rows of B read contiguously). */
function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let t = 0; t < k; t++) {
      const ait = a[i * k + t]!;
      const bt = t * m;
      for (let j = 0; j < m; j++) c[row + j] = c[row + j]! + ait * b[bt + j]!;
    }
  }
  return c;
}

/** G = X·Xᵀ for row-major X [m, n] (rows of X read contiguously). */
function gram(x: Float64Array, m: number, n: number): Float64Array {
  const g = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += x[i * n + t]! * x[j * n + t]!;
      g[i * m + j] = s;
    }
  }
  return g;
}

/**
 * The reference's `zeropower_via_newtonschulz5` on a row-major [rows, cols] matrix: an approximate
 * U·Vᵀ of G = U·S·Vᵀ (singular values pushed into about [0.7, 1.2]), in float64.
 *
 * @example
 * newtonSchulz(Float64Array.of(3, 0, 0, 4), 2, 2, 5); // ≈ identity
 */
export function newtonSchulz(g: ArrayLike<number>, rows: number, cols: number, steps: number): Float64Array {
  // Work on the wide orientation (m ≤ n), so X·Xᵀ is the smaller Gram matrix.
  const tall = rows > cols;
  const m = tall ? cols : rows;
  const n = tall ? rows : cols;
  let x = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[tall ? j * n + i : i * n + j] = g[i * cols + j]!;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += x[i]! * x[i]!;
  // Spectral norm ≤ Frobenius norm ≤ 1 after this division.
  const norm = Math.sqrt(sq) + 1e-7;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! / norm;
  for (let s = 0; s < steps; s++) {
    const a = gram(x, m, n);
    // The reference writes b·A + c·A @ A, which Python reads as b·A + (c·A) @ A.
    const ca = a.map((v) => NS_C * v);
    const aa = matmul(ca, a, m, m, m);
    const bm = a.map((v, i) => NS_B * v + aa[i]!);
    const bx = matmul(bm, x, m, m, n);
    x = x.map((v, i) => NS_A * v + bx[i]!);
  }
  if (!tall) return x;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = x[j * n + i]!;
  return out;
}

/** Fresh state for a parameter of `shape`: its matrix view [first dimension, the rest] when it has 2 or more dimensions. */
export function muonInit(p: FloatArray, shape: readonly number[] = [p.length]): MuonState {
  const matrix = shape.length >= 2 && p.length > 0;
  const rows = matrix ? shape[0]! : 0;
  return { step: 0, rows, cols: matrix ? p.length / rows : 0 };
}

/** Muon's definition. The pure form (`muon(options)`) sees flat arrays only, so every array takes the auxiliary Adam there. */
export const muonDefinition: OptimizerDefinition<MuonHyper, MuonState> = {
  name: 'Muon',
  key: 'muon',
  summary: 'Momentum orthogonalized by Newton–Schulz for matrices, with an auxiliary Adam for the other parameters.',
  paper: 'https://kellerjordan.github.io/posts/muon/',
  pytorch: false,
  hyperParameters: [
    learningRateSpec(0.02, 'step size η (the matrices move by η in spectral norm per update)'),
    betaSpec('momentum', 0.95, 'momentum μ of the matrices’ updates'),
    { kind: 'boolean', name: 'nesterov', default: true, doc: 'orthogonalize the Nesterov look-ahead of the momentum' },
    { kind: 'integer', name: 'nsSteps', default: 5, min: 0, doc: 'Newton–Schulz iterations of the orthogonalization' },
    { kind: 'number', name: 'weightDecay', default: 0, min: 0, doc: 'decoupled weight decay λ: p ← p·(1 − η·λ)' },
    { kind: 'boolean', name: 'useMuon', default: true, doc: 'orthogonalize this group’s matrices (false: the whole group takes the auxiliary Adam)' },
    betaSpec('beta1', 0.9, 'the auxiliary Adam’s β1 (vectors and useMuon: false)'),
    betaSpec('beta2', 0.95, 'the auxiliary Adam’s β2'),
    epsSpec(1e-10, 'the auxiliary Adam’s ε'),
  ],
  stateKeys: ['step', 'rows', 'cols', 'momentumBuffer', 'expAvg', 'expAvgSq'],
  normalize: (o) => normalizeBetas('Muon', o),
  init: (p, _h, shape) => muonInit(p, shape),
  step(p, g, s, h, out) {
    s.step += 1;
    const lr = h.learningRate;
    // The reference's p·(1 − η·λ) − η·u as the additive update −η·λ·p − η·u: the same bits when
    // λ = 0, within an ulp otherwise (the definitions' contract: out = p + update).
    const decay = lr * h.weightDecay;
    const n = p.length;
    if (h.useMuon && s.rows > 0) {
      const buf = ensureSlot(s, 'momentumBuffer', p);
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        buf[i] = lerp(buf[i]!, g[i]!, 1 - h.momentum);
        u[i] = h.nesterov ? lerp(g[i]!, buf[i]!, h.momentum) : buf[i]!;
      }
      const o = newtonSchulz(u, s.rows, s.cols, h.nsSteps);
      // Scaled so that tall matrices' updates have the RMS of square ones.
      const scale = Math.sqrt(Math.max(1, s.rows / s.cols));
      for (let i = 0; i < n; i++) out[i] = out[i]! + (-decay * p[i]! + -lr * (o[i]! * scale));
      return;
    }
    const m = ensureSlot(s, 'expAvg', p);
    const v = ensureSlot(s, 'expAvgSq', p);
    const c1 = 1 - h.beta1 ** s.step;
    const c2 = 1 - h.beta2 ** s.step;
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      m[i] = lerp(m[i]!, gi, 1 - h.beta1);
      v[i] = lerp(v[i]!, gi * gi, 1 - h.beta2);
      const update = m[i]! / c1 / (Math.sqrt(v[i]! / c2) + h.eps);
      out[i] = out[i]! + (-decay * p[i]! + -lr * update);
    }
  },
};

/**
 * Muon: MomentUm Orthogonalized by Newton–Schulz. Each matrix's momentum update is replaced by the
 * nearest (semi-)orthogonal matrix, approximated by a quintic Newton–Schulz iteration; vectors
 * (biases, gains) and groups with `useMuon: false` take an auxiliary Adam.
 *
 * Update of a matrix W [rows, cols] (conv kernels are viewed as [out, in·kh·kw]):
 * ```
 * buf ← μ·buf + (1 − μ)·g,     u = nesterov ? (1 − μ)·g + μ·buf : buf
 * O  = NewtonSchulz5(u)         (≈ U·Vᵀ of u = U·S·Vᵀ)
 * W ← W·(1 − η·λ) − η·√max(1, rows/cols)·O
 * ```
 * The auxiliary Adam: m ← lerp(m, g, 1 − β1), v ← lerp(v, g², 1 − β2),
 * p ← p·(1 − η·λ) − η·(m/(1 − β1^t)) / (√(v/(1 − β2^t)) + ε).
 * Defaults: learningRate 0.02, momentum 0.95, nesterov true, nsSteps 5, weightDecay 0, useMuon
 * true, beta1 0.9, beta2 0.95, eps 1e-10. Give the Adam parameters their own group (and rate):
 * Paper: https://kellerjordan.github.io/posts/muon/
 *
 * @example
 * const opt = new Muon([
 *   { params: hiddenMatrices, learningRate: 0.02 },
 *   { params: headAndBiases, useMuon: false, learningRate: 3e-4 },
 * ]);
 */
export class Muon extends DefinedOptimizer<MuonHyper, MuonState> {
  /** The definition this class runs (the registry reads it). */
  static readonly definition = muonDefinition;

  constructor(params: ParamsInput, options: MuonOptions = {}) {
    super(muonDefinition, params, options);
  }
}

/**
 * Muon as a pure transformation. It sees flat arrays only, so every array takes the auxiliary Adam;
 * the class (`new Muon(params, options)`) knows the shapes, and its matrices take Muon.
 *
 * @example
 * const tx = muon({ learningRate: 0.02 });
 */
export const muon: (options?: MuonOptions) => GradientTransformation<OptimizerState<MuonState>> = transformationFactory(muonDefinition);
