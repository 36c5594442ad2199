/**
 * 16-bit float decoding for reading safetensors files written by other tools (PyTorch and Hugging Face
 * checkpoints are often F16 or BF16). Both widen exactly to float32.
 */

/**
 * The float32 value of IEEE 754 binary16 bits (1 sign, 5 exponent, 10 fraction bits), subnormals,
 * infinities and NaN included.
 *
 * @example
 * float16ToNumber(0x3c00); // 1
 * float16ToNumber(0xc000); // -2
 */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const scratch = new DataView(new ArrayBuffer(4));

/**
 * The float32 value of bfloat16 bits (the upper half of a float32).
 *
 * @example
 * bfloat16ToNumber(0x3f80); // 1
 */
export function bfloat16ToNumber(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}
