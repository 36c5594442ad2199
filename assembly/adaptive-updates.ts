/**
 * The update kernels of the other optimizers — Adagrad, Adamax, NAdam, RAdam, Lion, Adadelta, ASGD, Rprop — over
 * float32 parameters, with the rules of optim.ts: read float32, compute every operation in double in
 * the order the TypeScript loop writes it (src/optim/optimizers/<name>.ts), round once when storing.
 * So they give the TypeScript loops' bits. One loop each: the scalar conditions (weight decay, the
 * rectification of RAdam) are uniform over the loop and cost a predictable branch.
 *
 * Common arguments: `p` updated in place, `g` its gradient, state arrays, `n` elements; `sign` −1 when
 * maximizing, else 1 (multiplying by 1 is exact); `l2` the coupled weight decay (0: none); `shrink` the
 * decoupled decay −η·λ (0: none).
 */
import { ld, st, splat } from './optim';

/** g·sign (+ l2·p): the gradient every rule starts from. */
// @ts-ignore: decorator
@inline function gradient(g: usize, o: usize, wide: bool, pi: v128, sign: v128, l2: f64): v128 {
  let gi = f64x2.mul(sign, ld(g + o, wide));
  if (l2 != 0) gi = f64x2.add(gi, f64x2.mul(splat(l2), pi));
  return gi;
}

/** p + (shrink·p + u), or p + u without decoupled decay. */
// @ts-ignore: decorator
@inline function apply(p: usize, o: usize, wide: bool, pi: v128, u: v128, shrink: f64): void {
  st(p + o, f64x2.add(pi, shrink != 0 ? f64x2.add(f64x2.mul(splat(shrink), pi), u) : u), wide);
}

// @ts-ignore: decorator
@inline function adagradAt(o: usize, wide: bool, p: usize, g: usize, sum: usize, negClr: v128, eps: v128, sign: v128, l2: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const si = f64x2.add(ld(sum + o, wide), f64x2.mul(gi, gi));
  st(sum + o, si, wide);
  st(p + o, f64x2.add(pi, f64x2.div(f64x2.mul(negClr, gi), f64x2.add(f64x2.sqrt(si), eps))), wide);
}

/** Adagrad: sum ← sum + g²; p ← p + (−clr·g)/(√sum + ε). */
export function adagrad(p: usize, g: usize, sum: usize, n: i32, negClr: f64, eps: f64, sign: f64, l2: f64): void {
  const nc = splat(negClr), e = splat(eps), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) adagradAt(<usize>(i << 2), true, p, g, sum, nc, e, sg, l2);
  if (i < n) adagradAt(<usize>(i << 2), false, p, g, sum, nc, e, sg, l2);
}

// @ts-ignore: decorator
@inline function adamaxAt(o: usize, wide: bool, p: usize, g: usize, m: usize, u: usize, b1: v128, c1: v128, b2: v128, eps: v128, negClr: v128, sign: v128, l2: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const mi = f64x2.add(f64x2.mul(ld(m + o, wide), b1), f64x2.mul(c1, gi));
  const ui = f64x2.max(f64x2.mul(ld(u + o, wide), b2), f64x2.add(f64x2.abs(gi), eps)); // Math.max: NaN wins
  st(m + o, mi, wide);
  st(u + o, ui, wide);
  st(p + o, f64x2.add(pi, f64x2.div(f64x2.mul(negClr, mi), ui)), wide);
}

/** Adamax: m ← β1·m + (1 − β1)·g; u ← max(β2·u, |g| + ε); p ← p + (−clr·m)/u. */
export function adamax(p: usize, g: usize, m: usize, u: usize, n: i32, beta1: f64, beta2: f64, eps: f64, negClr: f64, sign: f64, l2: f64): void {
  const b1 = splat(beta1), c1 = splat(1 - beta1), b2 = splat(beta2), e = splat(eps), nc = splat(negClr), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) adamaxAt(<usize>(i << 2), true, p, g, m, u, b1, c1, b2, e, nc, sg, l2);
  if (i < n) adamaxAt(<usize>(i << 2), false, p, g, m, u, b1, c1, b2, e, nc, sg, l2);
}

// @ts-ignore: decorator
@inline function nadamAt(o: usize, wide: bool, p: usize, g: usize, m: usize, v: usize, b1: v128, c1: v128, b2: v128, c2: v128, bc2: v128, eps: v128, cg: v128, cm: v128, sign: v128, l2: f64, shrink: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const mi = f64x2.add(f64x2.mul(ld(m + o, wide), b1), f64x2.mul(c1, gi));
  const vi = f64x2.add(f64x2.mul(ld(v + o, wide), b2), f64x2.mul(f64x2.mul(c2, gi), gi));
  st(m + o, mi, wide);
  st(v + o, vi, wide);
  const denom = f64x2.add(f64x2.sqrt(f64x2.div(vi, bc2)), eps);
  apply(p, o, wide, pi, f64x2.add(f64x2.div(f64x2.mul(cg, gi), denom), f64x2.div(f64x2.mul(cm, mi), denom)), shrink);
}

/** NAdam: Adam's moments; p ← p + (cg·g)/d + (cm·m)/d with d = √(v/bc2) + ε. */
export function nadam(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f64, beta2: f64, bc2: f64, eps: f64, cg: f64, cm: f64, sign: f64, l2: f64, shrink: f64): void {
  const b1 = splat(beta1), c1 = splat(1 - beta1), b2 = splat(beta2), c2 = splat(1 - beta2), bc = splat(bc2), e = splat(eps), g1 = splat(cg), m1 = splat(cm), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) nadamAt(<usize>(i << 2), true, p, g, m, v, b1, c1, b2, c2, bc, e, g1, m1, sg, l2, shrink);
  if (i < n) nadamAt(<usize>(i << 2), false, p, g, m, v, b1, c1, b2, c2, bc, e, g1, m1, sg, l2, shrink);
}

// @ts-ignore: decorator
@inline function radamAt(o: usize, wide: bool, p: usize, g: usize, m: usize, v: usize, b1: v128, c1: v128, b2: v128, c2: v128, bc1: v128, lr: v128, sqrtBc2: v128, eps: v128, rect: v128, rectified: bool, sign: v128, l2: f64, shrink: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const mi = f64x2.add(f64x2.mul(ld(m + o, wide), b1), f64x2.mul(c1, gi));
  const vi = f64x2.add(f64x2.mul(ld(v + o, wide), b2), f64x2.mul(f64x2.mul(c2, gi), gi));
  st(m + o, mi, wide);
  st(v + o, vi, wide);
  const mHatLr = f64x2.mul(f64x2.div(mi, bc1), lr);
  const u = rectified ? f64x2.neg(f64x2.mul(f64x2.mul(mHatLr, f64x2.div(sqrtBc2, f64x2.add(f64x2.sqrt(vi), eps))), rect)) : f64x2.neg(mHatLr);
  apply(p, o, wide, pi, u, shrink);
}

/** RAdam: Adam's moments; the rectified adaptive step once ρ_t > 5 (`rectified` 1), momentum SGD before (0). */
export function radam(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f64, beta2: f64, bc1: f64, learningRate: f64, sqrtBc2: f64, eps: f64, rect: f64, rectified: f64, sign: f64, l2: f64, shrink: f64): void {
  const b1 = splat(beta1), c1 = splat(1 - beta1), b2 = splat(beta2), c2 = splat(1 - beta2), bc = splat(bc1), l = splat(learningRate), sb = splat(sqrtBc2), e = splat(eps), r = splat(rect), sg = splat(sign);
  const on = rectified != 0;
  let i = 0;
  for (; i + 2 <= n; i += 2) radamAt(<usize>(i << 2), true, p, g, m, v, b1, c1, b2, c2, bc, l, sb, e, r, on, sg, l2, shrink);
  if (i < n) radamAt(<usize>(i << 2), false, p, g, m, v, b1, c1, b2, c2, bc, l, sb, e, r, on, sg, l2, shrink);
}

// @ts-ignore: decorator
@inline function lionAt(o: usize, wide: bool, p: usize, g: usize, m: usize, b1: v128, c1: v128, b2: v128, c2: v128, negDecay: v128, lr: v128, sign: v128): void {
  const pi = ld(p + o, wide);
  const gi = f64x2.mul(sign, ld(g + o, wide));
  const mi = ld(m + o, wide);
  const c = f64x2.add(f64x2.mul(b1, mi), f64x2.mul(c1, gi));
  st(m + o, f64x2.add(f64x2.mul(b2, mi), f64x2.mul(c2, gi)), wide);
  // Math.sign: 1 above 0, −1 below, c itself for ±0 and NaN.
  const zero = f64x2.splat(0);
  let s = v128.bitselect(f64x2.splat(1), c, f64x2.gt(c, zero));
  s = v128.bitselect(f64x2.splat(-1), s, f64x2.lt(c, zero));
  st(p + o, f64x2.add(pi, f64x2.sub(f64x2.mul(negDecay, pi), f64x2.mul(lr, s))), wide);
}

/** Lion: c = β1·m + (1 − β1)·g; m ← β2·m + (1 − β2)·g; p ← p + (−ηλ·p − η·sign(c)). */
export function lion(p: usize, g: usize, m: usize, n: i32, beta1: f64, beta2: f64, learningRate: f64, decay: f64, sign: f64): void {
  const b1 = splat(beta1), c1 = splat(1 - beta1), b2 = splat(beta2), c2 = splat(1 - beta2), nd = splat(-decay), l = splat(learningRate), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) lionAt(<usize>(i << 2), true, p, g, m, b1, c1, b2, c2, nd, l, sg);
  if (i < n) lionAt(<usize>(i << 2), false, p, g, m, b1, c1, b2, c2, nd, l, sg);
}

// @ts-ignore: decorator
@inline function adadeltaAt(o: usize, wide: bool, p: usize, g: usize, v: usize, u: usize, rho: v128, cr: v128, eps: v128, negLr: v128, sign: v128, l2: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const vi = f64x2.add(f64x2.mul(ld(v + o, wide), rho), f64x2.mul(f64x2.mul(cr, gi), gi));
  st(v + o, vi, wide);
  const ui = ld(u + o, wide);
  const delta = f64x2.mul(f64x2.div(f64x2.sqrt(f64x2.add(ui, eps)), f64x2.sqrt(f64x2.add(vi, eps))), gi);
  st(u + o, f64x2.add(f64x2.mul(ui, rho), f64x2.mul(f64x2.mul(cr, delta), delta)), wide);
  st(p + o, f64x2.add(pi, f64x2.mul(negLr, delta)), wide);
}

/** Adadelta: v ← ρ·v + (1 − ρ)·g²; δ = √(u + ε)/√(v + ε)·g; u ← ρ·u + (1 − ρ)·δ²; p ← p − η·δ. */
export function adadelta(p: usize, g: usize, v: usize, u: usize, n: i32, rho: f64, eps: f64, negLr: f64, sign: f64, l2: f64): void {
  const r = splat(rho), cr = splat(1 - rho), e = splat(eps), nl = splat(negLr), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) adadeltaAt(<usize>(i << 2), true, p, g, v, u, r, cr, e, nl, sg, l2);
  if (i < n) adadeltaAt(<usize>(i << 2), false, p, g, v, u, r, cr, e, nl, sg, l2);
}

// @ts-ignore: decorator
@inline function asgdAt(o: usize, wide: bool, p: usize, g: usize, ax: usize, shrink: v128, negEta: v128, mu: v128, muIsOne: bool, sign: v128, l2: f64): void {
  const pi = ld(p + o, wide);
  const gi = gradient(g, o, wide, pi, sign, l2);
  const pNew = f64x2.add(f64x2.mul(pi, shrink), f64x2.mul(negEta, gi));
  const axi = ld(ax + o, wide);
  st(ax + o, muIsOne ? pNew : f64x2.add(axi, f64x2.mul(f64x2.sub(pNew, axi), mu)), wide);
  st(p + o, f64x2.add(pi, f64x2.sub(pNew, pi)), wide); // p + (p' − p), as the TypeScript loop writes it
}

/** ASGD: p' = p·(1 − λη) − η·g; ax ← ax + (p' − ax)·μ (p' when μ = 1); p ← p + (p' − p). */
export function asgd(p: usize, g: usize, ax: usize, n: i32, shrink: f64, negEta: f64, mu: f64, sign: f64, l2: f64): void {
  const sh = splat(shrink), ne = splat(negEta), m = splat(mu), sg = splat(sign);
  const one = mu == 1;
  let i = 0;
  for (; i + 2 <= n; i += 2) asgdAt(<usize>(i << 2), true, p, g, ax, sh, ne, m, one, sg, l2);
  if (i < n) asgdAt(<usize>(i << 2), false, p, g, ax, sh, ne, m, one, sg, l2);
}

// @ts-ignore: decorator
@inline function rpropAt(o: usize, wide: bool, p: usize, g: usize, prev: usize, stepSize: usize, etaMinus: v128, etaPlus: v128, lo: v128, hi: v128, sign: v128): void {
  let gi = f64x2.mul(sign, ld(g + o, wide));
  const prod = f64x2.mul(gi, ld(prev + o, wide));
  const step = ld(stepSize + o, wide);
  const zero = f64x2.splat(0);
  const up = f64x2.gt(prod, zero);
  const down = f64x2.lt(prod, zero);
  // Math.min(Math.max(x, lo), hi) for each case: NaN wins, −0 < +0, as f64x2.min/max.
  const grown = f64x2.min(f64x2.max(f64x2.mul(step, etaPlus), lo), hi);
  const shrunk = f64x2.min(f64x2.max(f64x2.mul(step, etaMinus), lo), hi);
  const kept = f64x2.min(f64x2.max(step, lo), hi);
  const next = v128.bitselect(grown, v128.bitselect(shrunk, kept, down), up);
  gi = v128.bitselect(zero, gi, down); // after a sign change the step is skipped
  st(stepSize + o, next, wide);
  st(prev + o, gi, wide);
  // Math.sign(gi): 1 above 0, −1 below, gi itself for ±0 and NaN.
  let s = v128.bitselect(f64x2.splat(1), gi, f64x2.gt(gi, zero));
  s = v128.bitselect(f64x2.splat(-1), s, f64x2.lt(gi, zero));
  st(p + o, f64x2.add(ld(p + o, wide), f64x2.mul(f64x2.mul(f64x2.splat(-1), s), next)), wide);
}

/** Rprop: per-element step sizes grown by η+ while the gradient keeps its sign, shrunk by η− (and the step skipped) when it flips. */
export function rprop(p: usize, g: usize, prev: usize, stepSize: usize, n: i32, etaMinus: f64, etaPlus: f64, lo: f64, hi: f64, sign: f64): void {
  const em = splat(etaMinus), ep = splat(etaPlus), l = splat(lo), h = splat(hi), sg = splat(sign);
  let i = 0;
  for (; i + 2 <= n; i += 2) rpropAt(<usize>(i << 2), true, p, g, prev, stepSize, em, ep, l, h, sg);
  if (i < n) rpropAt(<usize>(i << 2), false, p, g, prev, stepSize, em, ep, l, h, sg);
}
