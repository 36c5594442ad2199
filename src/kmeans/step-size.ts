/**
 * Step sizes of the K-means updates. A batch B moves centre k by
 *   cₖ ← cₖ + ηₖ · (x̄ₖ − cₖ),   x̄ₖ = mean of the points of B nearest to cₖ.
 * With `counts` (the default), ηₖ = bₖ / nₖ where bₖ is the number of points of B assigned to k and
 * nₖ the number assigned to k so far, so cₖ is the running mean of every point it has been given:
 * MacQueen's online rule (1967) and Sculley's mini-batch rule (2010); the step decays like 1/nₖ.
 * With a schedule η(t) (t = updates so far), it is stochastic gradient descent on the cost
 * E = (1/2b) Σ_{x∈B} ‖x − c(x)‖²: cₖ ← cₖ + η(t) · (bₖ / b) · (x̄ₖ − cₖ).
 * `lloyd` (ηₖ = 1) jumps to the batch mean: with the whole data set as the batch, Lloyd's algorithm.
 */

/** A step size η as a function of the number of updates done so far. */
export type KMeansSchedule = (updates: number) => number;

/** `counts`, `lloyd`, a constant, or a schedule. */
export type KMeansStepSize = 'counts' | 'lloyd' | number | KMeansSchedule;

/**
 * The inverse-time decay η(t) = η₀ / (1 + t/τ), the classic stochastic-approximation schedule
 * (Σ η = ∞, Σ η² < ∞).
 *
 * @example
 * fitKMeans(points, { k: 3, update: 'online', stepSize: inverseTimeStepSize(0.5, 100) });
 */
export function inverseTimeStepSize(eta0: number, tau: number): KMeansSchedule {
  if (!(eta0 > 0) || !Number.isFinite(eta0)) throw new Error(`inverseTimeStepSize: invalid eta0: ${eta0} (expected a finite number > 0)`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new Error(`inverseTimeStepSize: invalid tau: ${tau} (expected a finite number > 0)`);
  return (t) => eta0 / (1 + t / tau);
}

/**
 * ηₖ for one centre: `assigned` = bₖ points of the batch of `batch` = b points went to it, after
 * which it has been given `seen` = nₖ in total; `updates` = t updates were done before this one.
 */
export function centreStep(rule: KMeansStepSize, assigned: number, batch: number, seen: number, updates: number): number {
  if (rule === 'counts') return assigned / seen;
  if (rule === 'lloyd') return 1;
  const eta = typeof rule === 'number' ? rule : rule(updates);
  return (eta * assigned) / batch;
}

/** Checks a step-size option, with a message naming the value. */
export function checkStepSize(rule: unknown): KMeansStepSize {
  if (rule === 'counts' || rule === 'lloyd' || typeof rule === 'function') return rule as KMeansStepSize;
  if (typeof rule === 'number' && rule > 0 && Number.isFinite(rule)) return rule;
  throw new Error(`kMeans: invalid stepSize: ${String(rule)} (expected 'counts', 'lloyd', a number > 0 or a function of the update count)`);
}
