/**
 * A safe parser for the arithmetic Python lambdas PyTorch users write as LambdaLR factors, such as
 * `lambda k: 1.0 / (1.0 + c * k)` or `lambda epoch: 0.95 ** epoch`. It never evaluates code: the
 * text is tokenised and parsed into a tree of arithmetic nodes over the lambda's variable and named
 * constants, with Python's semantics for `/`, `//`, `%` and `**`.
 */

import { cos, exp, log, pow, sin } from '../numerics/libm.js';

type Node = (x: number) => number;

// NOTE: exp, log, cos, sin and pow are the correctly rounded ones of ./libm.ts (Python's math module
// calls glibc, whose results differ from V8's Math.* in the last bit for a few percent of arguments).
const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  'math.exp': exp, 'math.log': (x, base) => (base === undefined ? log(x) : log(x) / log(base)),
  'math.sqrt': Math.sqrt, 'math.cos': cos, 'math.sin': sin, 'math.floor': Math.floor, 'math.ceil': Math.ceil,
  abs: Math.abs, min: Math.min, max: Math.max, float: (v) => v, 'math.pow': pow,
};
const CONSTANTS: Record<string, number> = { 'math.pi': Math.PI, 'math.e': Math.E };

/** Python's float `%`: the result has the sign of the divisor. */
function pyMod(a: number, b: number): number {
  if (b === 0) throw new Error('lambda: modulo by zero');
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  return m;
}

/** Python's float `//` (CPython's float_floor_div). */
function pyFloorDiv(a: number, b: number): number {
  if (b === 0) throw new Error('lambda: division by zero');
  const mod = pyMod(a, b);
  const div = (a - mod) / b;
  let floorDiv = Math.floor(div);
  if (div - floorDiv > 0.5) floorDiv += 1;
  return floorDiv;
}

/**
 * Parses `lambda <var>: <expression>` into a function of the variable. The expression may use numbers,
 * the variable, names from `constants`, `+ - * / // % **`, parentheses, `math.pi`, `math.e` and the
 * functions `math.exp/log/sqrt/cos/sin/floor/ceil/pow`, `abs`, `min`, `max`, `float`. Anything else
 * (an unknown name, a call, an attribute, a string) is rejected with an Error; nothing is evaluated.
 *
 * @example
 * ```ts
 * const f = parseLambda('lambda k: 1.0 / (1.0 + c * k)', { c: 1 });
 * f(3); // 0.25
 * ```
 */
export function parseLambda(source: string, constants: Readonly<Record<string, number>> = {}): (x: number) => number {
  const tokens = source.match(/\s*(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z_0-9.]*|\*\*|\/\/|[-+*/%(),:])/gy);
  const joined = (tokens ?? []).join('');
  if (tokens === null || joined.length !== source.replace(/\s+$/, '').length) {
    throw new Error(`lambda: cannot parse ${JSON.stringify(source)} (unsupported characters)`);
  }
  const t = tokens.map((s) => s.trim());
  let i = 0;
  const peek = (): string | undefined => t[i];
  const fail = (what: string): never => {
    throw new Error(`lambda: cannot parse ${JSON.stringify(source)}: ${what}`);
  };
  const expect = (tok: string): void => {
    if (t[i] !== tok) fail(`expected '${tok}' but found ${t[i] === undefined ? 'the end' : `'${t[i]}'`}`);
    i++;
  };
  if (t[i++] !== 'lambda') fail("it must start with 'lambda'");
  const variable = t[i++];
  if (variable === undefined || !/^[A-Za-z_]\w*$/.test(variable)) fail('expected the variable name');
  expect(':');

  const atom = (): Node => {
    const tok = peek();
    if (tok === undefined) return fail('unexpected end');
    i++;
    if (tok === '(') {
      const inner = expr();
      expect(')');
      return inner;
    }
    if (/^[\d.]/.test(tok)) {
      const v = Number(tok);
      if (!Number.isFinite(v)) fail(`bad number '${tok}'`);
      return () => v;
    }
    if (tok === variable) return (x) => x;
    if (peek() === '(') {
      const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, tok) ? FUNCTIONS[tok] : undefined;
      if (fn === undefined) fail(`unknown function '${tok}'`);
      i++;
      const args: Node[] = [expr()];
      while (peek() === ',') {
        i++;
        args.push(expr());
      }
      expect(')');
      return (x) => fn!(...args.map((a) => a(x)));
    }
    const own = (o: object): boolean => Object.prototype.hasOwnProperty.call(o, tok);
    const c = own(constants) ? constants[tok] : own(CONSTANTS) ? CONSTANTS[tok] : undefined;
    if (typeof c !== 'number') return fail(`unknown name '${tok}'`);
    return () => c;
  };
  // Python: ** binds tighter than unary minus on its left, is right-associative, and accepts a unary right side.
  const power = (): Node => {
    const base = atom();
    if (peek() !== '**') return base;
    i++;
    const exponent = unary();
    return (x) => pow(base(x), exponent(x));
  };
  const unary = (): Node => {
    const tok = peek();
    if (tok === '-' || tok === '+') {
      i++;
      const operand = unary();
      return tok === '-' ? (x) => -operand(x) : operand;
    }
    return power();
  };
  const term = (): Node => {
    let left = unary();
    for (let op = peek(); op === '*' || op === '/' || op === '//' || op === '%'; op = peek()) {
      i++;
      const l = left;
      const r = unary();
      left =
        op === '*' ? (x) => l(x) * r(x)
        : op === '%' ? (x) => pyMod(l(x), r(x))
        : op === '//' ? (x) => pyFloorDiv(l(x), r(x))
        : (x) => {
            const d = r(x);
            if (d === 0) throw new Error(`lambda: division by zero in ${JSON.stringify(source)} at ${x}`);
            return l(x) / d;
          };
    }
    return left;
  };
  const expr = (): Node => {
    let left = term();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      i++;
      const l = left;
      const r = term();
      left = op === '+' ? (x) => l(x) + r(x) : (x) => l(x) - r(x);
    }
    return left;
  };
  const body = expr();
  if (i !== t.length) fail(`unexpected '${t[i]}'`);
  return body;
}
