/**
 * Turns a syntax tree into a function of tensors built from descent's differentiable ops:
 * evaluate it on tensors that require gradients and `grad` (with `createGraph` for the Hessian)
 * differentiates the user's formula exactly. Constant sub-expressions are folded once.
 */
import type { Expr } from './ast.js';
import { variablesOf } from './ast.js';
import { callFunction, EXPRESSION_FUNCTIONS, type Value } from './functions.js';
import { parseExpression, type ParseOptions } from './parse.js';
import * as ew from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';

/** A compiled expression: the source, the variables it may use, and its evaluation on tensors. */
export interface CompiledExpression {
  readonly source: string;
  /** The variables the expression may use (in the order given to the parser). */
  readonly variables: readonly string[];
  /** The variables the expression actually uses. */
  readonly uses: readonly string[];
  readonly tree: Expr;
  /**
   * The value for the given variable tensors (broadcast together); a plain number when the
   * expression uses none of them.
   */
  evaluate(inputs: Readonly<Record<string, Tensor>>): Value;
}

type Evaluator = (inputs: Readonly<Record<string, Tensor>>) => Value;

function binaryOp(op: '+' | '-' | '*' | '/' | '^', a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return a / b;
      case '^': return a ** b;
    }
  }
  switch (op) {
    case '+': return ew.add(a, b);
    case '-': return ew.sub(a, b);
    case '*': return ew.mul(a, b);
    case '/': return ew.div(a, b);
    case '^':
      // NOTE: u^2 as u·u: exact for negative u and a cheaper, equally exact second derivative.
      if (b === 2) return ew.mul(a, a);
      return ew.pow(a, b);
  }
}

function build(expr: Expr): Evaluator {
  switch (expr.type) {
    case 'number': {
      const v = expr.value;
      return () => v;
    }
    case 'variable': {
      const name = expr.name;
      return (inputs) => {
        const t = inputs[name];
        if (t === undefined) throw new Error(`expression: no value given for the variable '${name}'`);
        return t;
      };
    }
    case 'unary': {
      const arg = build(expr.arg);
      return (inputs) => {
        const a = arg(inputs);
        return typeof a === 'number' ? -a : ew.neg(a);
      };
    }
    case 'binary': {
      const left = build(expr.left);
      const right = build(expr.right);
      const op = expr.op;
      return (inputs) => binaryOp(op, left(inputs), right(inputs));
    }
    case 'call': {
      const fn = EXPRESSION_FUNCTIONS[expr.name]!;
      const args = expr.args.map(build);
      return (inputs) => callFunction(fn, args.map((a) => a(inputs)));
    }
  }
}

/** Replaces every sub-tree without variables by the number it evaluates to. */
function fold(expr: Expr): Expr {
  if (expr.type === 'number' || expr.type === 'variable') return expr;
  if (variablesOf(expr).length === 0) {
    const v = build(expr)({});
    return { type: 'number', value: typeof v === 'number' ? v : v.item(), position: expr.position, length: expr.length };
  }
  switch (expr.type) {
    case 'unary': return { ...expr, arg: fold(expr.arg) };
    case 'binary': return { ...expr, left: fold(expr.left), right: fold(expr.right) };
    case 'call': return { ...expr, args: expr.args.map(fold) };
  }
}

/**
 * Parses and compiles `source`; throws {@link ExpressionError} for a malformed formula.
 *
 * @example
 * const f = compileExpression('x^2 - y^2');
 * const x = tensor([1], { dtype: 'float64', requiresGrad: true }), y = tensor([2], { dtype: 'float64', requiresGrad: true });
 * const [gx, gy] = grad(f.evaluate({ x, y }) as Tensor, [x, y]);   // 2, -4
 */
export function compileExpression(source: string, options: ParseOptions = {}): CompiledExpression {
  const variables = [...(options.variables ?? ['x', 'y'])];
  const tree = fold(parseExpression(source, { variables }));
  return { source, variables, uses: variablesOf(tree), tree, evaluate: build(tree) };
}
