/** Test functions with several critical points: three-hump camel, Rastrigin, the saddles. */
import { fixedObjective, makeObjective, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

/**
 * The three-hump camel f(x, y) = 2x² − 1.05x⁴ + x⁶/6 + xy + y²: a global minimum 0 at the origin
 * and two local minima. Reference: https://www.sfu.ca/~ssurjano/camel3.html
 *
 * @example
 * threeHumpCamel().value([0, 0]);   // 0
 */
export function threeHumpCamel(c: Readonly<Record<string, number>> = {}): Objective2D {
  return fixedObjective(
    'three-hump-camel',
    c,
    (x, y) => 2 * x * x - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y * y,
    (x, y) => [4 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2 * y],
    (x) => [4 - 12.6 * x * x + 5 * x ** 4, 1, 2],
  );
}

/** Registry entry for {@link threeHumpCamel}. */
export const threeHumpCamelEntry: TestFunctionEntry = {
  name: 'three-hump-camel',
  displayName: 'Three-hump camel',
  formula: 'f(x, y) = 2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
  constants: [],
  start: [-2, 2],
  domain: { x: [-3, 3], y: [-3, 3] },
  knownPoints: () => [
    { x: 0, y: 0, value: 0, kind: 'global minimum' },
    // Roots of 4x − 4.2x³ + x⁵ − x/2 = 0 with y = −x/2: x² = (4.2 ± √(4.2² − 14))/2.
    ...[1, -1].map((s) => {
      const x = s * Math.sqrt((4.2 + Math.sqrt(4.2 * 4.2 - 14)) / 2);
      const y = -x / 2;
      return { x, y, value: 2 * x * x - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y * y, kind: 'local minimum' as const };
    }),
  ],
  create: threeHumpCamel,
};

const rastriginConstants: readonly ConstantSpec[] = [{ name: 'A', default: 10, doc: 'amplitude of the cosine ripples' }];

/**
 * Rastrigin's function f(x, y) = 2A + x² − A·cos(2πx) + y² − A·cos(2πy): a bowl covered in
 * regularly spaced local minima; the global minimum 0 is at the origin. Default A = 10.
 * Reference: https://www.sfu.ca/~ssurjano/rastr.html
 *
 * @example
 * rastrigin().value([0, 0]);   // 0
 */
export function rastrigin(c: Readonly<Record<string, number>> = {}): Objective2D {
  const { A } = resolveConstants('rastrigin', rastriginConstants, c) as { A: number };
  const w = 2 * Math.PI;
  return makeObjective(
    'rastrigin',
    { A },
    (x, y) => 2 * A + (x * x - A * Math.cos(w * x)) + (y * y - A * Math.cos(w * y)),
    (x, y) => [2 * x + A * w * Math.sin(w * x), 2 * y + A * w * Math.sin(w * y)],
    (x, y) => [2 + A * w * w * Math.cos(w * x), 0, 2 + A * w * w * Math.cos(w * y)],
  );
}

/** Registry entry for {@link rastrigin}. */
export const rastriginEntry: TestFunctionEntry = {
  name: 'rastrigin',
  displayName: 'Rastrigin',
  formula: 'f(x, y) = 2*A + (x^2 - A*cos(2*pi*x)) + (y^2 - A*cos(2*pi*y))',
  constants: rastriginConstants,
  start: [2.2, -1.7],
  domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'global minimum' }],
  create: rastrigin,
};

/**
 * The saddle f(x, y) = x² − y²: a minimum along x, a maximum along y, unbounded below. Shows how
 * optimizers leave (or fail to leave) a saddle point; Newton's method is attracted to it.
 *
 * @example
 * saddle().hessian([0, 0]);   // [2, 0, 0, -2]
 */
export function saddle(c: Readonly<Record<string, number>> = {}): Objective2D {
  return fixedObjective('saddle', c, (x, y) => x * x - y * y, (x, y) => [2 * x, -2 * y], () => [2, 0, -2]);
}

/** Registry entry for {@link saddle}. */
export const saddleEntry: TestFunctionEntry = {
  name: 'saddle',
  displayName: 'Saddle x² − y²',
  formula: 'f(x, y) = x^2 - y^2',
  constants: [],
  start: [-1.5, 0.01],
  domain: { x: [-2, 2], y: [-2, 2] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'saddle' }],
  create: saddle,
};

/**
 * The monkey saddle f(x, y) = x³ − 3xy²: a degenerate saddle (zero Hessian at the origin) with
 * three descending valleys, where second-order methods get no curvature information.
 *
 * @example
 * monkeySaddle().gradient([1, 0]);   // [3, 0]
 */
export function monkeySaddle(c: Readonly<Record<string, number>> = {}): Objective2D {
  return fixedObjective(
    'monkey-saddle',
    c,
    (x, y) => x ** 3 - 3 * x * y * y,
    (x, y) => [3 * x * x - 3 * y * y, -6 * x * y],
    (x, y) => [6 * x, -6 * y, -6 * x],
  );
}

/** Registry entry for {@link monkeySaddle}. */
export const monkeySaddleEntry: TestFunctionEntry = {
  name: 'monkey-saddle',
  displayName: 'Monkey saddle',
  formula: 'f(x, y) = x^3 - 3*x*y^2',
  constants: [],
  start: [0.5, 0.3],
  domain: { x: [-1.5, 1.5], y: [-1.5, 1.5] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'saddle' }],
  create: monkeySaddle,
};
