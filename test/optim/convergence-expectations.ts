/**
 * What the conformance test (test/optim/conformance.test.ts) expects of each registry optimizer with its
 * default hyper-parameters on a convex quadratic (κ = 10, from (−4, 2)) and on Rosenbrock (from
 * (−1.2, 1)) within 20 000 steps: `converges` (to within 1e-2 of the minimum), or the documented
 * reason it does not: `slow` (the loss falls but the minimum is out of reach within the budget),
 * `oscillates` (it reaches the minimum's neighbourhood but keeps circling it), or `diverges` (the
 * defaults are unstable on that problem). Test data: it lives with the test, not in the library.
 */
export type ConvergenceExpectation = 'converges' | { outcome: 'slow' | 'oscillates' | 'diverges'; reason: string };

const converges = { quadratic: 'converges', rosenbrock: 'converges' } as const;

/** Expectations by registry key. */
export const CONVERGENCE: Readonly<Record<string, { quadratic: ConvergenceExpectation; rosenbrock: ConvergenceExpectation }>> = {
  'sgd': converges,
  'adam': converges,
  'adamw': converges,
  'adamax': converges,
  'nadam': converges,
  'radam': converges,
  'rmsprop': {
    quadratic: 'converges',
    rosenbrock: {
      outcome: 'oscillates',
      reason: 'near the minimum each coordinate moves by about η·g/√v ≈ η, so with η = 1e-2 it circles (1, 1) at a distance of a few η instead of settling; decay the learning rate to converge',
    },
  },
  'adagrad': {
    quadratic: { outcome: 'slow', reason: 'the step η/√(Σg²) shrinks like 1/√t, so with η = 1e-2 it travels only a few units in 20 000 steps; use η ≈ 0.5 on such problems' },
    rosenbrock: { outcome: 'slow', reason: 'the step η/√(Σg²) shrinks like 1/√t, and the large gradients on the valley walls use up the budget early' },
  },
  'adadelta': {
    quadratic: 'converges',
    rosenbrock: { outcome: 'slow', reason: 'its steps start at about √ε ≈ 1e-3 and grow only as the running averages fill, too slowly for the curved valley within the budget' },
  },
  'rprop': converges,
  'asgd': {
    quadratic: 'converges',
    rosenbrock: { outcome: 'diverges', reason: 'η0 = 1e-2 exceeds 2/L for the curvature L ≈ 1000 of Rosenbrock at (−1.2, 1), so the (averaged) SGD steps blow up; learningRate 1e-3 converges' },
  },
  'lion': {
    quadratic: { outcome: 'slow', reason: 'every coordinate moves by exactly η = 1e-4 per step, so the 4 units to the minimum take at least 40 000 steps; learningRate 1e-3 converges (to within ±η)' },
    rosenbrock: { outcome: 'slow', reason: 'every coordinate moves by exactly η = 1e-4 per step, so following the valley takes far more than 20 000 steps' },
  },
  'sgd-schedule-free': {
    quadratic: 'converges',
    rosenbrock: { outcome: 'diverges', reason: 'the reference default η = 1 exceeds 2/L for the curvature L ≈ 1000 of Rosenbrock at (−1.2, 1), so z blows up in a few steps; learningRate 1e-3 converges' },
  },
  'adamw-schedule-free': converges,
  'muon': converges,
  'quickprop': converges,
  'lbfgs': converges,
  'lecture-nesterov': converges,
  'newton': converges,
};
