import { makeObjective, pointsAtDefaults, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

const constants: readonly ConstantSpec[] = [
  { name: 'a', default: 11, doc: 'constant of the first square' },
  { name: 'b', default: 7, doc: 'constant of the second square' },
];

/**
 * Himmelblau's function f(x, y) = (x² + y − a)² + (x + y² − b)²: four global minima of value 0
 * (with the defaults a = 11, b = 7), so where you land depends on where you start.
 * Reference: Himmelblau, Applied Nonlinear Programming (1972).
 *
 * @example
 * himmelblau().value([3, 2]);   // 0
 */
export function himmelblau(c: Readonly<Record<string, number>> = {}): Objective2D {
  const { a, b } = resolveConstants('himmelblau', constants, c) as { a: number; b: number };
  return makeObjective(
    'himmelblau',
    { a, b },
    (x, y) => {
      const u = x * x + y - a;
      const v = x + y * y - b;
      return u * u + v * v;
    },
    (x, y) => {
      const u = x * x + y - a;
      const v = x + y * y - b;
      return [4 * x * u + 2 * v, 2 * u + 4 * y * v];
    },
    (x, y) => [12 * x * x + 4 * y - 4 * a + 2, 4 * x + 4 * y, 12 * y * y + 4 * x - 4 * b + 2],
  );
}

/** Registry entry for {@link himmelblau}. */
export const himmelblauEntry: TestFunctionEntry = {
  name: 'himmelblau',
  displayName: 'Himmelblau',
  formula: 'f(x, y) = (x^2 + y - a)^2 + (x + y^2 - b)^2',
  constants,
  start: [0, 0],
  domain: { x: [-5, 5], y: [-5, 5] },
  knownPoints: (c = {}) => pointsAtDefaults('himmelblau', constants, c, [
    { x: 3, y: 2, value: 0, kind: 'global minimum' },
    { x: -2.805118086952745, y: 3.131312518250573, value: 0, kind: 'global minimum' },
    { x: -3.779310253377747, y: -3.283185991286169, value: 0, kind: 'global minimum' },
    { x: 3.5844283403304917, y: -1.8481265269644034, value: 0, kind: 'global minimum' },
  ]),
  create: himmelblau,
};
