/**
 * A safe parser for the arithmetic Python lambdas PyTorch users write as LambdaLR factors, such as
 * `lambda k: 1.0 / (1.0 + c * k)` or `lambda epoch: 0.95 ** epoch`. It never evaluates code: the
 * text is tokenised and parsed into a tree of arithmetic nodes over the lambda's variable and named
 * constants, with Python's semantics for `/`, `//`, `%` and `**`.
 */

import { parseArithmetic, type ArithmeticGrammar } from '../expression/arithmetic-parser.js';
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

// Python's precedence: `+ -`, then `* / // %`, then a sign, then the right-associative `**`.
const PYTHON_ARITHMETIC: ArithmeticGrammar = { levels: [['+', '-'], ['*', '/', '//', '%']], power: '**' };

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
  const fail = (what: string): never => {
    throw new Error(`lambda: cannot parse ${JSON.stringify(source)}: ${what}`);
  };
  if (t[0] !== 'lambda') fail("it must start with 'lambda'");
  const variable = t[1];
  if (variable === undefined || !/^[A-Za-z_]\w*$/.test(variable)) fail('expected the variable name');
  if (t[2] !== ':') fail(`expected ':' but found ${t[2] === undefined ? 'the end' : `'${t[2]}'`}`);
  const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

  return parseArithmetic<Node>(t, PYTHON_ARITHMETIC, {
    number(text) {
      const v = Number(text);
      if (!Number.isFinite(v)) fail(`bad number '${text}'`);
      return () => v;
    },
    name(text) {
      if (text === variable) return (x) => x;
      const c = own(constants, text) ? constants[text] : own(CONSTANTS, text) ? CONSTANTS[text] : undefined;
      if (typeof c !== 'number') return fail(`unknown name '${text}'`);
      return () => c;
    },
    call(name, args) {
      const fn = own(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (fn === undefined) return fail(`unknown function '${name}'`);
      return (x) => fn(...args.map((a) => a(x)));
    },
    negate: (operand) => (x) => -operand(x),
    binary(op, l, r) {
      switch (op) {
        case '+': return (x) => l(x) + r(x);
        case '-': return (x) => l(x) - r(x);
        case '*': return (x) => l(x) * r(x);
        case '%': return (x) => pyMod(l(x), r(x));
        case '//': return (x) => pyFloorDiv(l(x), r(x));
        case '**': return (x) => pow(l(x), r(x));
        default: return (x) => {
          const d = r(x);
          if (d === 0) throw new Error(`lambda: division by zero in ${JSON.stringify(source)} at ${x}`);
          return l(x) / d;
        };
      }
    },
    fail,
  }, 3);
}
