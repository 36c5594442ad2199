import { describe, expect, it } from 'vitest';
import { parseArithmetic, type ArithmeticBuilder } from '../../src/expression/arithmetic-parser.js';
import { compileFormula } from '../../src/functions/formula.js';
import { parseLambda } from '../../src/schedules/lambda-expression.js';

/** A builder that prints the tree fully parenthesised, to see precedence and associativity. */
const printer: ArithmeticBuilder<string> = {
  number: (t) => t,
  name: (t) => t,
  call: (name, args) => `${name}(${args.join(', ')})`,
  negate: (a) => `(-${a})`,
  binary: (op, a, b) => `(${a} ${op} ${b})`,
  fail: (m) => {
    throw new Error(m);
  },
};
const grammar = { levels: [['+', '-'], ['*', '/']], power: '^' };
const show = (text: string): string => parseArithmetic(text.split(' '), grammar, printer);

describe('parseArithmetic', () => {
  it('binary levels are left-associative; the power is right-associative and tighter than a sign on its left', () => {
    expect(show('a - b - c')).toBe('((a - b) - c)');
    expect(show('a + b * c / d')).toBe('(a + ((b * c) / d))');
    expect(show('- a ^ 2')).toBe('(-(a ^ 2))');
    expect(show('a ^ b ^ c')).toBe('(a ^ (b ^ c))');
    expect(show('a ^ - b')).toBe('(a ^ (-b))');
    expect(show('+ ( a + b ) * f ( x , 2 )')).toBe('((a + b) * f(x, 2))');
  });

  it('reports where the text stops making sense', () => {
    expect(() => show('a +')).toThrow('unexpected end');
    expect(() => show('( a')).toThrow("expected ')' but found the end");
    expect(() => show('a b')).toThrow("unexpected 'b'");
    expect(() => show('* a')).toThrow("unexpected '*'");
  });

  it('serves both languages built on it, each with its own names and errors', () => {
    expect(parseLambda('lambda k: 2 ** -k ** 2')(1)).toBe(0.5);
    expect(compileFormula('f(x, y) = -x^2 + y')(3, 1).v).toBe(-8);
    expect(() => compileFormula('f(x, y) = sin(x, y)')).toThrow('formula: sin takes one argument, got 2');
    expect(() => compileFormula('f(x, y) = constructor(x)')).toThrow("formula: unknown function 'constructor'");
    expect(() => parseLambda('lambda k: nope(k)')).toThrow("lambda: cannot parse \"lambda k: nope(k)\": unknown function 'nope'");
  });
});
