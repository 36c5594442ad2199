/**
 * The page's one number format: every readout, tick label and status line goes through here, so
 * they all use the same precision rules and the typographic minus sign (−, U+2212) throughout —
 * including in exponents, which `toExponential` writes with a hyphen. The one exception is the text
 * put into number inputs (style `input`), which must stay parseable.
 */

/** Replaces every ASCII hyphen-minus (sign or exponent sign) with U+2212 and drops `e+`. */
function typographic(s: string): string {
  return s.replace('e+', 'e').replaceAll('-', '−');
}

/** Superscript digits and minus, for powers of ten in tick labels and readouts. */
const SUPERSCRIPT: Readonly<Record<string, string>> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };

/** 10 raised to an integer exponent written as text ("-4" → "10⁻⁴"). */
function powerOfTen(exponent: string): string {
  return `10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/**
 * How a number is written. One core ({@link formatAs}) writes all three; they differ only in the
 * rules below, because they answer different questions:
 * - `readout`: a measurement (a loss, λmax, ‖∇f‖). 4 significant digits *with* trailing zeros, so a
 *   column of readouts lines up and shows its precision (2.500, 0.7131); whole numbers keep all
 *   their digits (12346); 3 digits × 10ⁿ outside 0.001…99 999.
 * - `setting`: a value someone set or derived from one (η, 2/η). Same precision, trailing zeros
 *   dropped (20, 66.67, 0.1 — a learning rate of 0.1 is not "0.1000"); 4 digits × 10ⁿ outside,
 *   since a set value is exact.
 * - `input`: the text of an `<input type="number">`. Must parse back (`Number(text) === v` for
 *   values with up to 6 significant digits), so ASCII `-` and e-notation (`1e-6`), which number
 *   inputs accept, instead of U+2212 and ×10ⁿ, which they reject; 6 digits, no trailing zeros.
 */
export type NumberStyle = 'readout' | 'setting' | 'input';

/** The rules of one {@link NumberStyle}. */
interface StyleRules {
  /** Significant digits of a plain decimal (whole numbers keep all their digits: 12346, never 12350). */
  digits: number;
  /** Significant digits of the mantissa outside the plain range. */
  scientificDigits: number;
  /** Keep trailing zeros (a measurement's precision) or drop them (a set value's exactness). */
  trailingZeros: boolean;
  /** U+2212 and ×10ⁿ for reading; ASCII and e-notation for an input box to parse. */
  typographic: boolean;
}

const STYLES: Readonly<Record<NumberStyle, StyleRules>> = {
  readout: { digits: 4, scientificDigits: 3, trailingZeros: true, typographic: true },
  setting: { digits: 4, scientificDigits: 4, trailingZeros: false, typographic: true },
  input: { digits: 6, scientificDigits: 6, trailingZeros: false, typographic: false },
};

/** Magnitudes from 0.001 up to (not including) 100 000 are written as plain decimals in every style. */
const PLAIN = { low: 1e-3, high: 1e5 } as const;

/**
 * `v` written in `style` (see {@link NumberStyle}). Zero (−0 included) is `0`; NaN and ±∞ are
 * `NaN`, `∞`, `−∞` (`NaN`, `Infinity`, `-Infinity` for an input box). The value is rounded before
 * its range is chosen, so a number that rounds to a boundary is written like the boundary
 * (9999.99 as 10000, not 1.000e4; 0.00099999 as 0.001000).
 *
 * @example
 * formatAs(0.1 + 0.2, 'readout'); // '0.3000'
 * formatAs(2 / 3e5, 'setting');   // '6.667×10⁻⁶'
 * formatAs(1e-6, 'input');        // '1e-6'
 */
export function formatAs(v: number, style: NumberStyle): string {
  const rules = STYLES[style];
  if (!Number.isFinite(v)) return !rules.typographic ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const whole = 10 ** rules.digits;
  const rounded = Math.abs(v) >= whole ? Math.round(v) : Number(v.toPrecision(rules.digits));
  const a = Math.abs(rounded);
  if (a >= PLAIN.low && a < PLAIN.high) {
    // toPrecision would switch to e-notation for whole numbers with more digits than asked for.
    const text = rules.trailingZeros && a < whole ? rounded.toPrecision(rules.digits) : String(rounded);
    return rules.typographic ? typographic(text) : text;
  }
  const [m, exponent] = v.toExponential(rules.scientificDigits - 1).split('e') as [string, string];
  const mantissa = rules.trailingZeros ? m : String(Number(m));
  return rules.typographic ? `${typographic(mantissa)}×${powerOfTen(exponent)}` : `${mantissa}e${Number(exponent)}`;
}

/**
 * A measurement for a readout ({@link NumberStyle} `readout`): 4 significant digits from 0.001 to
 * 99 999, 3 significant digits times a power of ten outside (3.60×10⁻⁴, 2.76×10⁶) in the tick
 * labels' style, never e-notation, so a table cell reads like the axis beside it.
 */
export const formatNumber = (v: number): string => formatAs(v, 'readout');

/**
 * A set value rather than a measurement (a learning rate, 2/η; {@link NumberStyle} `setting`): like
 * {@link formatNumber} but without trailing zeros, so a column of them reads 20, 66.67, 200, 0.1 —
 * not 20.00, 200.0, 0.1000.
 */
export const formatSetting = (v: number): string => formatAs(v, 'setting');

/**
 * A number as the text of an `<input type="number">` ({@link NumberStyle} `input`): short enough for
 * a narrow box, exact enough to read back (`Number(text) === v` for values with up to 6 significant
 * digits). Plain decimals from 0.001 to 99 999, exponent form outside (`1e-6`, `1e6`), never
 * `0.000001` cut off to `0.00000` nor `1000000` to `100000`.
 */
export const formatInputNumber = (v: number): string => formatAs(v, 'input');

/** Ticks from 0.001 up to (not including) 10 000 are written out; beyond, as powers of ten. */
const PLAIN_TICKS = { low: 1e-3, high: 1e4 } as const;

/**
 * A short axis tick label, one style on every axis: plain decimals from 0.001 to 1000 (0.001,
 * 0.5, 20, 1000), powers of ten outside (10⁻⁴, 10⁹, 2×10⁻⁵) — never "1e−3" beside "0.01" or
 * "1e6" beside "1000". Tick values are round, so few digits suffice.
 */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return formatNumber(v);
  const a = Math.abs(v);
  if (a >= PLAIN_TICKS.low && a < PLAIN_TICKS.high) return typographic(String(Number(v.toPrecision(3))));
  const [mantissa, exponent] = v.toExponential(2).split('e') as [string, string];
  const power = powerOfTen(exponent);
  const m = Number(mantissa);
  if (Math.abs(m) === 1) return m < 0 ? `−${power}` : power;
  return `${typographic(String(m))}×${power}`;
}

/** An integer with thin-space thousands separators: 10 000. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
