/**
 * The recursive-descent core shared by the small arithmetic languages outside the playground's
 * formula parser: the Python lambdas of LambdaLR (`src/schedules/lambda-expression.ts`) and the
 * golden files' 2-D formulas (`src/functions/formula.ts`). The parser knows only precedence and
 * associativity; what a number, a name, a call or an operator means (a float, a jet, …) and which
 * names exist is the caller's {@link ArithmeticBuilder}, so nothing in the text is ever evaluated as code.
 *
 * Precedence, loosest first: the binary levels in order (all left-associative), a unary sign, then
 * the power operator, which is right-associative, binds tighter than a sign on its left and accepts
 * a signed right side (Python's rules: `-x ** 2 = -(x ** 2)`, `2 ** -1 = 0.5`, `2 ** 3 ** 2 = 2 ** 9`).
 */

/** The operators of a language. */
export interface ArithmeticGrammar {
  /** Left-associative binary operators by precedence, loosest first, e.g. `[['+', '-'], ['*', '/']]`. */
  readonly levels: readonly (readonly string[])[];
  /** The right-associative power operator, e.g. `'**'` or `'^'`. */
  readonly power: string;
}

/** How a language builds its nodes; every method may reject its input with {@link fail}. */
export interface ArithmeticBuilder<N> {
  /** A numeric literal (a token starting with a digit or a dot). */
  number(text: string): N;
  /** A name that is not called: a variable or a constant. */
  name(text: string): N;
  /** A call `name(args…)`. */
  call(name: string, args: N[]): N;
  /** `-operand`. */
  negate(operand: N): N;
  /** `left op right`, for an operator of a binary level or the power operator. */
  binary(op: string, left: N, right: N): N;
  /** Throws the language's syntax error with `message` (e.g. `unexpected ')'`). */
  fail(message: string): never;
}

/**
 * Parses `tokens` from index `start` to the end (tokens are trimmed strings: numbers, names,
 * operators and parentheses) and returns the root node.
 *
 * @example
 * ```ts
 * const evalNode = parseArithmetic(['1', '+', '2', '*', '3'], { levels: [['+'], ['*']], power: '^' }, {
 *   number: Number, name: (t) => { throw new Error(t); }, call: (t) => { throw new Error(t); },
 *   negate: (a) => -a, binary: (op, a, b) => (op === '+' ? a + b : op === '*' ? a * b : a ** b),
 *   fail: (m) => { throw new Error(m); },
 * }); // 7
 * ```
 */
export function parseArithmetic<N>(tokens: readonly string[], grammar: ArithmeticGrammar, build: ArithmeticBuilder<N>, start = 0): N {
  let i = start;
  const peek = (): string | undefined => tokens[i];
  const describe = (tok: string | undefined): string => (tok === undefined ? 'the end' : `'${tok}'`);
  const expect = (tok: string): void => {
    if (tokens[i] !== tok) build.fail(`expected '${tok}' but found ${describe(tokens[i])}`);
    i++;
  };

  const atom = (): N => {
    const tok = tokens[i++];
    if (tok === undefined) return build.fail('unexpected end');
    if (tok === '(') {
      const inner = level(0);
      expect(')');
      return inner;
    }
    if (/^[\d.]/.test(tok)) return build.number(tok);
    if (!/^[A-Za-z_]/.test(tok)) return build.fail(`unexpected '${tok}'`);
    if (peek() !== '(') return build.name(tok);
    i++;
    const args = [level(0)];
    while (peek() === ',') {
      i++;
      args.push(level(0));
    }
    expect(')');
    return build.call(tok, args);
  };
  const power = (): N => {
    const base = atom();
    if (peek() !== grammar.power) return base;
    i++;
    return build.binary(grammar.power, base, unary());
  };
  const unary = (): N => {
    const tok = peek();
    if (tok !== '-' && tok !== '+') return power();
    i++;
    const operand = unary();
    return tok === '-' ? build.negate(operand) : operand;
  };
  const level = (n: number): N => {
    if (n === grammar.levels.length) return unary();
    const ops = grammar.levels[n]!;
    let left = level(n + 1);
    for (let op = peek(); op !== undefined && ops.includes(op); op = peek()) {
      i++;
      left = build.binary(op, left, level(n + 1));
    }
    return left;
  };

  const root = level(0);
  if (i !== tokens.length) build.fail(`unexpected '${tokens[i]}'`);
  return root;
}
