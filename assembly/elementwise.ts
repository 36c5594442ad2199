/**
 * Elementwise float32 kernels with 128-bit SIMD. Each op code is dispatched once per call; the loop
 * bodies are inlined per op so every loop is branch-free. Semantics follow the JS reference kernels
 * exactly (NaN propagation, signed zeros, 0/1 comparisons); the transcendental ones are evaluated in
 * double precision and rounded once, as the JS kernels do with Math.exp.
 */
import { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, GT, GE, LT, LE, EQ, NE } from './codes.generated';
import { SAME, SCALAR_B, SCALAR_A, SUFFIX_B, SUFFIX_A, MIDDLE_B, MIDDLE_A } from './codes.generated';
import { NEG, ABS, SQUARE, SQRT, RELU, LEAKY_RELU, CLAMP, EXP, SIGMOID, SILU, TANH } from './codes.generated';

// @ts-ignore: decorator
@inline function isNan(x: v128): v128 {
  return f32x4.ne(x, x);
}

// @ts-ignore: decorator
@inline function apply(op: i32, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    // NOTE: a > b ? a : b, NaN if either is NaN: the JS kernel's rule, which also keeps its
    // treatment of signed zeros (wasm's f32x4.max would turn max(+0, -0) into +0).
    case MAXIMUM: return v128.bitselect(f32x4.add(a, b), v128.bitselect(a, b, f32x4.gt(a, b)), v128.or(isNan(a), isNan(b)));
    case MINIMUM: return v128.bitselect(f32x4.add(a, b), v128.bitselect(a, b, f32x4.lt(a, b)), v128.or(isNan(a), isNan(b)));
    case GT: return v128.and(f32x4.gt(a, b), one);
    case GE: return v128.and(f32x4.ge(a, b), one);
    case LT: return v128.and(f32x4.lt(a, b), one);
    case LE: return v128.and(f32x4.le(a, b), one);
    case EQ: return v128.and(f32x4.eq(a, b), one);
    default: return v128.and(f32x4.ne(a, b), one); // NE
  }
}

/** out[i] = a[i] op b[i] for i < n, both read as vectors; the tail goes lane by lane. */
// @ts-ignore: decorator
@inline function loopSame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(out + o, apply(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>(i << 2);
    store<f32>(out + o, f32x4.extract_lane(apply(op, f32x4.splat(load<f32>(a + o)), f32x4.splat(load<f32>(b + o))), 0));
  }
}

/** out[i] = a[i] op s (or s op a[i] when `swap`). */
// @ts-ignore: decorator
@inline function loopScalar(op: i32, a: usize, s: f32, out: usize, n: i32, swap: bool): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i << 2);
    const x = v128.load(a + o);
    v128.store(out + o, swap ? apply(op, sv, x) : apply(op, x, sv));
  }
  for (; i < n; i++) {
    const o = <usize>(i << 2);
    const x = f32x4.splat(load<f32>(a + o));
    store<f32>(out + o, f32x4.extract_lane(swap ? apply(op, sv, x) : apply(op, x, sv), 0));
  }
}

/** Runs one loop shape for op `op` (a compile-time constant after inlining). */
// @ts-ignore: decorator
@inline function run(op: i32, layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  if (layout == SAME) {
    loopSame(op, a, b, out, rows * cols);
  } else if (layout == SCALAR_B) {
    loopScalar(op, a, load<f32>(b), out, rows * cols, false);
  } else if (layout == SCALAR_A) {
    loopScalar(op, b, load<f32>(a), out, rows * cols, true);
  } else if (layout == MIDDLE_B || layout == MIDDLE_A) {
    // The channel pattern ([1, C, 1, 1] against [N, C, H, W]): row r of `cols` elements meets the
    // single value (r mod mid) of the short operand.
    const rowBytes = <usize>(cols << 2);
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowBytes;
      const s = <usize>((r % mid) << 2);
      if (layout == MIDDLE_B) loopScalar(op, a + off, load<f32>(b + s), out + off, cols, false);
      else loopScalar(op, b + off, load<f32>(a + s), out + off, cols, true);
    }
  } else {
    // The bias pattern: every row of the full operand meets the same `cols`-long vector.
    const rowBytes = <usize>(cols << 2);
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowBytes;
      if (layout == SUFFIX_B) loopSame(op, a + off, b, out + off, cols);
      else loopSame(op, a, b + off, out + off, cols);
    }
  }
}

// One function per op, for the reason given above `unary`.
function binaryAdd(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(ADD, layout, a, b, out, rows, cols, mid);
}
function binarySub(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(SUB, layout, a, b, out, rows, cols, mid);
}
function binaryMul(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(MUL, layout, a, b, out, rows, cols, mid);
}
function binaryDiv(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(DIV, layout, a, b, out, rows, cols, mid);
}
function binaryMaximum(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(MAXIMUM, layout, a, b, out, rows, cols, mid);
}
function binaryMinimum(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(MINIMUM, layout, a, b, out, rows, cols, mid);
}
function binaryGt(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(GT, layout, a, b, out, rows, cols, mid);
}
function binaryGe(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(GE, layout, a, b, out, rows, cols, mid);
}
function binaryLt(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(LT, layout, a, b, out, rows, cols, mid);
}
function binaryLe(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(LE, layout, a, b, out, rows, cols, mid);
}
function binaryEq(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(EQ, layout, a, b, out, rows, cols, mid);
}
function binaryNe(layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  run(NE, layout, a, b, out, rows, cols, mid);
}

/**
 * out = a op b over `rows`×`cols` elements. `layout` says how the operands broadcast: SAME (both
 * full), SCALAR_B / SCALAR_A (one is a single value), SUFFIX_B / SUFFIX_A (one is a `cols`-long row
 * repeated `rows` times), MIDDLE_B / MIDDLE_A (one holds `mid` values, value r mod mid for row r:
 * a [mid] axis between an outer and a `cols`-long inner one).
 */
export function binary(op: i32, layout: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, mid: i32): void {
  switch (op) {
    case ADD: binaryAdd(layout, a, b, out, rows, cols, mid); break;
    case SUB: binarySub(layout, a, b, out, rows, cols, mid); break;
    case MUL: binaryMul(layout, a, b, out, rows, cols, mid); break;
    case DIV: binaryDiv(layout, a, b, out, rows, cols, mid); break;
    case MAXIMUM: binaryMaximum(layout, a, b, out, rows, cols, mid); break;
    case MINIMUM: binaryMinimum(layout, a, b, out, rows, cols, mid); break;
    case GT: binaryGt(layout, a, b, out, rows, cols, mid); break;
    case GE: binaryGe(layout, a, b, out, rows, cols, mid); break;
    case LT: binaryLt(layout, a, b, out, rows, cols, mid); break;
    case LE: binaryLe(layout, a, b, out, rows, cols, mid); break;
    case EQ: binaryEq(layout, a, b, out, rows, cols, mid); break;
    default: binaryNe(layout, a, b, out, rows, cols, mid); break;
  }
}

// @ts-ignore: decorator
@inline export function applyUnary(op: i32, x: v128, p0: v128, p1: v128): v128 {
  const zero = f32x4.splat(0);
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x); // correctly rounded, as fround(Math.sqrt(x)) is
    // NOTE: x where x > 0 or x is NaN, else +0 — the JS kernel's relu (NaN propagates, -0 → +0).
    case RELU: return v128.and(x, v128.or(f32x4.gt(x, zero), isNan(x)));
    // x < p0 and x > p1 are tested in float32: the same outcome as the JS kernel's double tests for
    // every float32 x (the clamped value is fround(p) either way).
    case CLAMP: return v128.bitselect(p0, v128.bitselect(p1, x, f32x4.gt(x, p1)), f32x4.lt(x, p0));
    default: return viaDouble(op, x, p0);
  }
}

/**
 * Ops evaluated in double precision on two f64x2 halves, then rounded to float32 once (as the JS
 * kernels do). `p0` is an f64x2 splat here (only leakyRelu reads it).
 */
// @ts-ignore: decorator
@inline function viaDouble(op: i32, x: v128, p0: v128): v128 {
  const lo = f64x2.promote_low_f32x4(x);
  const hi = f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3));
  return i32x4.shuffle(f32x4.demote_f64x2_zero(unaryDouble(op, lo, p0)), f32x4.demote_f64x2_zero(unaryDouble(op, hi, p0)), 0, 1, 4, 5);
}

// @ts-ignore: decorator
@inline function unaryDouble(op: i32, x: v128, p: v128): v128 {
  const one = f64x2.splat(1);
  switch (op) {
    case LEAKY_RELU: return v128.bitselect(x, f64x2.mul(x, p), f64x2.gt(x, f64x2.splat(0)));
    case EXP: return exp2x(x);
    case SIGMOID: return f64x2.div(one, f64x2.add(one, exp2x(f64x2.neg(x))));
    case SILU: return f64x2.div(x, f64x2.add(one, exp2x(f64x2.neg(x))));
    default: return tanh2x(x); // TANH
  }
}

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.6931471803691238; // ln 2 split in two so k·LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.9082149292705877e-10;

/**
 * e^x for two doubles, to about 1e-11 relative (float32 needs 6e-8): x = k ln2 + r with
 * |r| <= ln2/2, e^r by its Taylor series to degree 9, 2^k assembled in the exponent bits.
 * x is clamped to [-700, 700] so 2^k stays a normal double (e^±700 already rounds to Infinity or 0 in
 * float32, and keeps 1/(1 + e^x) right in sigmoid); +Infinity maps to Infinity and NaN passes
 * through, as with Math.exp.
 */
// @ts-ignore: decorator
@inline export function exp2x(x0: v128): v128 {
  // pmin/pmax (x first) keep NaN and are a single instruction each, unlike min/max.
  const x = f64x2.pmax(f64x2.pmin(x0, f64x2.splat(700)), f64x2.splat(-700));
  // k = round(x / ln2) by the 1.5·2^52 trick: adding it leaves k in the low mantissa bits of t.
  const magic = f64x2.splat(6755399441055744.0);
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), magic);
  const k = f64x2.sub(t, magic);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Σ rⁱ/i! for i ≤ 9 in Estrin's scheme (pairs, then pairs of pairs): a dependency chain 4 deep
  // instead of Horner's 9.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const q0 = f64x2.add(f64x2.splat(1), r);
  const q1 = f64x2.add(f64x2.splat(1.0 / 2), f64x2.mul(f64x2.splat(1.0 / 6), r));
  const q2 = f64x2.add(f64x2.splat(1.0 / 24), f64x2.mul(f64x2.splat(1.0 / 120), r));
  const q3 = f64x2.add(f64x2.splat(1.0 / 720), f64x2.mul(f64x2.splat(1.0 / 5040), r));
  const q4 = f64x2.add(f64x2.splat(1.0 / 40320), f64x2.mul(f64x2.splat(1.0 / 362880), r));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const poly = f64x2.add(s0, f64x2.mul(f64x2.add(s1, f64x2.mul(q4, r4)), r4));
  // 2^k: (k + 1023) << 52 as the bits of a double; the shift drops the magic number's own bits.
  const scale = i64x2.shl(i64x2.add(t, i64x2.splat(1023)), 52);
  const inf = f64x2.splat(Infinity);
  return v128.bitselect(inf, f64x2.mul(poly, scale), f64x2.eq(x0, inf));
}

/**
 * tanh for two doubles: sign(x)·(1 − e)/(1 + e) with e = e^{−2|x|}, and its odd Taylor series below
 * |x| = 2^-6 where 1 − e would cancel.
 */
// @ts-ignore: decorator
@inline function tanh2x(x: v128): v128 {
  const ax = f64x2.abs(x);
  const e = exp2x(f64x2.mul(ax, f64x2.splat(-2)));
  const one = f64x2.splat(1);
  const big = f64x2.div(f64x2.sub(one, e), f64x2.add(one, e));
  const x2 = f64x2.mul(x, x);
  // x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835: the next term is below 1e-17 relative for |x| < 2^-6.
  let s = f64x2.splat(62.0 / 2835.0);
  s = f64x2.sub(f64x2.mul(s, x2), f64x2.splat(17.0 / 315.0));
  s = f64x2.add(f64x2.mul(s, x2), f64x2.splat(2.0 / 15.0));
  s = f64x2.sub(f64x2.mul(s, x2), f64x2.splat(1.0 / 3.0));
  const small = f64x2.add(x, f64x2.mul(f64x2.mul(s, x2), x));
  // copysign(big, x) via the sign bit; NaN stays NaN through `big`.
  const signed = v128.or(big, v128.and(x, f64x2.splat(-0.0)));
  return v128.bitselect(small, signed, f64x2.lt(ax, f64x2.splat(0.015625)));
}

// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  // leakyRelu multiplies by p0 in double (as JS does); clamp compares against float32 bounds.
  const v0 = op == LEAKY_RELU ? f64x2.splat(p0) : f32x4.splat(<f32>p0);
  const v1 = f32x4.splat(<f32>p1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i << 2);
    v128.store(out + o, applyUnary(op, v128.load(x + o), v0, v1));
  }
  for (; i < n; i++) {
    const o = <usize>(i << 2);
    store<f32>(out + o, f32x4.extract_lane(applyUnary(op, f32x4.splat(load<f32>(x + o)), v0, v1), 0));
  }
}

// One function per op: each holds a single inlined loop whose op is a constant, so the optimizer
// folds the op switch out of the loop body (one function with all loops inlined kept a br_table
// inside every loop).
function unaryNeg(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(NEG, x, out, n, p0, p1);
}
function unaryAbs(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(ABS, x, out, n, p0, p1);
}
function unarySquare(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(SQUARE, x, out, n, p0, p1);
}
function unarySqrt(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(SQRT, x, out, n, p0, p1);
}
function unaryRelu(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(RELU, x, out, n, p0, p1);
}
function unaryLeakyRelu(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(LEAKY_RELU, x, out, n, p0, p1);
}
function unaryClamp(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(CLAMP, x, out, n, p0, p1);
}
function unaryExp(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(EXP, x, out, n, p0, p1);
}
function unarySigmoid(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(SIGMOID, x, out, n, p0, p1);
}
function unarySilu(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(SILU, x, out, n, p0, p1);
}
function unaryTanh(x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  unaryLoop(TANH, x, out, n, p0, p1);
}

/** out[i] = f(x[i]) for the unary op `op`; `p0`, `p1` are its scalar parameters. */
export function unary(op: i32, x: usize, out: usize, n: i32, p0: f64, p1: f64): void {
  switch (op) {
    case NEG: unaryNeg(x, out, n, p0, p1); break;
    case ABS: unaryAbs(x, out, n, p0, p1); break;
    case SQUARE: unarySquare(x, out, n, p0, p1); break;
    case SQRT: unarySqrt(x, out, n, p0, p1); break;
    case RELU: unaryRelu(x, out, n, p0, p1); break;
    case LEAKY_RELU: unaryLeakyRelu(x, out, n, p0, p1); break;
    case CLAMP: unaryClamp(x, out, n, p0, p1); break;
    case EXP: unaryExp(x, out, n, p0, p1); break;
    case SIGMOID: unarySigmoid(x, out, n, p0, p1); break;
    case SILU: unarySilu(x, out, n, p0, p1); break;
    default: unaryTanh(x, out, n, p0, p1); break;
  }
}
