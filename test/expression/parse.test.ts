import { describe, expect, it } from 'vitest';
import { ExpressionError, formatExpr, parseExpression, tokenize } from '../../src/index.js';

function errorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`'${source}' parsed without an error`);
}

describe('parseExpression: precedence and forms', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['-x^2', '(-(x ^ 2))'],
    ['2^3^2', '(2 ^ (3 ^ 2))'],
    ['x - y - 1', '((x - y) - 1)'],
    ['x / y / 2', '((x / y) / 2)'],
    ['2x^2', '(2 * (x ^ 2))'],
    ['3(x + 1)', '(3 * (x + 1))'],
    ['x(y + 1)', '(x * (y + 1))'],
    ['x y', '(x * y)'],
    ['2^-1', '(2 ^ (-1))'],
    ['x**2', '(x ^ 2)'],
    ['x² + y³', '((x ^ 2) + (y ^ 3))'],
    ['x · y − 1', '((x * y) - 1)'],
    ['f(x, y) = x + y', '(x + y)'],
    ['f = x', 'x'],
    ['max(x, sin(y))', 'max(x, sin(y))'],
    ['1.5e-3 * .5', '(0.0015 * 0.5)'],
  ])('%s → %s', (source, expected) => {
    expect(formatExpr(parseExpression(source))).toBe(expected);
  });

  it('constants are numbers', () => {
    expect(parseExpression('pi')).toMatchObject({ type: 'number', value: Math.PI });
  });

  it('tokens carry their offsets', () => {
    expect(tokenize('x  +12').map((t) => [t.text, t.position])).toEqual([['x', 0], ['+', 3], ['12', 4], ['', 6]]);
  });

  it('accepts other variable names when asked', () => {
    expect(formatExpr(parseExpression('a*b', { variables: ['a', 'b'] }))).toBe('(a * b)');
  });
});

describe('parseExpression: errors name the problem and its position', () => {
  it.each([
    // source, 0-based position, fragment of the message
    ['x + * y', 4, "unexpected '*'"],
    ['sin(x', 5, "expected ',' or ')'"],
    ['(x + y', 6, "expected ')' to close the '(' at position 1"],
    ['x)', 1, "unmatched ')'"],
    ['foo(x)', 0, "unknown function 'foo'"],
    ['x + z', 4, "unknown name 'z'"],
    ['sin x', 0, "function 'sin' needs its arguments in parentheses"],
    ['x $ y', 2, "unexpected character '$'"],
    ['max(x)', 0, 'max takes 2 arguments, got 1'],
    ['x +', 3, 'unexpected end of input'],
    ['', 0, 'empty expression'],
    ['x = y', 2, "unexpected '='"],
    ['exp(x,)', 6, "unexpected ')'"],
  ])('%j', (source, position, fragment) => {
    const err = errorOf(source);
    expect(err.position).toBe(position);
    expect(err.message).toContain(fragment);
    expect(err.message).toMatch(new RegExp(`at position ${position + 1}$`));
  });

  it('suggests the closest name', () => {
    expect(errorOf('sni(x)').message).toContain("did you mean 'sin'?");
    expect(errorOf('sqr(x)').message).toContain("did you mean 'sqrt'?");
  });

  it('points at the offending text', () => {
    expect(errorOf('1 + foo(2)').pointer()).toBe('1 + foo(2)\n    ^^^');
  });
});
