/**
 * The page's one number format: every readout, tick label and status line goes through here, so
 * they all use the same precision rules and the typographic minus sign (−, U+2212) throughout —
 * including in exponents, which `toExponential` writes with a hyphen.
 */

/** Replaces every ASCII hyphen-minus (sign or exponent sign) with U+2212 and drops `e+`. */
function typographic(s: string): string {
  return s.replace('e+', 'e').replaceAll('-', '−');
}

/** A number for a readout: 4 significant digits, exponent form when tiny or huge. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return typographic(a >= 1e5 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4));
}

/** A short axis tick label: 0.5, 20, 1e−4 (tick values are round, so few digits suffice). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return typographic(v.toExponential(0));
  return typographic(String(Number(v.toPrecision(3))));
}

/** An integer with thin-space thousands separators: 10 000. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
