/**
 * Weight snapshots of a training run drawn on a loss slice: each snapshot's offset from the slice's
 * origin, expressed in the slice's directions.
 */
import { dotFlat } from './parameters.js';

/**
 * The coordinates (α, or α and β) of each weight snapshot θ_t in the plane of a loss slice:
 * the least-squares solution of θ_t − origin ≈ α·d₁ (+ β·d₂), so a point on the slice's grid maps
 * to its own grid coordinates. Random directions in high dimension are nearly orthogonal, but not
 * exactly; least squares (as in Li et al.'s code) uses the slice's own, non-orthogonal axes. The
 * part of θ_t − origin outside the plane is dropped (report `residual` to show how much).
 *
 * @example
 * const slice = lossSlice(loss, params, { directions: 2 });
 * const path = projectTrajectory(snapshots, slice.directions, slice.origin);
 * // path[t].coordinates: [α, β] of snapshot t
 */
export function projectTrajectory(
  points: readonly ArrayLike<number>[],
  directions: readonly ArrayLike<number>[],
  origin: ArrayLike<number>,
): Array<{ coordinates: number[]; residual: number }> {
  if (directions.length !== 1 && directions.length !== 2) throw new Error(`projectTrajectory: expected 1 or 2 directions, got ${directions.length}`);
  const n = origin.length;
  for (const d of directions) if (d.length !== n) throw new Error(`projectTrajectory: a direction has ${d.length} values, the origin ${n}`);
  // The Gram matrix G = DᵀD of the directions; coordinates solve G·c = Dᵀ(θ − origin).
  const g11 = dotFlat(directions[0]!, directions[0]!);
  const g12 = directions.length === 2 ? dotFlat(directions[0]!, directions[1]!) : 0;
  const g22 = directions.length === 2 ? dotFlat(directions[1]!, directions[1]!) : 1;
  const det = g11 * g22 - g12 * g12;
  if (!(g11 > 0) || !(det > 1e-12 * g11 * g22)) throw new Error('projectTrajectory: the directions are zero or parallel');
  return points.map((p, t) => {
    if (p.length !== n) throw new Error(`projectTrajectory: point ${t} has ${p.length} values, the origin ${n}`);
    const delta = Float64Array.from({ length: n }, (_, i) => p[i]! - origin[i]!);
    const b1 = dotFlat(directions[0]!, delta);
    let coordinates: number[];
    if (directions.length === 1) coordinates = [b1 / g11];
    else {
      const b2 = dotFlat(directions[1]!, delta);
      coordinates = [(g22 * b1 - g12 * b2) / det, (g11 * b2 - g12 * b1) / det];
    }
    let r = 0;
    for (let i = 0; i < n; i++) {
      let x = delta[i]!;
      directions.forEach((d, k) => (x -= coordinates[k]! * d[i]!));
      r += x * x;
    }
    return { coordinates, residual: Math.sqrt(r) };
  });
}
