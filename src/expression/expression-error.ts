/** The error a malformed expression raises: what is wrong, and where (an offset into the source). */

/**
 * A parse or name error in an expression, with the 0-based offset of the offending text and its
 * length, so a caller can underline it. The message ends with "at position N" (1-based column).
 *
 * @example
 * try { parseExpression('x + * y'); } catch (e) {
 *   if (e instanceof ExpressionError) console.log(e.position, e.pointer()); // 4, "x + * y\n    ^"
 * }
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    /** What went wrong, without the position. */
    readonly reason: string,
    /** The expression text. */
    readonly source: string,
    /** 0-based offset of the offending text in `source`. */
    readonly position: number,
    /** Number of characters of the offending text (at least 1). */
    readonly length = 1,
  ) {
    super(`${reason} at position ${position + 1}`);
  }

  /** The source with a caret line under the offending text (for monospace display). */
  pointer(): string {
    return `${this.source}\n${' '.repeat(this.position)}${'^'.repeat(Math.max(1, this.length))}`;
  }
}
