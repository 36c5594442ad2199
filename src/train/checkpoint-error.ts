/** The one error type of checkpoint reading: a file that is not a trustworthy descent checkpoint. */

/**
 * A checkpoint that cannot be used: missing, malformed, tampered with, truncated, corrupted, or not
 * matching the model. `path` is the file at fault (the JSON or a data file it names) and `field` the
 * part of it (`weights`, `state.epoch`, `files.arrays.sha256`, a tensor name), when one is to blame.
 *
 * The message reads `checkpoint <path>: <field>: <what>`.
 *
 * @example
 * ```ts
 * try {
 *   await loadCheckpoint('run/last');
 * } catch (e) {
 *   if (e instanceof CheckpointError) console.error(e.message, e.path, e.field);
 *   else throw e;
 * }
 * ```
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  /** The file at fault. */
  readonly path: string;
  /** The field of the checkpoint at fault (e.g. `weights`, `state.epoch`), or null for the whole file. */
  readonly field: string | null;
  /** What is wrong, without the path and field. */
  readonly reason: string;

  constructor(path: string, field: string | null, reason: string, options?: { cause?: unknown }) {
    super(`checkpoint ${path}: ${field === null ? '' : `${field}: `}${reason}`, options);
    this.path = path;
    this.field = field;
    this.reason = reason;
  }
}
