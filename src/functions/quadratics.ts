/** The quadratic test functions: Booth, Matyas and the ill-conditioned rotated quadratic. */
import { fixedObjective, makeObjective, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

/**
 * Booth's function f(x, y) = (x + 2y − 7)² + (2x + y − 5)²: a convex quadratic (Hessian
 * [[10, 8], [8, 10]], condition number 9) with minimum 0 at (1, 3).
 * Reference: https://www.sfu.ca/~ssurjano/booth.html
 *
 * @example
 * booth().value([1, 3]);   // 0
 */
export function booth(c: Readonly<Record<string, number>> = {}): Objective2D {
  return fixedObjective(
    'booth',
    c,
    (x, y) => {
      const u = x + 2 * y - 7;
      const v = 2 * x + y - 5;
      return u * u + v * v;
    },
    (x, y) => [2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5), 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5)],
    () => [10, 8, 10],
  );
}

/** Registry entry for {@link booth}. */
export const boothEntry: TestFunctionEntry = {
  name: 'booth',
  displayName: 'Booth',
  formula: 'f(x, y) = (x + 2*y - 7)^2 + (2*x + y - 5)^2',
  constants: [],
  start: [-5, -5],
  domain: { x: [-10, 10], y: [-10, 10] },
  knownPoints: () => [{ x: 1, y: 3, value: 0, kind: 'global minimum' }],
  create: booth,
};

/**
 * Matyas' function f(x, y) = 0.26(x² + y²) − 0.48xy: a flat convex quadratic (eigenvalues 0.04
 * and 1, along the diagonals) with minimum 0 at the origin.
 * Reference: https://www.sfu.ca/~ssurjano/matya.html
 *
 * @example
 * matyas().hessian([0, 0]);   // [0.52, -0.48, -0.48, 0.52]
 */
export function matyas(c: Readonly<Record<string, number>> = {}): Objective2D {
  return fixedObjective(
    'matyas',
    c,
    (x, y) => 0.26 * (x * x + y * y) - 0.48 * x * y,
    (x, y) => [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x],
    () => [0.52, -0.48, 0.52],
  );
}

/** Registry entry for {@link matyas}. */
export const matyasEntry: TestFunctionEntry = {
  name: 'matyas',
  displayName: 'Matyas',
  formula: 'f(x, y) = 0.26*(x^2 + y^2) - 0.48*x*y',
  constants: [],
  start: [8, 2],
  domain: { x: [-10, 10], y: [-10, 10] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'global minimum' }],
  create: matyas,
};

const quadraticConstants: readonly ConstantSpec[] = [
  { name: 'kappa', default: 10, doc: 'condition number κ = λmax/λmin (the eccentricity of the level ellipses)' },
  { name: 'theta', default: Math.PI / 6, doc: 'rotation θ of the long axis, in radians' },
];

/**
 * An ill-conditioned quadratic f = ½(u² + κ·v²) in coordinates rotated by θ:
 * u = x·cos θ + y·sin θ, v = −x·sin θ + y·cos θ. Eigenvalues 1 and κ, minimum 0 at the origin;
 * the textbook picture of gradient descent zig-zagging across a ravine.
 * Defaults κ = 10, θ = π/6.
 *
 * @example
 * illConditionedQuadratic({ kappa: 100, theta: 0 }).hessian([0, 0]);   // [1, 0, 0, 100]
 */
export function illConditionedQuadratic(c: Readonly<Record<string, number>> = {}): Objective2D {
  const k = resolveConstants('quadratic', quadraticConstants, c) as { kappa: number; theta: number };
  if (!(k.kappa > 0)) throw new Error(`quadratic: invalid constant kappa: ${k.kappa} (valid range (0, inf))`);
  const cos = Math.cos(k.theta);
  const sin = Math.sin(k.theta);
  // H = Rᵀ diag(1, κ) R with R the rotation by −θ.
  const hxx = cos * cos + k.kappa * sin * sin;
  const hxy = (1 - k.kappa) * cos * sin;
  const hyy = sin * sin + k.kappa * cos * cos;
  return makeObjective(
    'quadratic',
    k,
    (x, y) => 0.5 * (hxx * x * x + 2 * hxy * x * y + hyy * y * y),
    (x, y) => [hxx * x + hxy * y, hxy * x + hyy * y],
    () => [hxx, hxy, hyy],
  );
}

/** Registry entry for {@link illConditionedQuadratic}. */
export const quadraticEntry: TestFunctionEntry = {
  name: 'quadratic',
  displayName: 'Ill-conditioned quadratic',
  formula: 'f(x, y) = 0.5*((x*cos(theta) + y*sin(theta))^2 + kappa*(-x*sin(theta) + y*cos(theta))^2)',
  constants: quadraticConstants,
  start: [-4, 2],
  domain: { x: [-5, 5], y: [-5, 5] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'global minimum' }],
  create: illConditionedQuadratic,
};
