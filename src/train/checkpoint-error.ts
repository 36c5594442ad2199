/** The one error type of checkpoint reading: a file that is not a trustworthy descent checkpoint. */

/** What kind of problem a {@link CheckpointError} is. */
export type CheckpointErrorCode = 'missing' | 'invalid' | 'mismatch';

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
  /**
   * `'missing'`: there is no checkpoint at all (the JSON, or every JSON looked for, does not exist),
   * so a caller may start afresh; `'invalid'`: there is one, and it cannot be trusted (corrupted,
   * truncated, tampered with); `'mismatch'`: it is intact but does not fit the model or optimizer it
   * was checked against (a wrong `--model`: a usage error, not a reason to fall back).
   */
  readonly code: CheckpointErrorCode;

  constructor(path: string, field: string | null, reason: string, options: { cause?: unknown; code?: CheckpointErrorCode } = {}) {
    super(`checkpoint ${path}: ${field === null ? '' : `${field}: `}${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = path;
    this.field = field;
    this.reason = reason;
    this.code = options.code ?? 'invalid';
  }
}
