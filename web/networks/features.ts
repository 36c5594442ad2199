/**
 * The input features of the network lab (TensorFlow Playground's): functions of the point (x, y)
 * the network sees instead of, or beside, the raw coordinates.
 */

/** The features, in the order they are fed to the network. */
export const FEATURES = ['x', 'y', 'x2', 'y2', 'xy', 'sinx', 'siny'] as const;
/** One of {@link FEATURES}. */
export type FeatureName = (typeof FEATURES)[number];

/** How each feature is written on the page. */
export const FEATURE_LABELS: Readonly<Record<FeatureName, string>> = { x: 'x', y: 'y', x2: 'x²', y2: 'y²', xy: 'xy', sinx: 'sin x', siny: 'sin y' };

// sin(πx) rather than sin(x): on [−1, 1] sin x is nearly x and would add nothing.
const COMPUTE: Readonly<Record<FeatureName, (x: number, y: number) => number>> = {
  x: (x) => x,
  y: (_, y) => y,
  x2: (x) => x * x,
  y2: (_, y) => y * y,
  xy: (x, y) => x * y,
  sinx: (x) => Math.sin(Math.PI * x),
  siny: (_, y) => Math.sin(Math.PI * y),
};

/** Checks a feature selection: known names, no repeats, at least one. */
export function featureProblem(features: readonly string[]): string | null {
  if (features.length === 0) return 'choose at least one input feature';
  for (const f of features) if (!(FEATURES as readonly string[]).includes(f)) return `unknown feature '${f}' (one of ${FEATURES.join(', ')})`;
  if (new Set(features).size !== features.length) return 'a feature is selected twice';
  return null;
}

/** The feature matrix, row-major [n, features.length], of the n points `xs` (flat [x, y] pairs). */
export function featurize(xs: ArrayLike<number>, features: readonly FeatureName[]): Float64Array {
  const n = xs.length / 2;
  const out = new Float64Array(n * features.length);
  const fns = features.map((f) => COMPUTE[f]);
  for (let i = 0; i < n; i++) {
    const x = xs[2 * i]!;
    const y = xs[2 * i + 1]!;
    for (let j = 0; j < fns.length; j++) out[i * fns.length + j] = fns[j]!(x, y);
  }
  return out;
}
