/**
 * a·b + c on f32x4 lanes, chosen when the module is compiled: with `--enable relaxed-simd` (the FMA
 * modules, scripts/build-wasm.mjs) it is `f32x4.relaxed_madd`, one instruction that x64 engines with
 * FMA3 and arm64 run as a fused multiply-add (one rounding); without it, a multiply then an add (two
 * roundings), the plain modules' arithmetic. The relaxed-SIMD proposal lets an engine pick either
 * form, but one engine on one machine always picks the same one, so a build's results do not depend
 * on the thread count (every thread runs the same compiled module).
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  // A compile-time constant: the branch not taken is never compiled, so the plain build does not
  // need the feature and its binary is the one from before this helper existed.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
