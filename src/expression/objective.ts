/**
 * A user's formula f(x, y) as a 2-D objective: value, gradient and Hessian at a point from
 * descent's reverse-mode autograd (the Hessian by differentiating the gradient again, i.e.
 * `grad(…, {createGraph: true})` then `grad` of each component), and values on a whole grid in
 * one vectorised evaluation.
 */
import { grad } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Objective2D } from '../functions/types.js';
import { Tensor } from '../tensor/tensor.js';
import { compileExpression, type CompiledExpression } from './compile.js';
import { ExpressionError } from './expression-error.js';
import type { Value } from './functions.js';

/** A 2-D objective from a formula, plus vectorised evaluation on many points. */
export interface ExpressionObjective extends Objective2D {
  readonly expression: CompiledExpression;
  /** f at every (xs[i], ys[i]), in one pass over float64 tensors (no graph recorded). */
  values(xs: Float64Array, ys: Float64Array, out?: Float64Array): Float64Array;
}

const leaf = (v: number): Tensor => new Tensor(Float64Array.of(v), [1], true);

/** The value as a tensor of shape [1] that takes part in the graph (a constant gets a zero gradient). */
function asScalar(v: Value): Tensor | number {
  if (typeof v === 'number') return v;
  if (v.size !== 1) throw new Error(`expression: expected one value per point, got shape [${v.shape.join(', ')}]`);
  return v;
}

/** ∂out/∂(x, y), zeros where out does not depend on an input. */
function gradient2(out: Tensor | number, x: Tensor, y: Tensor, createGraph: boolean): [Tensor | number, Tensor | number] {
  if (typeof out === 'number' || !out.requiresGrad) return [0, 0];
  const [gx, gy] = grad(out, [x, y], { allowUnused: true, createGraph, retainGraph: true });
  return [gx!, gy!];
}

const num = (v: Tensor | number): number => (typeof v === 'number' ? v : v.item());

/**
 * The objective of the formula `source` in x and y; throws {@link ExpressionError} if it does not
 * parse. Gradients and Hessians are exact (autograd, not finite differences).
 *
 * @example
 * const f = expressionObjective('(1 - x)^2 + 100*(y - x^2)^2');
 * f.gradient([0, 0]);   // Float64Array [-2, 0]
 * f.hessian([1, 1]);    // [802, -400, -400, 200]
 */
export function expressionObjective(source: string): ExpressionObjective {
  const expression = compileExpression(source, { variables: ['x', 'y'] });
  const at = (p: ArrayLike<number>) => {
    const x = leaf(p[0]!);
    const y = leaf(p[1]!);
    return { x, y, f: asScalar(expression.evaluate({ x, y })) };
  };
  return {
    name: 'expression',
    dimension: 2,
    constants: {},
    expression,
    value(p) {
      return noGrad(() => num(asScalar(expression.evaluate({ x: leaf(p[0]!), y: leaf(p[1]!) }))));
    },
    gradient(p, out = new Float64Array(2)) {
      const { x, y, f } = at(p);
      const [gx, gy] = gradient2(f, x, y, false);
      out[0] = num(gx);
      out[1] = num(gy);
      return out;
    },
    hessian(p, out = new Float64Array(4)) {
      const { x, y, f } = at(p);
      const [gx, gy] = gradient2(f, x, y, true);
      const [hxx, hxy] = gradient2(gx, x, y, false);
      const [hyx, hyy] = gradient2(gy, x, y, false);
      out[0] = num(hxx);
      out[1] = num(hxy);
      out[2] = num(hyx);
      out[3] = num(hyy);
      return out;
    },
    values(xs, ys, out = new Float64Array(xs.length)) {
      if (xs.length !== ys.length) throw new Error(`expression: ${xs.length} x values but ${ys.length} y values`);
      const v = noGrad(() => expression.evaluate({ x: new Tensor(xs, [xs.length]), y: new Tensor(ys, [ys.length]) }));
      if (typeof v === 'number') out.fill(v);
      else if (v.size === xs.length) out.set(v.data);
      else out.fill(v.item());
      return out;
    },
  };
}

/** The outcome of {@link tryExpressionObjective}: the objective, or the error to show. */
export type ExpressionResult = { ok: true; objective: ExpressionObjective } | { ok: false; error: ExpressionError };

/**
 * Like {@link expressionObjective} but never throws for a malformed formula: a page can show
 * `error.message` and underline `error.position` inline.
 *
 * @example
 * const r = tryExpressionObjective('x + * y');
 * if (!r.ok) console.log(r.error.message);   // "unexpected '*': expected a number, … at position 5"
 */
export function tryExpressionObjective(source: string): ExpressionResult {
  try {
    return { ok: true, objective: expressionObjective(source) };
  } catch (err) {
    if (err instanceof ExpressionError) return { ok: false, error: err };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: new ExpressionError(message, source, 0, Math.max(1, source.length)) };
  }
}
