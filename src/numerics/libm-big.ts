/**
 * The slow, exact side of {@link ./libm.ts}: BigInt fixed-point arithmetic for correctly rounded
 * cos, sin, exp, log and pow. A value is a pair (z, f) meaning z·2^-f; an approximation carries an
 * error bound `err` in the same units. {@link ziv} raises the working precision until the interval
 * [z − err, z + err] rounds to a single double (Ziv's strategy). These paths run only when the
 * double-double fast paths cannot decide the rounding (about once in 2^40 calls), for huge trig
 * arguments, and for results near the subnormal or overflow range.
 */

/** An approximation z·2^-f of a real number, within err·2^-f. */
export interface Approx {
  z: bigint;
  f: number;
  err: bigint;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** |x| = m·2^e exactly, for finite nonzero x (m < 2^53). */
export function decompose(x: number): { m: bigint; e: number } {
  f64[0] = x;
  const bits = u64[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  return biased === 0 ? { m: frac, e: -1074 } : { m: frac | 0x10000000000000n, e: biased - 1075 };
}

/** The number of bits of a positive BigInt. */
export function bitLength(a: bigint): number {
  const hex = a.toString(16);
  return hex.length * 4 - (Math.clz32(parseInt(hex[0]!, 16)) - 28);
}

/** 2^k as a double, for -1074 <= k <= 1023. */
function pow2(k: number): number {
  if (k < -1022) return pow2(k + 52) * 2 ** -52; // exact: the result is a subnormal power of two
  f64[0] = 0;
  u64[0] = BigInt(k + 1023) << 52n;
  return f64[0];
}

/** x·2^n, exact whenever the result is representable (x an integer below 2^54, rounded beforehand). */
function ldexp(x: number, n: number): number {
  while (n > 1000) {
    x *= pow2(1000);
    n -= 1000;
  }
  while (n < -1000) {
    x *= pow2(-1000);
    n += 1000;
  }
  return x * pow2(n);
}

/** z·2^-f rounded to the nearest double, ties to even, with subnormals and overflow to ±Infinity. */
export function roundScaled(z: bigint, f: number): number {
  if (z === 0n) return 0;
  const negative = z < 0n;
  const a = negative ? -z : z;
  const len = bitLength(a);
  const lead = len - 1 - f; // the exponent of the leading bit
  let result: number;
  if (lead < -1076) result = 0;
  else if (lead > 1024) result = Infinity;
  else {
    const keep = lead < -1022 ? 53 - (-1022 - lead) : 53; // significand bits available at this exponent
    const shift = len - keep;
    if (shift <= 0) result = ldexp(Number(a), -f);
    else {
      let q = a >> BigInt(shift);
      const rem = a - (q << BigInt(shift));
      const half = 1n << BigInt(shift - 1);
      if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
      result = ldexp(Number(q), shift - f);
    }
  }
  return negative ? -result : result;
}

/** x·2^f as a BigInt, exact when x is a multiple of 2^-f (otherwise truncated toward zero). */
export function toFixed(x: number, f: number): bigint {
  if (x === 0) return 0n;
  const { m, e } = decompose(x);
  const v = e + f >= 0 ? m << BigInt(e + f) : m >> BigInt(-(e + f));
  return x < 0 ? -v : v;
}

/** A value z·2^-from re-expressed with `to` fractional bits (truncated toward -inf when shortened). */
function rescale(z: bigint, from: number, to: number): bigint {
  return to >= from ? z << BigInt(to - from) : z >> BigInt(from - to);
}

// ---- constants, computed once at the highest precision asked for so far -------------------------

const GUARD = 32;

/** Σ_{k≥0} s^k / ((2k+1)·n^(2k+1)) ·2^f for integer n ≥ 2: atan(1/n) (s = -1) or atanh(1/n) (s = 1). */
function arcInverse(n: bigint, f: number, alternating: boolean): bigint {
  const one = 1n << BigInt(f);
  let power = one / n; // 1/n^(2k+1)
  const n2 = n * n;
  let sum = 0n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += alternating && k % 2n === 1n ? -term : term;
    power /= n2;
  }
  return sum;
}

let piCache: Approx = { z: 0n, f: 0, err: 0n };
let ln2Cache: Approx = { z: 0n, f: 0, err: 0n };

/** ⌊π·2^f⌋ or one less (Machin's formula, π = 16·atan(1/5) − 4·atan(1/239)). */
export function piFixed(f: number): bigint {
  if (piCache.f < f) {
    const g = Math.max(f, 2 * piCache.f, 256) + GUARD;
    piCache = { z: 16n * arcInverse(5n, g, true) - 4n * arcInverse(239n, g, true), f: g, err: 0n };
  }
  return rescale(piCache.z, piCache.f, f);
}

/** ⌊ln 2·2^f⌋ or one less (ln 2 = 2·atanh(1/3)). */
export function ln2Fixed(f: number): bigint {
  if (ln2Cache.f < f) {
    const g = Math.max(f, 2 * ln2Cache.f, 256) + GUARD;
    ln2Cache = { z: 2n * arcInverse(3n, g, false), f: g, err: 0n };
  }
  return rescale(ln2Cache.z, ln2Cache.f, f);
}

/** The double-double nearest z·2^-f: [hi, lo] with hi + lo within 2^-106 relative of it. */
export function toDoubleDouble(z: bigint, f: number): [number, number] {
  const hi = roundScaled(z, f);
  return [hi, roundScaled(z - toFixed(hi, f), f)];
}

// ---- the functions on fixed-point arguments -------------------------------------------------------

/** cos(r) (sine = false) or sin(r) (sine = true) for |r| <= 1, r = R·2^-f; error below 2^8 units. */
function cosSinFixed(r: bigint, f: number, sine: boolean): bigint {
  const r2 = (r * r) >> BigInt(f);
  let term = sine ? r : 1n << BigInt(f);
  let sum = term;
  for (let n = sine ? 2n : 1n; term !== 0n; n += 2n) {
    term = -((term * r2) >> BigInt(f)) / (n * (n + 1n));
    sum += term;
  }
  return sum;
}

/** exp(r) for |r| <= 1, r = R·2^-f; error below 2^8 units. */
function expFixed(r: bigint, f: number): bigint {
  let term = 1n << BigInt(f);
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = ((term * r) >> BigInt(f)) / n;
    sum += term;
  }
  return sum;
}

/**
 * cos|x| (sine = false) or sin|x| (sine = true) for finite nonzero x, with about p correct bits:
 * Payne–Hanek reduction |x| = k·π/2 + r with as many bits of 2/π as |x| needs, then Taylor series.
 */
export function cosSinBig(x: number, p: number, sine: boolean): Approx {
  const { m, e } = decompose(x);
  if (Math.abs(x) < 0.78) {
    // No reduction: r = |x| exactly, with p + 64 bits below its leading bit.
    const f = p + 64 + Math.max(0, -(e + bitLength(m)));
    return { z: cosSinFixed(m << BigInt(f + e), f, sine), f, err: 1n << 8n };
  }
  for (let g = p + 128; ; g += 128) {
    // |x|·2/π = m·⌊2^(h+1)/π⌋·2^(e-h) within 2^-g, as a fixed-point number with fr = g + 53 fractional bits.
    const h = g + 53 + e;
    const fr = g + 53;
    const t = m * piFixedInverse(h);
    const k = (t + (1n << BigInt(fr - 1))) >> BigInt(fr);
    const d = t - (k << BigInt(fr)); // the fraction in [-1/2, 1/2], within 2^(fr - g) units
    // r = d·π/2 must keep p + 64 significant bits above the reduction error: otherwise take more bits of 2/π.
    if (d !== 0n && bitLength(d < 0n ? -d : d) - (fr - g) < p + 64) continue;
    const r = (d * piFixed(fr)) >> BigInt(fr + 1);
    // cos x = (cos r, −sin r, −cos r, sin r)[k mod 4]; sin x = cos(x − π/2).
    const j = Number(((k % 4n) + (sine ? 3n : 0n)) % 4n);
    const v = cosSinFixed(r, fr, j % 2 === 1);
    return { z: j === 1 || j === 2 ? -v : v, f: fr, err: (1n << BigInt(fr - g + 2)) + (1n << 8n) };
  }
}

let twoOverPiCache: Approx = { z: 0n, f: 0, err: 0n };

/** ⌊2/π·2^h⌋ (or one less), from a cached value with 64 guard bits. */
function piFixedInverse(h: number): bigint {
  if (twoOverPiCache.f < h) {
    const g = Math.max(h, 2 * twoOverPiCache.f, 256) + 64;
    twoOverPiCache = { z: (1n << BigInt(2 * g + 1)) / piFixed(g), f: g, err: 0n };
  }
  return rescale(twoOverPiCache.z, twoOverPiCache.f, h);
}

/** exp(W·2^-fw) with about p correct bits, given |W·2^-fw| < 800 and W within wErr units. */
export function expBig(w: bigint, fw: number, wErr: bigint, p: number): Approx {
  const f = p + 40;
  const wf = rescale(w, fw, f);
  const k = Math.round(roundScaled(w, fw) / Math.LN2);
  const r = wf - ((BigInt(k) * ln2Fixed(f + 16)) >> 16n);
  // exp(w) = 2^k·exp(r); an error δ in r is an error δ·exp(r) < 2δ in the result.
  const errIn = rescale(wErr, fw, f) + 2n;
  return { z: expFixed(r, f), f: f - k, err: 2n * errIn + (1n << 8n) };
}

/** log x for finite x > 0 as a fixed-point number with f fractional bits, within 2^10 units. */
export function logFixed(x: number, f: number): bigint {
  const { m, e } = decompose(x);
  const len = bitLength(m);
  // x = M·2^E with M = m/2^(len-1) in [1, 2), halved when above √2.
  let big = m << BigInt(f - (len - 1));
  let exponent = e + len - 1;
  if (m * m > 1n << BigInt(2 * len - 1)) {
    big >>= 1n;
    exponent += 1;
  }
  const one = 1n << BigInt(f);
  // log M = 2·atanh(s), s = (M − 1)/(M + 1), |s| <= 0.172.
  const s = ((big - one) << BigInt(f)) / (big + one);
  const s2 = (s * s) >> BigInt(f);
  let power = s;
  let sum = s;
  for (let n = 3n; power !== 0n; n += 2n) {
    power = (power * s2) / (1n << BigInt(f)); // truncated toward zero, so that it reaches 0
    sum += power / n;
  }
  return 2n * sum + ((BigInt(exponent) * ln2Fixed(f + 16)) >> 16n);
}

/** log x (finite x > 0, x ≠ 1) with about p correct bits: |log x| >= 2^-54, so p + 80 fractional bits suffice. */
export function logBig(x: number, p: number): Approx {
  const f = p + 80;
  return { z: logFixed(x, f), f, err: 1n << 10n };
}

/** x^y = exp(y·log x) for finite x > 0 and y with |y·log x| < 800, with about p correct bits. */
export function powBig(x: number, y: number, p: number): Approx {
  const { m: ym, e: ye } = decompose(y);
  const f1 = p + 80 + Math.max(0, ye + 53); // log x to 2^-f1 absolute, so that y·log x is good to 2^-(p+80)
  const w = logFixed(x, f1) * (y < 0 ? -ym : ym); // y·log x with f1 − ye fractional bits
  return expBig(w, f1 - ye, (1n << 10n) * ym, p);
}

/** Rounds `approx(p)` for p = 128, 256, … until the error interval rounds to one double. */
export function ziv(approx: (p: number) => Approx): number {
  let low = NaN;
  for (let p = 128; p <= 8192; p *= 2) {
    const { z, f, err } = approx(p);
    low = roundScaled(z - err, f);
    if (low === roundScaled(z + err, f)) return low;
  }
  return low; // not reached for the transcendental (non-exact) values this is used for
}

/** The integer square root of a perfect square below 2^53, or -1 if n is not a perfect square. */
function exactSqrt(n: bigint): bigint {
  const r = BigInt(Math.round(Math.sqrt(Number(n))));
  return r * r === n ? r : -1n;
}

/**
 * x^y for finite x > 0 (x ≠ 1) and finite y ≠ 0 when it is a dyadic rational (x^y representable, or
 * halfway between two doubles), correctly rounded; undefined otherwise. Such cases are
 * x = 2^e with e·y an integer, or x = m·2^e (m odd > 1), y = n/2^j > 0 with m a perfect 2^j-th power,
 * 2^j dividing e and (m^(1/2^j))^n below 2^54. The caller has ruled out overflow and underflow.
 */
export function powExact(x: number, y: number): number | undefined {
  let { m, e } = decompose(x);
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e += 1;
  }
  let { m: n, e: ye } = decompose(y);
  while ((n & 1n) === 0n) {
    n >>= 1n;
    ye += 1;
  }
  if (y < 0) n = -n;
  // y = n·2^ye with n odd. x^y = m^y·2^(e·y) needs 2^-ye to divide e (e·y an integer) …
  for (; ye < 0; ye++) {
    if (e % 2 !== 0) return undefined;
    e /= 2;
    if (m !== 1n) {
      m = exactSqrt(m); // … and m a perfect 2^-ye-th power
      if (m < 0n) return undefined;
    }
  }
  const exponent = n << BigInt(ye); // now x^y = m^exponent·2^(e·exponent) with an integer exponent
  if (m === 1n) return roundScaled(1n, -Number(BigInt(e) * exponent));
  // m > 1 is odd: m^exponent is a double or a midpoint only if it is an integer of at most 54 bits.
  if (exponent < 0n || (bitLength(m) - 1) * Number(exponent) >= 54) return undefined;
  return roundScaled(m ** exponent, -e * Number(exponent));
}
