/**
 * The page's one number format: every readout, tick label and status line goes through here, so
 * they all use the same precision rules and the typographic minus sign (−, U+2212) throughout —
 * including in exponents, which `toExponential` writes with a hyphen.
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
 * A number for a readout: 4 significant digits from 0.001 to 99 999; outside, 3 significant digits
 * times a power of ten in the tick labels' style (3.60×10⁻⁴, 2.76×10⁶), never e-notation, so a table
 * cell reads like the axis beside it.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  // toPrecision(4) itself switches to e-notation from 10 000 up, so write those as whole numbers.
  if (a >= 1e4 && a < 1e5) return typographic(String(Math.round(v)));
  if (a < 1e4 && a >= 1e-3) return typographic(v.toPrecision(4));
  const [mantissa, exponent] = v.toExponential(2).split('e') as [string, string];
  return `${typographic(mantissa)}×${powerOfTen(exponent)}`;
}

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

/**
 * A set value rather than a measurement (a learning rate, 2/η): like {@link formatNumber} but
 * without trailing zeros, so a column of them reads 20, 66.67, 200, 0.1 — not 20.00, 200.0, 0.1000.
 */
export function formatSetting(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return typographic(String(Number(v.toPrecision(4))));
  const [mantissa, exponent] = v.toExponential(3).split('e') as [string, string];
  return `${typographic(String(Number(mantissa)))}×${powerOfTen(exponent)}`;
}

/** An integer with thin-space thousands separators: 10 000. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/**
 * A number as the text of an `<input type="number">`: short enough for a narrow box, exact enough to
 * read back (`Number(text) === v` for values with up to 6 significant digits). Plain decimals from
 * 0.001 to 99,999, exponent form outside (`1e-6`, `1e6`, which number inputs accept), never
 * `0.000001` cut off to `0.00000` nor `1000000` to `100000`.
 */
export function formatInputNumber(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(+v.toPrecision(6));
  return (+v.toPrecision(6)).toExponential().replace('e+', 'e');
}
