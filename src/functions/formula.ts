/**
 * A 2-D objective from a plain-text formula such as `f(x, y) = (a - x)^2 + b * (y - x^2)^2`,
 * differentiated exactly by second-order forward mode (jets carrying value, gradient and Hessian).
 * The parity checker falls back to it when a golden file names a function or constant that the
 * library does not know, so a new test function still gets exact gradients.
 */
import type { Objective2D } from './types.js';

/** Value, gradient and Hessian of an expression at a point (a second-order jet in x and y). */
interface Jet {
  v: number;
  x: number;
  y: number;
  xx: number;
  xy: number;
  yy: number;
}

const constant = (v: number): Jet => ({ v, x: 0, y: 0, xx: 0, xy: 0, yy: 0 });
const isConstant = (a: Jet): boolean => a.x === 0 && a.y === 0 && a.xx === 0 && a.xy === 0 && a.yy === 0;

function add(a: Jet, b: Jet, s = 1): Jet {
  return { v: a.v + s * b.v, x: a.x + s * b.x, y: a.y + s * b.y, xx: a.xx + s * b.xx, xy: a.xy + s * b.xy, yy: a.yy + s * b.yy };
}

function mul(a: Jet, b: Jet): Jet {
  return {
    v: a.v * b.v,
    x: a.x * b.v + a.v * b.x,
    y: a.y * b.v + a.v * b.y,
    xx: a.xx * b.v + 2 * a.x * b.x + a.v * b.xx,
    xy: a.xy * b.v + a.x * b.y + a.y * b.x + a.v * b.xy,
    yy: a.yy * b.v + 2 * a.y * b.y + a.v * b.yy,
  };
}

/** Chain rule for a scalar function with value f, first derivative d1 and second d2 at a.v. */
function chainRule(a: Jet, f: number, d1: number, d2: number): Jet {
  return {
    v: f,
    x: d1 * a.x,
    y: d1 * a.y,
    xx: d2 * a.x * a.x + d1 * a.xx,
    xy: d2 * a.x * a.y + d1 * a.xy,
    yy: d2 * a.y * a.y + d1 * a.yy,
  };
}

function div(a: Jet, b: Jet): Jet {
  if (isConstant(b)) return { v: a.v / b.v, x: a.x / b.v, y: a.y / b.v, xx: a.xx / b.v, xy: a.xy / b.v, yy: a.yy / b.v };
  const u = b.v;
  return mul(a, chainRule(b, 1 / u, -1 / (u * u), 2 / (u * u * u)));
}

function pow(a: Jet, b: Jet): Jet {
  if (isConstant(b)) {
    const n = b.v;
    const u = a.v;
    // Integer powers by multiplication, so x^2 is exactly x*x as in PyTorch.
    if (n === 2) return mul(a, a);
    if (Number.isInteger(n) && n >= 0 && n <= 16) {
      let r = constant(1);
      for (let i = 0; i < n; i++) r = mul(r, a);
      return r;
    }
    return chainRule(a, u ** n, n * u ** (n - 1), n * (n - 1) * u ** (n - 2));
  }
  return unary('exp', mul(b, unary('log', a)));
}

const FUNCTIONS: Record<string, (u: number) => [number, number, number]> = {
  sin: (u) => [Math.sin(u), Math.cos(u), -Math.sin(u)],
  cos: (u) => [Math.cos(u), -Math.sin(u), -Math.cos(u)],
  tan: (u) => {
    const t = Math.tan(u);
    return [t, 1 + t * t, 2 * t * (1 + t * t)];
  },
  exp: (u) => [Math.exp(u), Math.exp(u), Math.exp(u)],
  log: (u) => [Math.log(u), 1 / u, -1 / (u * u)],
  sqrt: (u) => [Math.sqrt(u), 0.5 / Math.sqrt(u), -0.25 / (u * Math.sqrt(u))],
  abs: (u) => [Math.abs(u), Math.sign(u), 0],
  tanh: (u) => {
    const t = Math.tanh(u);
    return [t, 1 - t * t, -2 * t * (1 - t * t)];
  },
  sinh: (u) => [Math.sinh(u), Math.cosh(u), Math.sinh(u)],
  cosh: (u) => [Math.cosh(u), Math.sinh(u), Math.cosh(u)],
};

function unary(name: string, a: Jet): Jet {
  const [f, d1, d2] = FUNCTIONS[name]!(a.v);
  return chainRule(a, f, d1, d2);
}

type Node = (x: number, y: number) => Jet;

/** Tokens: numbers, identifiers, operators (`**` is folded into `^`) and parentheses. */
function tokenize(src: string): string[] {
  const re = /\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z_0-9]*|\*\*|[-+*/^(),])/y;
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`formula: cannot read '${src.slice(i)}'`);
    out.push(m[1] === '**' ? '^' : m[1]!);
    i = re.lastIndex;
  }
  return out;
}

/**
 * Compiles a formula over x and y. `constants` give values to other names (`pi` is π; `e` is
 * Euler's number unless a constant is called `e`).
 */
export function compileFormula(formula: string, constants: Readonly<Record<string, number>> = {}): Node {
  const eq = formula.indexOf('=');
  const body = eq >= 0 ? formula.slice(eq + 1) : formula;
  const tokens = tokenize(body);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const expect = (t: string): void => {
    if (tokens[pos] !== t) throw new Error(`formula: expected '${t}' but found '${tokens[pos] ?? 'end'}' in '${body.trim()}'`);
    pos++;
  };
  // A left-associative chain `operand (op operand)*` of the operators in `ops`.
  const chain = (operand: () => Node, ops: Readonly<Record<string, (l: Node, r: Node) => Node>>): Node => {
    let left = operand();
    for (let op = peek(); op !== undefined && Object.hasOwn(ops, op); op = peek()) {
      pos++;
      left = ops[op]!(left, operand());
    }
    return left;
  };
  const expr = (): Node => chain(term, {
    '+': (l, r) => (x, y) => add(l(x, y), r(x, y)),
    '-': (l, r) => (x, y) => add(l(x, y), r(x, y), -1),
  });
  const term = (): Node => chain(signed, {
    '*': (l, r) => (x, y) => mul(l(x, y), r(x, y)),
    '/': (l, r) => (x, y) => div(l(x, y), r(x, y)),
  });
  const signed = (): Node => {
    if (peek() === '-') {
      pos++;
      const a = signed();
      return (x, y) => mul(constant(-1), a(x, y));
    }
    if (peek() === '+') {
      pos++;
      return signed();
    }
    return power();
  };
  const power = (): Node => {
    const base = atom();
    if (peek() === '^') {
      pos++;
      const exponent = signed(); // right-associative, and binds tighter than unary minus on its left
      return (x, y) => pow(base(x, y), exponent(x, y));
    }
    return base;
  };
  const atom = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`formula: unexpected end of '${body.trim()}'`);
    if (t === '(') {
      const e = expr();
      expect(')');
      return e;
    }
    if (/^[\d.]/.test(t)) {
      const v = Number(t);
      return () => constant(v);
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(' && t in FUNCTIONS) {
        pos++;
        const arg = expr();
        expect(')');
        return (x, y) => unary(t, arg(x, y));
      }
      if (t === 'x') return (x) => ({ v: x, x: 1, y: 0, xx: 0, xy: 0, yy: 0 });
      if (t === 'y') return (_x, y) => ({ v: y, x: 0, y: 1, xx: 0, xy: 0, yy: 0 });
      if (t in constants) {
        const v = constants[t]!;
        return () => constant(v);
      }
      if (t === 'pi') return () => constant(Math.PI);
      if (t === 'e') return () => constant(Math.E);
      throw new Error(`formula: unknown name '${t}' in '${body.trim()}'`);
    }
    throw new Error(`formula: unexpected '${t}' in '${body.trim()}'`);
  };
  const root = expr();
  if (pos !== tokens.length) throw new Error(`formula: unexpected '${tokens[pos]}' in '${body.trim()}'`);
  return root;
}

/**
 * The objective defined by a formula, with exact gradient and Hessian.
 *
 * @example
 * const f = formulaObjective('f(x, y) = (a - x)^2 + b*(y - x^2)^2', { a: 1, b: 100 });
 * f.gradient([0, 0]);   // [-2, 0]
 */
export function formulaObjective(formula: string, constants: Readonly<Record<string, number>> = {}, name = 'formula'): Objective2D {
  const f = compileFormula(formula, constants);
  return {
    name,
    dimension: 2,
    constants: { ...constants },
    value: (p) => f(p[0]!, p[1]!).v,
    gradient(p, out = new Float64Array(2)) {
      const j = f(p[0]!, p[1]!);
      out[0] = j.x;
      out[1] = j.y;
      return out;
    },
    hessian(p, out = new Float64Array(4)) {
      const j = f(p[0]!, p[1]!);
      out[0] = j.xx;
      out[1] = j.xy;
      out[2] = j.xy;
      out[3] = j.yy;
      return out;
    },
  };
}
