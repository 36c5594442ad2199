import { makeObjective, resolveConstants, type ConstantSpec, type Objective2D, type TestFunctionEntry } from './types.js';

const constants: readonly ConstantSpec[] = [
  { name: 'amplitude', default: 1, doc: 'amplitude A of the winding valley floor y = A·sin(k·x)' },
  { name: 'frequency', default: 1, doc: 'frequency k of the valley floor' },
  { name: 'steepness', default: 10, doc: 'steepness w of the valley walls' },
  { name: 'slope', default: 0.01, doc: 'curvature ε along the floor (small: a long, nearly flat valley)' },
];

/**
 * A long narrow winding valley f(x, y) = w·(y − A·sin(k·x))² + ε·x²: steep walls (curvature 2w)
 * around a floor that curves and descends only gently (curvature 2ε) to the minimum 0 at the
 * origin. Momentum and adaptive methods shine; plain gradient descent zig-zags.
 * Defaults A = 1, k = 1, w = 10, ε = 0.01.
 *
 * @example
 * valley().value([0, 0]);   // 0
 */
export function valley(c: Readonly<Record<string, number>> = {}): Objective2D {
  const k = resolveConstants('valley', constants, c) as { amplitude: number; frequency: number; steepness: number; slope: number };
  const { amplitude: A, frequency: w, steepness: s, slope: e } = k;
  return makeObjective(
    'valley',
    k,
    (x, y) => s * (y - A * Math.sin(w * x)) ** 2 + e * x * x,
    (x, y) => {
      const r = y - A * Math.sin(w * x);
      return [-2 * s * r * A * w * Math.cos(w * x) + 2 * e * x, 2 * s * r];
    },
    (x, y) => {
      const r = y - A * Math.sin(w * x);
      const dr = -A * w * Math.cos(w * x);
      return [2 * s * (dr * dr + r * A * w * w * Math.sin(w * x)) + 2 * e, 2 * s * dr, 2 * s];
    },
  );
}

/** Registry entry for {@link valley}. */
export const valleyEntry: TestFunctionEntry = {
  name: 'valley',
  displayName: 'Long narrow valley',
  formula: 'f(x, y) = steepness*(y - amplitude*sin(frequency*x))^2 + slope*x^2',
  constants,
  start: [-4, -1],
  domain: { x: [-5, 5], y: [-2.5, 2.5] },
  knownPoints: () => [{ x: 0, y: 0, value: 0, kind: 'global minimum' }],
  create: valley,
};
