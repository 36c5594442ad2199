/** Splits an expression into tokens, each with its offset in the source. */
import { ExpressionError } from './expression-error.js';

/** One token: a number, a name, an operator or punctuation, or the end of input. */
export interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  /** The text as written (`'**'` is normalised to `'^'`). */
  text: string;
  /** Numeric value of a number token. */
  value: number;
  /** 0-based offset in the source. */
  position: number;
  /** Length in the source. */
  length: number;
}

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z_0-9]*/;
const OPERATORS = ['**', '+', '-', '*', '/', '^', '(', ')', ',', '='];

/**
 * The tokens of `source`, ending with an `end` token; throws {@link ExpressionError} at the first
 * character that starts no token. `²` and `³` are read as `^2` and `^3`, `·` and `×` as `*`, and
 * `−` (U+2212) as `-`, so formulas pasted from the lecture notes parse.
 *
 * @example
 * tokenize('x^2 + 1').map((t) => t.text);   // ['x', '^', '2', '+', '1', '']
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], value: Number(num[0]), position: i, length: num[0].length });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], value: NaN, position: i, length: name[0].length });
      i += name[0].length;
      continue;
    }
    if (ch === '²' || ch === '³') {
      tokens.push({ kind: 'op', text: '^', value: NaN, position: i, length: 1 });
      tokens.push({ kind: 'number', text: ch === '²' ? '2' : '3', value: ch === '²' ? 2 : 3, position: i, length: 1 });
      i++;
      continue;
    }
    const alias = ch === '·' || ch === '×' ? '*' : ch === '−' ? '-' : undefined;
    const op = alias ?? OPERATORS.find((o) => rest.startsWith(o));
    if (op !== undefined) {
      const length = alias ? 1 : op.length;
      tokens.push({ kind: 'op', text: op === '**' ? '^' : op, value: NaN, position: i, length });
      i += length;
      continue;
    }
    throw new ExpressionError(`unexpected character '${ch}'`, source, i);
  }
  tokens.push({ kind: 'end', text: '', value: NaN, position: source.length, length: 1 });
  return tokens;
}
