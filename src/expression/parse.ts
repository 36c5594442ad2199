/**
 * A recursive-descent parser for formulas in x and y such as `(1.5 - x + x*y)^2` or
 * `f(x, y) = x^2 - y^2`. Precedence, lowest first: `+ -`; `* /` (and implicit multiplication,
 * `2x`, `3(x + 1)`); unary minus; `^` (right-associative, so `-x^2 = -(x^2)` and `2^3^2 = 2^9`).
 */
import type { Expr } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from './functions.js';
import { tokenize, type Token } from './tokenize.js';
import { closestName } from '../registry/validate.js';

/** Options of {@link parseExpression}. */
export interface ParseOptions {
  /** The variable names allowed (default `['x', 'y']`). */
  variables?: readonly string[];
}

/**
 * Parses `source` into a syntax tree. A leading `f(x, y) =` (any function name, the allowed
 * variables) is accepted and skipped. Throws {@link ExpressionError} with the offending position
 * for a syntax error, an unknown name (with the closest valid one) or a wrong argument count.
 *
 * @example
 * const tree = parseExpression('f(x, y) = (1 - x)^2 + 100 (y - x^2)^2');
 */
export function parseExpression(source: string, options: ParseOptions = {}): Expr {
  const variables = options.variables ?? ['x', 'y'];
  const tokens = tokenize(source);
  let i = skipHeader(tokens, variables);
  if (tokens[i]!.kind === 'end') throw new ExpressionError('empty expression', source, Math.min(tokens[i]!.position, Math.max(0, source.length - 1)));

  const peek = (): Token => tokens[i]!;
  const fail = (reason: string, t: Token = peek()): never => {
    throw new ExpressionError(reason, source, Math.min(t.position, Math.max(0, source.length)), t.kind === 'end' ? 1 : t.length);
  };
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of input' : `'${t.text}'`);
  const isOp = (t: Token, text: string): boolean => t.kind === 'op' && t.text === text;
  const span = (start: number, end: Token): number => end.position + end.length - start;
  const last = (): Token => tokens[i - 1]!;

  function sum(): Expr {
    let left = product();
    while (isOp(peek(), '+') || isOp(peek(), '-')) {
      const op = tokens[i++]!.text as '+' | '-';
      const right = product();
      left = { type: 'binary', op, left, right, position: left.position, length: span(left.position, last()) };
    }
    return left;
  }

  // Implicit multiplication starts where an operand may start: a number, a name or '('.
  const startsOperand = (t: Token): boolean => t.kind === 'number' || t.kind === 'name' || isOp(t, '(');

  function product(): Expr {
    let left = signed();
    for (;;) {
      const t = peek();
      let op: '*' | '/';
      if (isOp(t, '*') || isOp(t, '/')) {
        op = t.text as '*' | '/';
        i++;
      } else if (startsOperand(t)) {
        op = '*';
      } else break;
      const right = signed();
      left = { type: 'binary', op, left, right, position: left.position, length: span(left.position, last()) };
    }
    return left;
  }

  function signed(): Expr {
    const t = peek();
    if (isOp(t, '-') || isOp(t, '+')) {
      i++;
      const arg = signed();
      if (t.text === '+') return arg;
      return { type: 'unary', op: '-', arg, position: t.position, length: span(t.position, last()) };
    }
    return power();
  }

  function power(): Expr {
    const base = atom();
    if (isOp(peek(), '^')) {
      i++;
      const exponent = signed(); // right-associative, and 2^-1 is allowed
      return { type: 'binary', op: '^', left: base, right: exponent, position: base.position, length: span(base.position, last()) };
    }
    return base;
  }

  function atom(): Expr {
    const t = peek();
    if (t.kind === 'number') {
      i++;
      return { type: 'number', value: t.value, position: t.position, length: t.length };
    }
    if (isOp(t, '(')) {
      i++;
      const inner = sum();
      if (!isOp(peek(), ')')) fail(`expected ')' to close the '(' at position ${t.position + 1}, found ${describe(peek())}`);
      i++;
      return inner;
    }
    if (t.kind === 'name') {
      i++;
      // A variable or constant before '(' multiplies it (`x(y + 1)`); any other name is a call.
      const isValueName = variables.includes(t.text) || EXPRESSION_CONSTANTS[t.text] !== undefined;
      if (isOp(peek(), '(') && !isValueName) return call(t);
      if (variables.includes(t.text)) return { type: 'variable', name: t.text, position: t.position, length: t.length };
      const constant = EXPRESSION_CONSTANTS[t.text];
      if (constant !== undefined) return { type: 'number', value: constant, position: t.position, length: t.length };
      if (EXPRESSION_FUNCTIONS[t.text]) fail(`function '${t.text}' needs its arguments in parentheses`, t);
      const names = [...variables, ...Object.keys(EXPRESSION_CONSTANTS), ...Object.keys(EXPRESSION_FUNCTIONS)];
      const hint = closestName(t.text, names);
      fail(`unknown name '${t.text}'${hint ? ` (did you mean '${hint}'?)` : ''}; the variables are ${variables.join(', ')}`, t);
    }
    return fail(t.kind === 'end' ? 'unexpected end of input: an operand is missing' : `unexpected ${describe(t)}: expected a number, a variable, a function or '('`);
  }

  function call(name: Token): Expr {
    const fn = EXPRESSION_FUNCTIONS[name.text];
    if (!fn) {
      const hint = closestName(name.text, Object.keys(EXPRESSION_FUNCTIONS));
      fail(`unknown function '${name.text}'${hint ? ` (did you mean '${hint}'?)` : ''}`, name);
    }
    i++; // '('
    const args: Expr[] = [];
    if (!isOp(peek(), ')')) {
      args.push(sum());
      while (isOp(peek(), ',')) {
        i++;
        args.push(sum());
      }
    }
    if (!isOp(peek(), ')')) fail(`expected ',' or ')' in the call of ${name.text}, found ${describe(peek())}`);
    i++;
    const length = span(name.position, last());
    if (args.length !== fn!.arity) {
      throw new ExpressionError(`${name.text} takes ${fn!.arity} argument${fn!.arity === 1 ? '' : 's'}, got ${args.length}`, source, name.position, length);
    }
    return { type: 'call', name: name.text, args, position: name.position, length };
  }

  const tree = sum();
  const t = peek();
  if (t.kind !== 'end') {
    fail(isOp(t, ')') ? "unmatched ')'" : `unexpected ${describe(t)} after a complete expression`);
  }
  return tree;
}

/** Index of the first token after an optional `name(v1, v2, ...) =` header. */
function skipHeader(tokens: readonly Token[], variables: readonly string[]): number {
  const eq = tokens.findIndex((t) => t.kind === 'op' && t.text === '=');
  if (eq < 0) return 0;
  const head = tokens.slice(0, eq);
  const isHeader =
    (head.length === 1 && head[0]!.kind === 'name' && !variables.includes(head[0]!.text)) ||
    (head.length >= 3 &&
      head[0]!.kind === 'name' &&
      head[1]!.text === '(' &&
      head[head.length - 1]!.text === ')' &&
      head.slice(2, -1).every((t, k) => (k % 2 === 0 ? t.kind === 'name' && variables.includes(t.text) : t.text === ',')));
  return isHeader ? eq + 1 : 0;
}
