import { makeObjective, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

const constants: readonly ConstantSpec[] = [
  { name: 'a', default: 1, doc: 'position of the minimum (a, a²)' },
  { name: 'b', default: 100, doc: 'steepness of the valley walls' },
];

/**
 * Rosenbrock's banana function f(x, y) = (a − x)² + b·(y − x²)²: a curved, flat-bottomed valley
 * where plain gradient descent crawls. Minimum 0 at (a, a²).
 * Defaults a = 1, b = 100. Reference: https://doi.org/10.1093/comjnl/3.3.175
 *
 * @example
 * rosenbrock().gradient([-1.5, 2]);   // [-5, -50]
 */
export function rosenbrock(c: Readonly<Record<string, number>> = {}): Objective2D {
  const { a, b } = resolveConstants('rosenbrock', constants, c) as { a: number; b: number };
  // Value and gradient are rounded exactly as PyTorch's autograd rounds `(a - x)**2 + b*(y - x**2)**2`
  // (so optimizer trajectories match PyTorch bit for bit, which matters for the chaotic LBFGS runs):
  // d/dy = b·(2·(y − x²)),  d/dx = −(2·(a − x)) + (−(b·(2·(y − x²))))·(2·x).
  return makeObjective(
    'rosenbrock',
    { a, b },
    (x, y) => {
      const u = a - x;
      const v = y - x * x;
      return u * u + b * (v * v);
    },
    (x, y) => {
      const dv = b * (2 * (y - x * x));
      return [-(2 * (a - x)) + -dv * (2 * x), dv];
    },
    (x, y) => [2 - 4 * b * y + 12 * b * x * x, -4 * b * x, 2 * b],
  );
}

/** Registry entry for {@link rosenbrock}. */
export const rosenbrockEntry: TestFunctionEntry = {
  name: 'rosenbrock',
  displayName: 'Rosenbrock',
  formula: 'f(x, y) = (a - x)^2 + b * (y - x^2)^2',
  constants,
  start: [-1.5, 2],
  domain: { x: [-2, 2], y: [-1, 3] },
  knownPoints: (c = {}) => {
    const { a } = resolveConstants('rosenbrock', constants, c);
    return [{ x: a!, y: a! * a!, value: 0, kind: 'global minimum' }];
  },
  create: rosenbrock,
};
