/**
 * Optimizer update kernels over float32 parameters, evaluated in double precision two lanes at a time
 * (f64x2) with exactly the operations, in the same order, of the TypeScript kernels in
 * src/optim/optimizers/{adam,sgd,rmsprop}.ts: each value is read from float32, every product, sum,
 * square root and quotient is an IEEE double operation (as in JS), and each result is rounded to
 * float32 once when stored. The updates are therefore bit for bit those of the TypeScript kernels,
 * whichever backend runs them.
 *
 * Every kernel updates `p` in place (p ← p + u) and its state arrays, over `n` elements; pointers are
 * byte offsets of float32 arrays. Scalars are computed once per parameter on the JS side. The loop
 * variants' codes come from the table of update kernels (src/backend/update-kernels.ts).
 */
import { ADAM_PLAIN, ADAM_DECOUPLED, ADAM_GENERAL, SGD_PLAIN, SGD_HEAVY_BALL, SGD_NESTEROV, SGD_GENERAL, RMSPROP_PLAIN, RMSPROP_GENERAL } from './update-dispatch.generated';

/** Loads two floats (or one, when !wide) at `ptr` as an f64x2. */
// @ts-ignore: decorator
@inline export function ld(ptr: usize, wide: bool): v128 {
  return f64x2.promote_low_f32x4(wide ? v128.load64_zero(ptr) : v128.load32_zero(ptr));
}

/** Rounds an f64x2 to float32 and stores two floats (or one) at `ptr`. */
// @ts-ignore: decorator
@inline export function st(ptr: usize, x: v128, wide: bool): void {
  const f = f32x4.demote_f64x2_zero(x);
  if (wide) v128.store64_lane(ptr, f, 0);
  else v128.store32_lane(ptr, f, 0);
}

// @ts-ignore: decorator
@inline export function splat(x: f64): v128 {
  return f64x2.splat(x);
}

/**
 * One Adam / AdamW step over elements [o, o + 2) (or o alone when !wide). `vMax` is 0 without
 * AMSGrad; `l2` and `decay` are the coupled and decoupled weight decays (0 when unused). The
 * direction d = (m/bc1)/(√v̂/bc2Sqrt + ε) comes first and p + (−η)·(d + λ·p) after it, so that an
 * Optax-style chain scaleByAdam → addDecayedWeights(λ) → scaleByLearningRate(η) can give AdamW's bits.
 */
// @ts-ignore: decorator
@inline function adamAt(variant: i32, o: usize, wide: bool, p: usize, g: usize, m: usize, v: usize, vMax: usize,
  b1: v128, b2: v128, c1: v128, c2: v128, bc1: v128, bc2Sqrt: v128, eps: v128, negLr: v128, sign: v128, l2: f64, decay: f64): void {
  const pi = ld(p + o, wide);
  let gi = ld(g + o, wide);
  if (variant == ADAM_GENERAL) {
    gi = f64x2.mul(sign, gi);
    if (l2 != 0) gi = f64x2.add(gi, f64x2.mul(splat(l2), pi));
  }
  const mi = f64x2.add(f64x2.mul(ld(m + o, wide), b1), f64x2.mul(c1, gi));
  const vi = f64x2.add(f64x2.mul(ld(v + o, wide), b2), f64x2.mul(f64x2.mul(c2, gi), gi));
  st(m + o, mi, wide);
  st(v + o, vi, wide);
  let vHat = vi;
  if (variant == ADAM_GENERAL && vMax != 0) {
    vHat = f64x2.max(ld(vMax + o, wide), vi); // Math.max: NaN wins, -0 < +0
    st(vMax + o, vHat, wide);
  }
  let d = f64x2.div(f64x2.div(mi, bc1), f64x2.add(f64x2.div(f64x2.sqrt(vHat), bc2Sqrt), eps));
  if (variant == ADAM_DECOUPLED || (variant == ADAM_GENERAL && decay != 0)) d = f64x2.add(d, f64x2.mul(splat(decay), pi));
  st(p + o, f64x2.add(pi, f64x2.mul(negLr, d)), wide);
}

// @ts-ignore: decorator
@inline function adamLoop(variant: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32,
  beta1: f64, beta2: f64, bc1: f64, bc2Sqrt: f64, eps: f64, negLr: f64, sign: f64, l2: f64, decay: f64): void {
  const b1 = splat(beta1), b2 = splat(beta2), c1 = splat(1 - beta1), c2 = splat(1 - beta2);
  const bc = splat(bc1), bs = splat(bc2Sqrt), e = splat(eps), nl = splat(negLr), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) adamAt(variant, <usize>(i << 2), true, p, g, m, v, vMax, b1, b2, c1, c2, bc, bs, e, nl, sg, l2, decay);
  if (i < n) adamAt(variant, <usize>(i << 2), false, p, g, m, v, vMax, b1, b2, c1, c2, bc, bs, e, nl, sg, l2, decay);
}

function adamPlain(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f64, beta2: f64, bc1: f64, bc2Sqrt: f64, eps: f64, negLr: f64): void {
  adamLoop(ADAM_PLAIN, p, g, m, v, 0, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr, 1, 0, 0);
}
function adamDecoupled(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f64, beta2: f64, bc1: f64, bc2Sqrt: f64, eps: f64, negLr: f64, decay: f64): void {
  adamLoop(ADAM_DECOUPLED, p, g, m, v, 0, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr, 1, 0, decay);
}
function adamGeneral(p: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32, beta1: f64, beta2: f64, bc1: f64, bc2Sqrt: f64, eps: f64, negLr: f64, sign: f64, l2: f64, decay: f64): void {
  adamLoop(ADAM_GENERAL, p, g, m, v, vMax, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr, sign, l2, decay);
}

/**
 * Adam / AdamW (adamKernel in src/optim/optimizers/adam.ts): `variant` ADAM_PLAIN, ADAM_DECOUPLED
 * (AdamW without amsgrad/maximize) or ADAM_GENERAL (`sign` −1 for maximize, `l2` coupled decay,
 * `decay` = λ decoupled decay, `vMax` 0 without AMSGrad). The (1 − β) factors are computed here as in JS.
 */
export function adam(variant: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32,
  beta1: f64, beta2: f64, bc1: f64, bc2Sqrt: f64, eps: f64, negLr: f64, sign: f64, l2: f64, decay: f64): void {
  if (variant == ADAM_PLAIN) adamPlain(p, g, m, v, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr);
  else if (variant == ADAM_DECOUPLED) adamDecoupled(p, g, m, v, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr, decay);
  else adamGeneral(p, g, m, v, vMax, n, beta1, beta2, bc1, bc2Sqrt, eps, negLr, sign, l2, decay);
}

// SGD's loops, as the four of sgdDefinition.step: SGD_PLAIN momentum 0 (sign and weight decay
// allowed); SGD_HEAVY_BALL momentum, not the first step, no nesterov/decay/maximize; SGD_NESTEROV the
// same with Nesterov momentum; SGD_GENERAL everything else.
// @ts-ignore: decorator
@inline function sgdAt(variant: i32, o: usize, wide: bool, p: usize, g: usize, b: usize,
  negLr: v128, mu: v128, damp: v128, sign: v128, wd: f64, first: bool, nesterov: bool): void {
  const pi = ld(p + o, wide);
  let gi = ld(g + o, wide);
  if (variant == SGD_PLAIN || variant == SGD_GENERAL) {
    gi = f64x2.mul(sign, gi);
    if (wd != 0) gi = f64x2.add(gi, f64x2.mul(splat(wd), pi));
  }
  let d = gi;
  if (variant != SGD_PLAIN) {
    // PyTorch starts the buffer at g itself (no dampening on the first step).
    const bi = variant == SGD_GENERAL && first ? gi : f64x2.add(f64x2.mul(ld(b + o, wide), mu), f64x2.mul(damp, gi));
    st(b + o, bi, wide);
    d = variant == SGD_NESTEROV || (variant == SGD_GENERAL && nesterov) ? f64x2.add(gi, f64x2.mul(mu, bi)) : bi;
  }
  st(p + o, f64x2.add(pi, f64x2.mul(negLr, d)), wide);
}

// @ts-ignore: decorator
@inline function sgdLoop(variant: i32, p: usize, g: usize, b: usize, n: i32, lr: f64, momentum: f64, dampening: f64, sign: f64, wd: f64, first: bool, nesterov: bool): void {
  const negLr = splat(-lr), mu = splat(momentum), damp = splat(1 - dampening), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) sgdAt(variant, <usize>(i << 2), true, p, g, b, negLr, mu, damp, sg, wd, first, nesterov);
  if (i < n) sgdAt(variant, <usize>(i << 2), false, p, g, b, negLr, mu, damp, sg, wd, first, nesterov);
}

function sgdPlain(p: usize, g: usize, n: i32, lr: f64, sign: f64, wd: f64): void {
  sgdLoop(SGD_PLAIN, p, g, 0, n, lr, 0, 0, sign, wd, false, false);
}
function sgdHeavyBall(p: usize, g: usize, b: usize, n: i32, lr: f64, momentum: f64, dampening: f64): void {
  sgdLoop(SGD_HEAVY_BALL, p, g, b, n, lr, momentum, dampening, 1, 0, false, false);
}
function sgdNesterov(p: usize, g: usize, b: usize, n: i32, lr: f64, momentum: f64, dampening: f64): void {
  sgdLoop(SGD_NESTEROV, p, g, b, n, lr, momentum, dampening, 1, 0, false, true);
}
function sgdGeneral(p: usize, g: usize, b: usize, n: i32, lr: f64, momentum: f64, dampening: f64, sign: f64, wd: f64, first: bool, nesterov: bool): void {
  sgdLoop(SGD_GENERAL, p, g, b, n, lr, momentum, dampening, sign, wd, first, nesterov);
}

/**
 * SGD (sgdDefinition.step in src/optim/optimizers/sgd.ts): `variant` SGD_PLAIN without momentum,
 * SGD_HEAVY_BALL, SGD_NESTEROV (both: not the first step, no decay, not maximizing), SGD_GENERAL. `b`
 * is the momentum buffer (unused by SGD_PLAIN); `first` and `nesterov` are 0 or 1.
 */
export function sgd(variant: i32, p: usize, g: usize, b: usize, n: i32, learningRate: f64, momentum: f64, dampening: f64, sign: f64, weightDecay: f64, first: f64, nesterov: f64): void {
  if (variant == SGD_PLAIN) sgdPlain(p, g, n, learningRate, sign, weightDecay);
  else if (variant == SGD_HEAVY_BALL) sgdHeavyBall(p, g, b, n, learningRate, momentum, dampening);
  else if (variant == SGD_NESTEROV) sgdNesterov(p, g, b, n, learningRate, momentum, dampening);
  else sgdGeneral(p, g, b, n, learningRate, momentum, dampening, sign, weightDecay, first != 0, nesterov != 0);
}

// RMSprop's loops: RMSPROP_PLAIN not centered, no momentum, no maximize, no weight decay; RMSPROP_GENERAL.
// @ts-ignore: decorator
@inline function rmspropAt(variant: i32, o: usize, wide: bool, p: usize, g: usize, v: usize, gAvg: usize, b: usize,
  a: v128, ca: v128, eps: v128, negLr: v128, sign: v128, wd: f64, mom: v128): void {
  const pi = ld(p + o, wide);
  let gi = ld(g + o, wide);
  if (variant == RMSPROP_GENERAL) {
    gi = f64x2.mul(sign, gi);
    if (wd != 0) gi = f64x2.add(gi, f64x2.mul(splat(wd), pi));
  }
  const vi = f64x2.add(f64x2.mul(ld(v + o, wide), a), f64x2.mul(f64x2.mul(ca, gi), gi));
  st(v + o, vi, wide);
  let avg: v128;
  if (variant == RMSPROP_GENERAL && gAvg != 0) {
    const ga = f64x2.add(f64x2.mul(ld(gAvg + o, wide), a), f64x2.mul(ca, gi));
    st(gAvg + o, ga, wide);
    // vi + -1·ga·ga, as written in JS
    avg = f64x2.add(f64x2.sqrt(f64x2.add(vi, f64x2.mul(f64x2.mul(splat(-1), ga), ga))), eps);
  } else {
    avg = f64x2.add(f64x2.sqrt(vi), eps);
  }
  if (variant == RMSPROP_GENERAL && b != 0) {
    const bi = f64x2.add(f64x2.mul(ld(b + o, wide), mom), f64x2.div(gi, avg));
    st(b + o, bi, wide);
    st(p + o, f64x2.add(pi, f64x2.mul(negLr, bi)), wide);
  } else {
    st(p + o, f64x2.add(pi, f64x2.div(f64x2.mul(negLr, gi), avg)), wide);
  }
}

// @ts-ignore: decorator
@inline function rmspropLoop(variant: i32, p: usize, g: usize, v: usize, gAvg: usize, b: usize, n: i32, alpha: f64, eps: f64, lr: f64, sign: f64, wd: f64, momentum: f64): void {
  const a = splat(alpha), ca = splat(1 - alpha), e = splat(eps), negLr = splat(-lr), sg = splat(sign), mom = splat(momentum);
  let i = 0;
  for (; i + 2 <= n; i += 2) rmspropAt(variant, <usize>(i << 2), true, p, g, v, gAvg, b, a, ca, e, negLr, sg, wd, mom);
  if (i < n) rmspropAt(variant, <usize>(i << 2), false, p, g, v, gAvg, b, a, ca, e, negLr, sg, wd, mom);
}

function rmspropPlain(p: usize, g: usize, v: usize, n: i32, alpha: f64, eps: f64, lr: f64): void {
  rmspropLoop(RMSPROP_PLAIN, p, g, v, 0, 0, n, alpha, eps, lr, 1, 0, 0);
}
function rmspropGeneral(p: usize, g: usize, v: usize, gAvg: usize, b: usize, n: i32, alpha: f64, eps: f64, lr: f64, sign: f64, wd: f64, momentum: f64): void {
  rmspropLoop(RMSPROP_GENERAL, p, g, v, gAvg, b, n, alpha, eps, lr, sign, wd, momentum);
}

/**
 * RMSprop (rmspropDefinition.step in src/optim/optimizers/rmsprop.ts): `variant` RMSPROP_PLAIN or
 * RMSPROP_GENERAL (`gAvg` 0 unless centered, `b` 0 without momentum).
 */
export function rmsprop(variant: i32, p: usize, g: usize, v: usize, gAvg: usize, b: usize, n: i32, alpha: f64, eps: f64, learningRate: f64, sign: f64, weightDecay: f64, momentum: f64): void {
  if (variant == RMSPROP_PLAIN) rmspropPlain(p, g, v, n, alpha, eps, learningRate);
  else rmspropGeneral(p, g, v, gAvg, b, n, alpha, eps, learningRate, sign, weightDecay, momentum);
}
