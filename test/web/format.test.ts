/** The page's number styles (web/format.ts): one core, three styles, pinned over awkward values. */
import { describe, expect, it } from 'vitest';
import { formatAs, formatInputNumber, formatNumber, formatSetting, type NumberStyle } from '../../web/format.js';

/** Awkward inputs, and what each style writes for them (in this order). */
const VALUES = [0, -0, -2.5, 1e-6, 0.1 + 0.2, 12345.678, 1e21, -1e21, NaN, Infinity, -Infinity, -3e-5];
const EXPECTED: Record<NumberStyle, string[]> = {
  readout: ['0', '0', '−2.500', '1.00×10⁻⁶', '0.3000', '12346', '1.00×10²¹', '−1.00×10²¹', 'NaN', '∞', '−∞', '−3.00×10⁻⁵'],
  setting: ['0', '0', '−2.5', '1×10⁻⁶', '0.3', '12346', '1×10²¹', '−1×10²¹', 'NaN', '∞', '−∞', '−3×10⁻⁵'],
  input: ['0', '0', '-2.5', '1e-6', '0.3', '12345.7', '1e21', '-1e21', 'NaN', 'Infinity', '-Infinity', '-3e-5'],
};

describe('number styles', () => {
  for (const style of ['readout', 'setting', 'input'] as const) {
    it(`writes 0, −0, negatives, 1e-6, 0.1+0.2, 12345.678, 1e21, NaN and ±∞ in the ${style} style`, () => {
      expect(VALUES.map((v) => formatAs(v, style))).toEqual(EXPECTED[style]);
    });
  }

  it('keeps formatNumber, formatSetting and formatInputNumber as the readout, setting and input styles', () => {
    for (const v of [...VALUES, 3.6e-4, 99990, 2 / 3e5, 0.999]) {
      expect(formatNumber(v), String(v)).toBe(formatAs(v, 'readout'));
      expect(formatSetting(v), String(v)).toBe(formatAs(v, 'setting'));
      expect(formatInputNumber(v), String(v)).toBe(formatAs(v, 'input'));
    }
  });

  it('rounds before choosing plain or power-of-ten form: no "1.000e4" for 9999.99, no 10⁻³ beside 0.001', () => {
    expect(formatNumber(9999.99)).toBe('10000');
    expect(formatNumber(-9999.99)).toBe('−10000');
    expect(formatNumber(99999.7)).toBe('1.00×10⁵');
    expect(formatNumber(0.00099999)).toBe('0.001000');
    expect(formatSetting(99999.7)).toBe('1×10⁵');
    expect(formatSetting(0.00099999)).toBe('0.001');
    expect(formatInputNumber(0.0009999999)).toBe('0.001');
    expect(formatInputNumber(99999.97)).toBe('1e5');
    for (const style of ['readout', 'setting'] as const) {
      for (const v of [9999.4, 9999.6, 99999.4, 99999.6, 9.9996e-4, 1e4 - 1e-9]) expect(formatAs(v, style), `${style} ${v}`).not.toMatch(/e/);
    }
  });

  it('writes a setting as the readout of the same value without its trailing zeros (λmax beside 2/η)', () => {
    // 2/η = 13 333.3 (η = 1.5×10⁻⁴) beside λmax = 13 333.3 must not read 13330 against 13333.
    for (const v of [2 / 1.5e-4, 12345.678, 99990, 66.666, 0.1, 2.5, 0.0012]) {
      expect(formatSetting(v), String(v)).toBe(String(Number(formatNumber(v))));
    }
  });

  it('writes input text that a number input reads back exactly, with an ASCII minus', () => {
    for (const v of [-0.5, 1e-6, -2.5e-7, 123456, 0.1 + 0.2, 12345.7, 1e21, 6.02214e23]) {
      const text = formatInputNumber(v);
      expect(text, String(v)).not.toMatch(/[−×]/);
      expect(Number(text), text).toBe(Number(v.toPrecision(6)));
    }
  });

  it('uses the typographic minus, superscript exponents and ×10ⁿ in the display styles', () => {
    for (const style of ['readout', 'setting'] as const) {
      for (const v of [-1e-6, -12345.678, -1e21, -0.5]) {
        const text = formatAs(v, style);
        expect(text, `${style} ${v}`).toMatch(/^−/);
        expect(text, `${style} ${v}`).not.toMatch(/[-e]/);
      }
    }
  });
});
