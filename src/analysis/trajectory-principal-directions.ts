/**
 * The principal directions of a training trajectory (Li et al., "Visualizing the Loss Landscape of
 * Neural Nets", NeurIPS 2018, §7, https://arxiv.org/abs/1712.09913): random directions in a space of
 * thousands of weights are nearly orthogonal to the path the optimizer took, so a trajectory
 * projected onto them barely moves; the plane of the top two principal directions of the iterates
 * holds as much of the path as any plane can.
 */
import { dotFlat } from './parameters.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Options of {@link trajectoryPrincipalDirections}. */
export interface TrajectoryPrincipalDirectionsOptions {
  /** How many directions (default 2). */
  count?: number;
}

/** The result of {@link trajectoryPrincipalDirections}. */
export interface TrajectoryPrincipalDirections {
  /** Unit, mutually orthogonal directions in parameter space, the most explaining first. */
  directions: Float64Array[];
  /**
   * `explained[k]`: the share of Σᵢ‖θᵢ − origin‖² along `directions[k]`, in (0, 1], non-increasing,
   * summing to at most 1 (to 1 when `count` is the rank of the iterates).
   */
  explained: number[];
}

/**
 * Eigenvalues of the Gram matrix below this share of its trace are rounding, not data: the Gram
 * matrix of exactly collinear iterates gets a second eigenvalue near 1e-16 of the trace, any real
 * second direction of a training path far more than this.
 */
const RANK_TOLERANCE = 1e-10;

/**
 * The top-`count` principal directions of the iterates θ₁ … θₙ centred on `origin` (usually the
 * final weights): the top right singular vectors of the n×P matrix M whose rows are θᵢ − origin,
 * with the share of Σᵢ‖θᵢ − origin‖² each explains (its squared singular value over the sum).
 *
 * Exact and cheap when n ≪ P: the n×n Gram matrix G = MMᵀ (Gᵢⱼ = ⟨θᵢ − origin, θⱼ − origin⟩) has
 * eigenpairs (σₖ², uₖ), and vₖ = Mᵀuₖ / σₖ is the k-th direction — O(n²P) for G, O(n³) for its
 * eigenpairs, never a P×P matrix. Each direction's sign is fixed so that its entry of largest
 * magnitude is positive, so the result does not depend on the order of the iterates.
 *
 * Li et al.'s code runs scikit-learn's PCA on the rows θᵢ − θ_final, which also subtracts the rows'
 * mean; here the centre is `origin` itself, so the plane passes through it and "variance" is the
 * spread about it (the path's start and end, not its midpoint, anchor the axes).
 *
 * Throws, naming the problem, when the iterates have different lengths than `origin` or non-finite
 * values, when fewer than 2 of them are distinct, when all equal `origin`, or when `count` exceeds
 * the number of independent directions among them (their rank).
 *
 * @example
 * const { directions, explained } = trajectoryPrincipalDirections(snapshots, finalWeights);
 * const path = projectTrajectory(snapshots, directions, finalWeights);
 * // axis labels: `PC1, ${Math.round(100 * explained[0])}% of the variance`
 */
export function trajectoryPrincipalDirections(
  trajectory: readonly Float64Array[],
  origin: Float64Array,
  options: TrajectoryPrincipalDirectionsOptions = {},
): TrajectoryPrincipalDirections {
  const count = options.count ?? 2;
  const n = trajectory.length;
  const p = origin.length;
  if (!Number.isInteger(count) || count < 1) throw new Error(`trajectoryPrincipalDirections: count must be an integer >= 1, got ${count}`);
  if (!origin.every(Number.isFinite)) throw new Error('trajectoryPrincipalDirections: the origin has a non-finite value');
  trajectory.forEach((theta, i) => {
    if (theta.length !== p) throw new Error(`trajectoryPrincipalDirections: iterate ${i} has ${theta.length} values, the origin ${p}`);
    if (!theta.every(Number.isFinite)) throw new Error(`trajectoryPrincipalDirections: iterate ${i} has a non-finite value`);
  });
  const offsets = trajectory.map((theta) => Float64Array.from({ length: p }, (_, j) => theta[j]! - origin[j]!));
  if (n > 0 && offsets.every((d) => d.every((x) => x === 0))) throw new Error(`trajectoryPrincipalDirections: all ${n} iterates equal the origin, so the trajectory has no direction`);
  if (!trajectory.some((theta) => !sameValues(theta, trajectory[0]!))) throw new Error(`trajectoryPrincipalDirections: fewer than 2 distinct iterates (got ${n === 0 ? 'none' : `${n}, all equal`}), so there is no path to analyse`);
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const g = dotFlat(offsets[i]!, offsets[j]!);
      gram[i * n + j] = g;
      gram[j * n + i] = g;
    }
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += gram[i * n + i]!;
  const { values, vectors } = symmetricEigen(gram, n);
  let rank = 0;
  while (rank < n && values[rank]! > RANK_TOLERANCE * trace) rank++;
  if (count > rank) throw new Error(`trajectoryPrincipalDirections: count ${count} exceeds the rank of the iterates (${rank} independent direction${rank === 1 ? '' : 's'} among ${n} iterates)`);
  const directions: Float64Array[] = [];
  const explained: number[] = [];
  for (let k = 0; k < count; k++) {
    const u = vectors[k]!;
    const v = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const ui = u[i]!;
      if (ui === 0) continue;
      const d = offsets[i]!;
      for (let j = 0; j < p; j++) v[j] = v[j]! + ui * d[j]!;
    }
    // vₖ ⟂ vₗ holds only up to the eigenvectors' rounding, amplified by λ₁/λₖ for a weak direction:
    // one Gram–Schmidt pass makes the directions orthonormal to rounding. Normalising by the computed
    // norm rather than √λ makes each exactly unit.
    for (const w of directions) {
      const c = dotFlat(v, w);
      for (let j = 0; j < p; j++) v[j] = v[j]! - c * w[j]!;
    }
    const norm = Math.sqrt(dotFlat(v, v));
    let largest = 0;
    for (let j = 1; j < p; j++) if (Math.abs(v[j]!) > Math.abs(v[largest]!)) largest = j;
    const scale = (v[largest]! < 0 ? -1 : 1) / norm;
    for (let j = 0; j < p; j++) v[j] = v[j]! * scale;
    directions.push(v);
    explained.push(values[k]! / trace);
  }
  return { directions, explained };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
