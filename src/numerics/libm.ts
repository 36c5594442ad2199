/**
 * Correctly rounded cos, sin, exp, log and pow, so that the schedules reproduce Python's `math`
 * module (glibc) where V8's fdlibm-derived `Math.*` differs in the last place.
 *
 * NOTE: V8's Math.cos/sin/exp/log/pow are faithful (< 1 ulp) but not correctly rounded; on 100,000
 * arguments of the kinds the schedules use (π·k/T, γ^k, PolynomialLR's ratio^p, uniform ones) they
 * differ from Python in 3 % (cos, sin, log), 7 % (γ^k) and 10 % (exp) of the cases. glibc 2.36's
 * functions (x86-64, FMA variants) are not correctly rounded either, but nearly: the functions here
 * differ from Python on 0.14 % of 2,000,000 cos arguments (π·k/T with k <= T <= 10,000, and uniform
 * in [0, 100]), 0.14 % of sin, 0.08 % of exp, 0.03-0.08 % of pow and 0 of 200,000 log arguments —
 * in every one of those cases glibc is the one off by an ulp (checked with mpmath at 400 bits).
 * So a long schedule still drifts from PyTorch from the first step at which glibc misrounds.
 *
 * Each function evaluates a double-double approximation (about 2^-100 relative error; 2^-85 for pow)
 * and rounds it when the error interval rounds to a single double (Ziv's rounding test). Otherwise,
 * about once in 2^40 calls, and for |x| >= 2^20 in cos/sin or results near the subnormal and overflow
 * ranges, a BigInt evaluation at increasing precision decides ({@link ./libm-big.ts}). Exact cases of
 * pow (x^y a double or halfway between two) are detected and rounded exactly.
 */
import { twoProductError, twoSumError } from './error-free.js';
import { cosSinBig, expBig, logBig, powBig, powExact, toDoubleDouble, piFixed, ln2Fixed, toFixed, ziv } from './libm-big.js';

// ---- double-double arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2 --------------------------

// Operands stay far below 2^996, where the error-free transformations are exact.
let lo = 0; // the low part of the last double-double result

/** (ah + al) + (bh + bl): Knuth's two-sum of the high parts, relative error below 2^-104. */
function add(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  const e = twoSumError(ah, bh, s) + al + bl;
  const r = s + e;
  lo = e - (r - s);
  return r;
}

/** (ah + al)·(bh + bl), relative error below 2^-104. */
function mul(ah: number, al: number, bh: number, bl: number): number {
  const p = ah * bh;
  const e = twoProductError(ah, bh, p) + (ah * bl + al * bh);
  const r = p + e;
  lo = e - (r - p);
  return r;
}

/** hi + lo rounded to a double when every value within ±err of it rounds the same way; else undefined. */
function rounded(hi: number, low: number, err: number): number | undefined {
  const a = hi + (low - err);
  return a === hi + (low + err) ? a : undefined;
}

// ---- constants, from the BigInt side ---------------------------------------------------------------

/** A constant c·2^-f (c a BigInt) split into pieces of `bits` significant bits (the last one a full double). */
function pieces(c: bigint, f: number, bits: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const len = (c < 0n ? -c : c).toString(2).length;
    const top = i === count - 1 ? c : (c >> BigInt(len - bits)) << BigInt(len - bits);
    out.push(toDoubleDouble(top, f)[0]);
    c -= toFixed(out[i]!, f);
  }
  return out;
}

const F = 400;
// π/2 in 33-bit pieces: k·piece is exact for k < 2^20.
const PIO2 = pieces(piFixed(F + 1) >> 2n, F, 33, 5);
// ln 2 in 42-bit pieces: k·piece is exact for |k| < 2^11.
const LN2 = pieces(ln2Fixed(F), F, 42, 4);
const TWO_OVER_PI = 2 / Math.PI;

/** Double-double coefficients num_i/den_i, high and low parts in two arrays. */
function coefficients(count: number, ratio: (i: number) => [bigint, bigint]): [Float64Array, Float64Array] {
  const hi = new Float64Array(count);
  const low = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const [num, den] = ratio(i);
    [hi[i], low[i]] = toDoubleDouble((num << BigInt(F)) / den, F);
  }
  return [hi, low];
}
const factorial = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1));
const sign = (i: number): bigint => (i % 2 === 0 ? 1n : -1n);
// cos r = Σ (−1)^i z^i/(2i)!, sin r = r·Σ (−1)^i z^i/(2i+1)!, z = r², |r| <= π/4 (terms to i = 14: < 2^-110).
const [COS_HI, COS_LO] = coefficients(15, (i) => [sign(i), factorial(2 * i)]);
const [SIN_HI, SIN_LO] = coefficients(15, (i) => [sign(i), factorial(2 * i + 1)]);
// exp r = Σ r^i/i!, |r| <= 0.35 (terms to i = 24: < 2^-115).
const [EXP_HI, EXP_LO] = coefficients(25, (i) => [1n, factorial(i)]);
// log m = 2s·Σ z^i/(2i+1), s = (m − 1)/(m + 1), z = s², |s| <= 0.172 (terms to i = 22: < 2^-115).
const [ATANH_HI, ATANH_LO] = coefficients(23, (i) => [1n, BigInt(2 * i + 1)]);

/**
 * Σ c_i·z^i by Horner's rule: the terms from `split` on (each below 2^-57) in doubles, the others in
 * double-double. Returns the high part; the low part is in `lo`.
 */
function horner(hiC: Float64Array, loC: Float64Array, split: number, zh: number, zl: number): number {
  let t = hiC[hiC.length - 1]!;
  for (let i = hiC.length - 2; i >= split; i--) t = t * zh + hiC[i]!;
  let ph = t;
  let pl = 0;
  for (let i = split - 1; i >= 0; i--) {
    ph = mul(ph, pl, zh, zl);
    ph = add(ph, lo, hiC[i]!, loC[i]!);
    pl = lo;
  }
  lo = pl;
  return ph;
}

// ---- cos and sin -----------------------------------------------------------------------------------

const TRIG_FAST_LIMIT = 2 ** 20;
// Measured errors of the fast path (against the BigInt path, 20,000 arguments) are below 2^-104
// relative and 2^-105 absolute; the bounds keep a margin of 2^5 or more.
const TRIG_REL_ERR = 2 ** -98;
const TRIG_ABS_ERR = 2 ** -100;

/** cos|x| (sine false) or sin|x| (sine true) for |x| < 2^20 via the double-double path, or undefined. */
function cosSinFast(ax: number, sine: boolean): number | undefined {
  // ax = k·π/2 + r, |r| <= π/4 (+ a hair), r in double-double with absolute error below 2^-104.
  const k = Math.round(ax * TWO_OVER_PI);
  let rh = ax;
  let rl = 0;
  if (k !== 0) {
    rh = add(ax, 0, -k * PIO2[0]!, 0);
    rl = lo;
    for (let i = 1; i < PIO2.length; i++) {
      rh = add(rh, rl, -k * PIO2[i]!, 0);
      rl = lo;
    }
  }
  const zh = mul(rh, rl, rh, rl);
  const zl = lo;
  const j = (k + (sine ? 3 : 0)) % 4; // cos x = (cos r, −sin r, −cos r, sin r)[k mod 4]
  let vh: number;
  let vl: number;
  if (j % 2 === 0) {
    vh = horner(COS_HI, COS_LO, 9, zh, zl);
    vl = lo;
  } else {
    const ph = horner(SIN_HI, SIN_LO, 9, zh, zl);
    vh = mul(rh, rl, ph, lo);
    vl = lo;
  }
  if (j === 1 || j === 2) {
    vh = -vh;
    vl = -vl;
  }
  return rounded(vh, vl, TRIG_REL_ERR * Math.abs(vh) + TRIG_ABS_ERR);
}

/**
 * cos x, correctly rounded (round to nearest, ties to even), as glibc's `cos` and Python's `math.cos`.
 *
 * @example
 * ```ts
 * cos(3.7699111843077517); // -0.8090169943749476 (Math.cos: -0.8090169943749475)
 * ```
 */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  return (ax < TRIG_FAST_LIMIT ? cosSinFast(ax, false) : undefined) ?? ziv((p) => cosSinBig(ax, p, false));
}

/**
 * sin x, correctly rounded, as glibc's `sin` and Python's `math.sin`.
 *
 * @example
 * ```ts
 * sin(Math.PI); // 1.2246467991473532e-16
 * ```
 */
export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === 0) return x;
  const ax = Math.abs(x);
  const v = (ax < TRIG_FAST_LIMIT ? cosSinFast(ax, true) : undefined) ?? ziv((p) => cosSinBig(ax, p, true));
  return x < 0 ? -v : v;
}

// ---- exp -------------------------------------------------------------------------------------------

// Measured errors below 2^-105 relative (exp, log) and 2^-96 (pow, whose argument carries log's
// error times |y·log x| <= 709); the bounds keep a margin of 2^6 or more.
const EXP_REL_ERR = 2 ** -98;
const POW_REL_ERR = 2 ** -86;
// exp(w) is normal for w in [-708, 709]; outside, the BigInt path rounds (to subnormals, 0 or Infinity).
const EXP_FAST_MIN = -708;
const EXP_FAST_MAX = 709;
// exp(w) rounds to Infinity above 709.7827128933840, and to 0 below -745.1332191019412.
const OVERFLOW = 709.79;
const UNDERFLOW = -745.14;

/** exp(wh + wl) for wh in [-708, 709], rounded if the error bound `relErr` allows it, or undefined. */
function expFast(wh: number, wl: number, relErr: number): number | undefined {
  // w = k·ln 2 + r, |r| <= 0.35, r in double-double with absolute error below 2^-105.
  const k = Math.round(wh * Math.LOG2E);
  let rh = add(wh, wl, -k * LN2[0]!, 0);
  let rl = lo;
  for (let i = 1; i < LN2.length; i++) {
    rh = add(rh, rl, -k * LN2[i]!, 0);
    rl = lo;
  }
  const vh = horner(EXP_HI, EXP_LO, 14, rh, rl);
  const v = rounded(vh, lo, relErr * vh);
  return v === undefined ? undefined : v * 2 ** k; // exact: 2^k and the result are normal
}

/**
 * e^x, correctly rounded, as glibc's `exp` and Python's `math.exp` (which raises OverflowError
 * where this returns Infinity).
 *
 * @example
 * ```ts
 * exp(1); // 2.718281828459045
 * ```
 */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > OVERFLOW) return Infinity;
  if (x < UNDERFLOW) return 0;
  return (x >= EXP_FAST_MIN && x <= EXP_FAST_MAX ? expFast(x, 0, EXP_REL_ERR) : undefined) ??
    ziv((p) => expBig(toFixed(x, 1100), 1100, 1n, p));
}

// ---- log -------------------------------------------------------------------------------------------

const LOG_REL_ERR = 2 ** -98;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[1] holds the sign, exponent and top of the significand

/** log x for finite x > 0 in double-double (relative error below 2^-103); the low part is in `lo`. */
function logDoubleDouble(x: number): number {
  let e = 0;
  if (x < 2 ** -1022) {
    x *= 2 ** 54;
    e = -54;
  }
  f64[0] = x;
  const high = u32[1]!;
  e += (high >>> 20) - 1023;
  u32[1] = (high & 0x000fffff) | 0x3ff00000; // m in [1, 2)
  let m = f64[0];
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log m = 2·atanh(s), s = (m − 1)/(m + 1): m − 1 is exact, m + 1 is a double-double.
  const num = m - 1;
  const dh = m + 1;
  const v = dh - m;
  const dl = m - (dh - v) + (1 - v);
  const sh = num / dh;
  const sl = (num - sh * dh - twoProductError(sh, dh, sh * dh) - sh * dl) / dh;
  const zh = mul(sh, sl, sh, sl);
  const ph = horner(ATANH_HI, ATANH_LO, 11, zh, lo);
  const lh = mul(2 * sh, 2 * sl, ph, lo);
  const ll = lo;
  if (e === 0) {
    lo = ll;
    return lh;
  }
  // + e·ln 2 (e·LN2[i] exact for |e| < 2^11); |result| >= |e·ln 2|/2, so no cancellation.
  let h = add(e * LN2[0]!, 0, e * LN2[1]!, 0);
  let l = lo;
  h = add(h, l, e * LN2[2]!, e * LN2[3]!);
  l = lo;
  return add(h, l, lh, ll);
}

/**
 * The natural logarithm, correctly rounded, as glibc's `log` and Python's one-argument `math.log`
 * (which raises ValueError where this returns -Infinity or NaN).
 *
 * @example
 * ```ts
 * log(10); // 2.302585092994046
 * ```
 */
export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  const h = logDoubleDouble(x);
  return rounded(h, lo, LOG_REL_ERR * Math.abs(h)) ?? ziv((p) => logBig(x, p));
}

// ---- pow -------------------------------------------------------------------------------------------

/** True when y is an odd integer. */
function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

/**
 * x^y, correctly rounded, with C99's special cases as glibc's `pow` (and Python's `x ** y` and
 * `math.pow` on floats, which raise where this returns NaN or ±Infinity for a negative base with a
 * fractional exponent or a zero base with a negative exponent). Unlike `Math.pow`, `pow(1, NaN)` and
 * `pow(-1, ±Infinity)` are 1.
 *
 * @example
 * ```ts
 * pow(0.8973977322875564, 658); // 1.1590676219685227e-31 (Math.pow: 1.159067621968523e-31)
 * ```
 */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x < 0 || Object.is(x, -0)) {
    // (−x)^y with the sign of x for odd integers y; a finite negative x needs an integer y.
    if (x !== -Infinity && x !== 0 && Number.isFinite(y) && !Number.isInteger(y)) return NaN;
    const v = pow(-x, y);
    return isOddInteger(y) ? -v : v;
  }
  // From here x >= +0 (or +Infinity) and y ≠ 0.
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  if (!Number.isFinite(y)) return (x > 1) === (y > 0) ? Infinity : 0;
  // w = y·log x decides overflow and underflow (Math.log is good to 1e-15 relative: margin enough).
  const w = y * Math.log(x);
  if (w > OVERFLOW) return Infinity;
  if (w < UNDERFLOW) return 0;
  const exact = powExact(x, y);
  if (exact !== undefined) return exact;
  if (w >= EXP_FAST_MIN + 1 && w <= EXP_FAST_MAX - 1) {
    const lh = logDoubleDouble(x);
    const ll = lo;
    const wh = y * lh;
    const wl = twoProductError(y, lh, wh) + y * ll;
    const v = expFast(wh + wl, wl - (wh + wl - wh), POW_REL_ERR);
    if (v !== undefined) return v;
  }
  return ziv((p) => powBig(x, y, p));
}
