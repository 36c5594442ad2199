import { describe, expect, it } from 'vitest';
import { parseLambda } from '../../src/schedules/index.js';

describe('parseLambda (safe Python lambda arithmetic)', () => {
  it('follows Python precedence and semantics', () => {
    expect(parseLambda('lambda k: 1.0 / (1.0 + c * k)', { c: 1 })(3)).toBe(0.25);
    expect(parseLambda('lambda x: -x ** 2')(3)).toBe(-9); // ** binds tighter than unary minus
    expect(parseLambda('lambda x: 2 ** 3 ** 2')(0)).toBe(512); // right-associative
    expect(parseLambda('lambda x: 2 ** -1')(0)).toBe(0.5);
    expect(parseLambda('lambda e: e // 30')(61)).toBe(2);
    expect(parseLambda('lambda e: -7 // 2')(0)).toBe(-4);
    expect(parseLambda('lambda e: -7 % 3')(0)).toBe(2);
    expect(parseLambda('lambda e: 7 % -3')(0)).toBe(-2);
    expect(parseLambda('lambda e: 0.95 ** e')(2)).toBeCloseTo(0.9025, 15);
    expect(parseLambda('lambda k: 1 - k / 10 + 2 * 3')(5)).toBe(6.5);
    expect(parseLambda('lambda k: math.exp(-k) * max(0.1, min(1, k))')(0)).toBe(0.1);
    expect(parseLambda('lambda k: math.cos(math.pi * k) + abs(-2) + .5 + 1e-1')(0)).toBeCloseTo(3.6, 15);
    expect(parseLambda('  lambda   k :  k  ')(7)).toBe(7);
  });

  it('rejects anything that is not arithmetic, without evaluating it', () => {
    const bad = [
      "__import__('os').system('ls')",
      'lambda k: __import__("os")',
      'lambda k: k.__class__',
      'lambda k: open("x")',
      'lambda k: k; 1',
      'lambda k: [k]',
      'lambda k: k +',
      'lambda k: (k',
      'lambda k: k k',
      'lambda: 1',
      'k: 1',
      'lambda k: d',
      'lambda k: constructor',
      'lambda k: toString',
      'lambda k: constructor(k)',
      'lambda k: hasOwnProperty(k)',
    ];
    for (const src of bad) expect(() => parseLambda(src), src).toThrow(/^lambda: /);
  });

  it('reports division by zero', () => {
    expect(() => parseLambda('lambda k: 1 / k')(0)).toThrow('lambda: division by zero');
    expect(() => parseLambda('lambda k: 1 // k')(0)).toThrow('lambda: division by zero');
    expect(() => parseLambda('lambda k: 1 % k')(0)).toThrow('lambda: modulo by zero');
  });
});
