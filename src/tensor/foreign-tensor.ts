/**
 * Tensors of another copy of descent. A process that loads both the ES module build (`import`) and
 * the CommonJS build (`require`) — or two installed versions — has two `Tensor` classes. They share
 * the backend and the generator (src/platform/shared-state.ts), but a tensor of one is not a tensor
 * of the other: mixed in one op it was read as a number (NaN) or recorded in the other copy's graph
 * (NaN gradients). Ops refuse such an operand instead, naming the cause.
 */

/**
 * The error for an operand of `op` that is not a tensor of this copy of descent: a tensor of another
 * copy (both builds loaded in one process) or a value of the wrong type.
 */
export function foreignOperandError(op: string, value: unknown): Error {
  const looksLikeTensor = typeof value === 'object' && value !== null && 'shape' in value && 'dtype' in value;
  if (looksLikeTensor) {
    return new TypeError(
      `${op}: an operand is a Tensor of another copy of descent — the ES module build (import) and the CommonJS build (require), ` +
        'or two installed versions, are loaded in one process; their tensors cannot be mixed in one op: load descent one way',
    );
  }
  return new TypeError(`${op}: expected a Tensor or a number, got ${value === null ? 'null' : typeof value}`);
}
