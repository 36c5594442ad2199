/**
 * The 2-D test functions: exact value, gradient and Hessian, plus a description the playground and
 * the parity checker read (formula, constants with defaults, a start point, a plotting domain and
 * the known minima).
 */

/** One constant of a test function (e.g. Rosenbrock's `b`). */
export interface ConstantSpec {
  name: string;
  default: number;
  doc: string;
}

/** A known minimum (or, for functions without one, a critical point worth marking). */
export interface KnownPoint {
  x: number;
  y: number;
  value: number;
  kind: 'global minimum' | 'local minimum' | 'saddle';
}

/**
 * A 2-D objective with its constants bound: f, ∇f and the Hessian at a point `[x, y]`.
 * It is also an n-D objective (dimension 2), so the optimizers' vector API accepts it directly.
 *
 * @example
 * const f = rosenbrock({ a: 1, b: 100 });
 * f.value([1, 1]);        // 0
 * f.gradient([0, 0]);     // Float64Array [-2, 0]
 */
export interface Objective2D {
  readonly name: string;
  readonly dimension: 2;
  /** The constants in effect, defaults filled in. */
  readonly constants: Readonly<Record<string, number>>;
  value(p: ArrayLike<number>): number;
  /** ∇f, written into `out` when given. */
  gradient(p: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** The Hessian row-major [fxx, fxy, fyx, fyy], written into `out` when given. */
  hessian(p: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/** A registry entry describing a test function and building it with given constants. */
export interface TestFunctionEntry {
  /** Registry key (`rosenbrock`, `three-hump-camel`). */
  name: string;
  displayName: string;
  /** Plain-text formula in terms of x, y and the constants. */
  formula: string;
  constants: readonly ConstantSpec[];
  /** A suggested start point for trajectories. */
  start: readonly [number, number];
  /** Plotting window: x range and y range. */
  domain: { x: readonly [number, number]; y: readonly [number, number] };
  /** Known minima (or saddles) for the given constants; may be empty. */
  knownPoints(constants?: Readonly<Record<string, number>>): KnownPoint[];
  /** The objective with the given constants (unknown names are rejected, defaults fill the rest). */
  create(constants?: Readonly<Record<string, number>>): Objective2D;
}

/** A test function's formulas at (x, y): its value, its gradient and its Hessian's [fxx, fxy, fyy]. */
export type Formulas = [
  f: (x: number, y: number) => number,
  grad: (x: number, y: number) => readonly [number, number],
  hess: (x: number, y: number) => readonly [number, number, number],
];

/** Builds an objective from plain functions of (x, y), its constants already bound. */
export function makeObjective(name: string, constants: Readonly<Record<string, number>>, ...[f, grad, hess]: Formulas): Objective2D {
  return {
    name,
    dimension: 2,
    constants,
    value: (p) => f(p[0]!, p[1]!),
    gradient(p, out = new Float64Array(2)) {
      const [gx, gy] = grad(p[0]!, p[1]!);
      out[0] = gx;
      out[1] = gy;
      return out;
    },
    hessian(p, out = new Float64Array(4)) {
      const [hxx, hxy, hyy] = hess(p[0]!, p[1]!);
      out[0] = hxx;
      out[1] = hxy;
      out[2] = hxy;
      out[3] = hyy;
      return out;
    },
  };
}

/**
 * Fills defaults and rejects unknown or non-finite constants, naming the function and the valid names.
 */
export function resolveConstants(fn: string, specs: readonly ConstantSpec[], given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of specs) out[s.name] = s.default;
  for (const [k, v] of Object.entries(given)) {
    if (!specs.some((s) => s.name === k)) {
      const valid = specs.length > 0 ? specs.map((s) => s.name).join(', ') : 'none';
      throw new Error(`${fn}: unknown constant '${k}' (valid constants: ${valid})`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${fn}: invalid constant ${k}: ${String(v)} (expected a finite number)`);
    out[k] = v;
  }
  return out;
}

/**
 * A test function without constants (Booth, the saddles, …): any given constant is rejected, naming
 * the function, before the objective is built from `f`, its gradient and its Hessian [fxx, fxy, fyy].
 *
 * @example
 * fixedObjective('saddle', {}, (x, y) => x * x - y * y, (x, y) => [2 * x, -2 * y], () => [2, 0, -2]);
 */
export function fixedObjective(name: string, given: Readonly<Record<string, number>>, ...formulas: Formulas): Objective2D {
  resolveConstants(name, [], given);
  return makeObjective(name, {}, ...formulas);
}

/**
 * A classic function's published points, known for its default constants only: `points` when the
 * `given` constants (checked as {@link resolveConstants} does) are the defaults, none otherwise.
 *
 * @example
 * pointsAtDefaults('himmelblau', constants, { a: 12 }, [{ x: 3, y: 2, value: 0, kind: 'global minimum' }]); // []
 */
export function pointsAtDefaults(fn: string, specs: readonly ConstantSpec[], given: Readonly<Record<string, number>>, points: KnownPoint[]): KnownPoint[] {
  const resolved = resolveConstants(fn, specs, given);
  return specs.every((s) => resolved[s.name] === s.default) ? points : [];
}
