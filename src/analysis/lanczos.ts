/**
 * Extreme eigenvalues of a symmetric linear operator known only through products v ↦ A·v, by the
 * Lanczos method with full reorthogonalisation (Golub & Van Loan, Matrix Computations, §10.1).
 *
 * m steps build an orthonormal basis Q of the Krylov space span{q, Aq, …, A^(m−1)q} and the
 * tridiagonal T = QᵀAQ; the eigenvalues of T (Ritz values) approach A's extreme eigenvalues much
 * faster than power iteration does (the error falls like a Chebyshev polynomial of the gap, not like
 * (λ₂/λ₁)^m), and one run yields k of them at once. Every new vector is orthogonalised against all
 * earlier ones (twice), which costs m·n memory but keeps the Ritz values free of the spurious copies
 * plain Lanczos produces in floating point. When the Krylov space is invariant (an exact
 * eigenspace was found, e.g. a repeated eigenvalue), the method restarts from a fresh random vector
 * orthogonal to Q, so repeated eigenvalues are found with their multiplicity.
 */
import { Random } from '../tensor/random.js';
import { dotFlat } from './parameters.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Options of {@link lanczos}. */
export interface LanczosOptions {
  /** How many eigenvalues to return (default 1). */
  k?: number;
  /** Most operator products (Lanczos steps), default 20; at most n are taken. */
  iterations?: number;
  /**
   * Stop early once each of the k Ritz pairs has residual ‖A·y − θy‖ ≤ tol·|θ| (default 1e-6;
   * 0 runs every iteration). The residual bounds the eigenvalue's error.
   */
  tol?: number;
  /** Seed of the random start vector (default 0): the same seed gives the same result. */
  seed?: number;
  /** `'magnitude'` (default): the k largest |λ|. `'largest'`: the k algebraically largest λ. */
  which?: 'magnitude' | 'largest';
}

/** What {@link lanczos} returns. */
export interface LanczosResult {
  /** The k eigenvalue estimates, ordered by `which` (largest first). */
  values: number[];
  /** The matching unit eigenvector estimates (Ritz vectors). */
  vectors: Float64Array[];
  /** The residual norms ‖A·y − θy‖ of each pair. */
  residuals: number[];
  /** Operator products used. */
  iterations: number;
  /** True when every residual met `tol` (or the Krylov space filled ℝⁿ). */
  converged: boolean;
}

/** Steps a Krylov block takes before its Ritz values may end the run early. */
const MIN_BLOCK = 3;

function checkOptions(options: LanczosOptions, n: number, where: string): Required<LanczosOptions> {
  const k = options.k ?? 1;
  const iterations = options.iterations ?? 20;
  const tol = options.tol ?? 1e-6;
  const seed = options.seed ?? 0;
  const which = options.which ?? 'magnitude';
  if (!Number.isInteger(k) || k < 1) throw new Error(`${where}: k must be an integer >= 1, got ${k}`);
  if (k > n) throw new Error(`${where}: k = ${k} exceeds the ${n} dimensions`);
  if (!Number.isInteger(iterations) || iterations < k) throw new Error(`${where}: iterations must be an integer >= k = ${k}, got ${iterations}`);
  if (!(tol >= 0)) throw new Error(`${where}: tol must be a number >= 0, got ${tol}`);
  if (!Number.isFinite(seed)) throw new Error(`${where}: seed must be a finite number, got ${seed}`);
  if (which !== 'magnitude' && which !== 'largest') throw new Error(`${where}: which must be 'magnitude' or 'largest', got ${JSON.stringify(which)}`);
  return { k, iterations, tol, seed, which };
}

/** Removes from `w` its components along every vector of `basis` (twice: "twice is enough"). */
function orthogonalise(w: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dotFlat(w, q);
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - c * q[i]!;
    }
  }
}

function norm(w: Float64Array): number {
  return Math.sqrt(dotFlat(w, w));
}

function randomUnit(random: Random, n: number, basis: readonly Float64Array[]): Float64Array | null {
  const r = Float64Array.from({ length: n }, () => random.normal());
  orthogonalise(r, basis);
  const length = norm(r);
  if (!(length > 1e-8 * Math.sqrt(n))) return null; // the basis already spans ℝⁿ
  for (let i = 0; i < n; i++) r[i] = r[i]! / length;
  return r;
}

/** The Ritz pairs of T (size m) picked by `which`, with their residual estimates β_m·|y_m|. */
function ritz(alpha: readonly number[], beta: readonly number[], lastBeta: number, k: number, which: 'magnitude' | 'largest') {
  const m = alpha.length;
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i]!;
    if (i + 1 < m) t[i * m + i + 1] = t[(i + 1) * m + i] = beta[i]!;
  }
  const { values, vectors } = symmetricEigen(t, m);
  const order = Array.from({ length: m }, (_, i) => i);
  if (which === 'magnitude') order.sort((i, j) => Math.abs(values[j]!) - Math.abs(values[i]!) || values[j]! - values[i]!);
  return order.slice(0, k).map((i) => ({ value: values[i]!, y: vectors[i]!, residual: Math.abs(lastBeta * vectors[i]![m - 1]!) }));
}

/**
 * The k extreme eigenpairs of the symmetric operator `apply` on ℝⁿ (see the file comment).
 * Deterministic for a given seed.
 *
 * @example
 * const A = [4, 1, 1, 3];
 * const { values } = lanczos((v) => Float64Array.of(A[0]! * v[0]! + A[1]! * v[1]!, A[2]! * v[0]! + A[3]! * v[1]!), 2);
 */
export function lanczos(apply: (v: Float64Array) => ArrayLike<number>, n: number, options: LanczosOptions = {}): LanczosResult {
  return lanczosNamed('lanczos', apply, n, options);
}

/** {@link lanczos}, its messages starting with `where` (the public function the user called). */
export function lanczosNamed(where: string, apply: (v: Float64Array) => ArrayLike<number>, n: number, options: LanczosOptions): LanczosResult {
  const { k, iterations, tol, seed, which } = checkOptions(options, n, where);
  const steps = Math.min(iterations, n);
  const random = new Random(seed);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = randomUnit(random, n, basis)!;
  let lastBeta = 0;
  let filled = false;
  let blockLength = 0;
  for (let j = 0; j < steps; j++) {
    basis.push(q);
    blockLength++;
    const w = Float64Array.from(apply(q));
    if (w.length !== n) throw new Error(`${where}: the operator returned ${w.length} values, expected ${n}`);
    alpha.push(dotFlat(w, q));
    // Full reorthogonalisation subsumes the three-term recurrence (w − αq − βq_prev).
    orthogonalise(w, basis);
    lastBeta = norm(w);
    if (basis.length === n) {
      filled = true;
      break;
    }
    const scale = alpha.reduce((s, a) => Math.max(s, Math.abs(a)), 0) + beta.reduce((s, b) => Math.max(s, b), 0);
    const invariant = lastBeta <= 1e-12 * scale;
    // Never stop on an invariant subspace (a repeated eigenvalue would be found once), nor before the
    // current block has had a few steps to show the largest eigenvalue of its subspace.
    if (!invariant && j + 1 >= k && blockLength >= MIN_BLOCK && tol > 0) {
      const pairs = ritz(alpha, beta, lastBeta, k, which);
      if (pairs.every((p) => p.residual <= tol * Math.abs(p.value) || p.residual <= 1e-14 * scale)) break;
    }
    if (j + 1 === steps) break;
    if (invariant) {
      // An invariant subspace: T is exact on it. Continue in its orthogonal complement (T gets a zero off-diagonal).
      const fresh = randomUnit(random, n, basis);
      if (fresh === null) {
        filled = true;
        break;
      }
      beta.push(0);
      lastBeta = 0;
      blockLength = 0;
      q = fresh;
    } else {
      beta.push(lastBeta);
      q = Float64Array.from(w, (x) => x / lastBeta);
    }
  }
  if (filled) lastBeta = 0; // T is similar to A itself: the Ritz pairs are exact up to rounding
  const pairs = ritz(alpha, beta, lastBeta, k, which);
  const vectors = pairs.map(({ y }) => {
    const x = new Float64Array(n);
    basis.forEach((b, i) => {
      const c = y[i]!;
      for (let r = 0; r < n; r++) x[r] = x[r]! + c * b[r]!;
    });
    return x;
  });
  return {
    values: pairs.map((p) => p.value),
    vectors,
    residuals: pairs.map((p) => p.residual),
    iterations: basis.length,
    converged: filled || pairs.every((p) => p.residual <= tol * Math.abs(p.value)),
  };
}
