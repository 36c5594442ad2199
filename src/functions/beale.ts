import { makeObjective, pointsAtDefaults, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

const constants: readonly ConstantSpec[] = [
  { name: 'a', default: 1.5, doc: 'first target' },
  { name: 'b', default: 2.25, doc: 'second target' },
  { name: 'c', default: 2.625, doc: 'third target' },
];

/**
 * Beale's function f(x, y) = (a − x + xy)² + (b − x + xy²)² + (c − x + xy³)²: sharp ridges and
 * flat corners. With the defaults (1.5, 2.25, 2.625) the minimum is 0 at (3, 0.5).
 * Reference: https://www.sfu.ca/~ssurjano/beale.html
 *
 * @example
 * beale().value([3, 0.5]);   // 0
 */
export function beale(k: Readonly<Record<string, number>> = {}): Objective2D {
  const { a, b, c } = resolveConstants('beale', constants, k) as { a: number; b: number; c: number };
  // Rounded as PyTorch's autograd rounds `(a - x + x*y)**2 + (b - x + x*y**2)**2 + (c - x + x*y**3)**2`
  // (its engine accumulates x's six contributions from the last term back to the first).
  const terms = (x: number, y: number): [number, number, number, number, number] => {
    const y2 = y * y;
    const y3 = y2 * y;
    return [a - x + x * y, b - x + x * y2, c - x + x * y3, y2, y3];
  };
  return makeObjective(
    'beale',
    { a, b, c },
    (x, y) => {
      const [u1, u2, u3] = terms(x, y);
      return u1 * u1 + u2 * u2 + u3 * u3;
    },
    (x, y) => {
      const [u1, u2, u3, y2, y3] = terms(x, y);
      const [d1, d2, d3] = [2 * u1, 2 * u2, 2 * u3];
      const gx = d3 * y3 + -d3 + d2 * y2 + -d2 + d1 * y + -d1;
      const gy = d3 * x * (3 * (y * y)) + d2 * x * (2 * y) + d1 * x;
      return [gx, gy];
    },
    (x, y) => {
      const u1 = a - x + x * y;
      const u2 = b - x + x * y * y;
      const u3 = c - x + x * y * y * y;
      const [d1x, d2x, d3x] = [y - 1, y * y - 1, y * y * y - 1];
      const [d1y, d2y, d3y] = [x, 2 * x * y, 3 * x * y * y];
      const hxx = 2 * (d1x * d1x + d2x * d2x + d3x * d3x);
      const hxy = 2 * (d1x * d1y + u1 + d2x * d2y + u2 * 2 * y + d3x * d3y + u3 * 3 * y * y);
      const hyy = 2 * (d1y * d1y + d2y * d2y + u2 * 2 * x + d3y * d3y + u3 * 6 * x * y);
      return [hxx, hxy, hyy];
    },
  );
}

/** Registry entry for {@link beale}. */
export const bealeEntry: TestFunctionEntry = {
  name: 'beale',
  displayName: 'Beale',
  formula: 'f(x, y) = (a - x + x*y)^2 + (b - x + x*y^2)^2 + (c - x + x*y^3)^2',
  constants,
  start: [1, 1.5],
  domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  knownPoints: (k = {}) => pointsAtDefaults('beale', constants, k, [{ x: 3, y: 0.5, value: 0, kind: 'global minimum' }]),
  create: beale,
};
