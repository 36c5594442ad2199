/**
 * The surfaces the map can show: the library's 2-D test functions (with their constants) and the
 * user's own formula, parsed and differentiated by descent.
 */
import { findTestFunction, TEST_FUNCTIONS, tryExpressionObjective, type Objective2D, type TestFunctionEntry } from '../../src/index.js';

/** The lecture's surfaces first, then the rest of the library's. */
const ORDER = ['beale', 'rosenbrock', 'valley', 'saddle', 'monkey-saddle', 'himmelblau', 'rastrigin', 'quadratic'];

/** The test functions in menu order. */
export function surfaceEntries(): TestFunctionEntry[] {
  const first = ORDER.map((n) => findTestFunction(n)).filter((e): e is TestFunctionEntry => e !== undefined);
  return [...first, ...TEST_FUNCTIONS.filter((e) => !first.includes(e))];
}

/**
 * The page's label of a test function's constant: its symbol in the formula, then a short name
 * (the registry's code names, `kappa`, `theta`, stay out of the page).
 */
const CONSTANT_LABELS: Readonly<Record<string, string>> = {
  kappa: 'κ (condition number)',
  theta: 'θ (rotation, rad)',
  amplitude: 'A (amplitude)',
  frequency: 'k (frequency)',
  steepness: 'w (wall steepness)',
  slope: 'ε (floor curvature)',
};

/** The label of constant `name` (`κ (condition number)`; single letters as they are: `a`, `A`). */
export function constantLabel(name: string): string {
  return CONSTANT_LABELS[name] ?? name;
}

/** A ready surface: the objective, where to look, where to start, and the minimum value if known. */
export interface Surface {
  objective: Objective2D;
  /** f evaluated on many points at once (the heat map). */
  values(xs: Float64Array, ys: Float64Array): Float64Array;
  domain: { x: readonly [number, number]; y: readonly [number, number] };
  start: readonly [number, number];
  /** The global minimum value when known (losses are then plotted as f − f*). */
  fStar: number | null;
  /** Points to mark on the map. */
  marks: { x: number; y: number; kind: string }[];
  formula: string;
}

/** The outcome of building a surface: the surface, or an error to show inline. */
export type SurfaceResult = { ok: true; surface: Surface } | { ok: false; message: string; position: number; pointer: string };

/** Domain of a user's formula. */
export const CUSTOM_DOMAIN = { x: [-3, 3], y: [-3, 3] } as const;

/** Builds surface `fn` (a registry name or `custom`) with `constants`, or the user's `expr`. */
export function buildSurface(fn: string, constants: Readonly<Record<string, number>>, expr: string): SurfaceResult {
  if (fn === 'custom') {
    const r = tryExpressionObjective(expr);
    if (!r.ok) return { ok: false, message: r.error.message, position: r.error.position, pointer: r.error.pointer() };
    const objective = r.objective;
    return {
      ok: true,
      surface: {
        objective,
        values: (xs, ys) => objective.values(xs, ys),
        domain: CUSTOM_DOMAIN,
        start: [-2, 2],
        fStar: null,
        marks: [],
        formula: expr,
      },
    };
  }
  const entry = findTestFunction(fn) ?? findTestFunction('beale')!;
  const known = Object.fromEntries(Object.entries(constants).filter(([k]) => entry.constants.some((c) => c.name === k)));
  let objective: Objective2D;
  try {
    objective = entry.create(known);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err), position: 0, pointer: '' };
  }
  const points = entry.knownPoints(objective.constants);
  const global = points.find((p) => p.kind === 'global minimum');
  return {
    ok: true,
    surface: {
      objective,
      values(xs, ys) {
        const out = new Float64Array(xs.length);
        const p = new Float64Array(2);
        for (let i = 0; i < xs.length; i++) {
          p[0] = xs[i]!;
          p[1] = ys[i]!;
          out[i] = objective.value(p);
        }
        return out;
      },
      domain: entry.domain,
      start: entry.start,
      fStar: global ? global.value : null,
      marks: points.map((p) => ({ x: p.x, y: p.y, kind: p.kind })),
      formula: entry.formula,
    },
  };
}
