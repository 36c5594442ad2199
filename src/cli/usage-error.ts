import { SpecError } from '../specs/spec-error.js';

/**
 * An error of the command line that may say where the bad value came from (`config file run.json`,
 * `run folder runs/x`); the one error line prints it in parentheses after the message.
 */
abstract class LocatedError extends Error {
  /** Where the bad value came from, e.g. `config file run.json`; omitted when the message says it. */
  readonly where: string | undefined;
  constructor(message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.where = options.where;
  }
}

/**
 * A mistake in how the command was called (bad flag value, config key, input file, unknown name):
 * exit code 2. `where` says where the bad value came from (a config file, a run folder) and is
 * printed in parentheses after the message.
 */
export class UsageError extends LocatedError {
  override name = 'UsageError';
}

/**
 * A failure while the command runs on valid input (divergence, a write error in the run folder):
 * exit code 1.
 */
export class RuntimeFailure extends LocatedError {
  override name = 'RuntimeFailure';
}

/**
 * Errors of the library that mean "the input is wrong" rather than "something broke": a bad spec, a
 * malformed data file, a checkpoint that fails its checks. Matched by name so that the CLI does not
 * import every layer that defines one.
 */
const INPUT_ERROR_NAMES = new Set(['UsageError', 'SpecError', 'DataError', 'CheckpointError', 'RunConfigError']);

/** True for the errors that mean "wrong usage" — exit code 2 — rather than a failure while running. */
export function isUsageError(err: unknown): err is Error {
  if (err instanceof RuntimeFailure) return false;
  return err instanceof UsageError || err instanceof SpecError || (err instanceof Error && INPUT_ERROR_NAMES.has(err.name));
}

/** Where a failed step's input came from; `unlessMentioned` drops it when the message already quotes that text. */
export interface UsageLocation {
  where: string | undefined;
  /** E.g. the spec itself: a message that quotes it needs no location. */
  unlessMentioned?: string;
}

function toUsage(err: unknown, location: string | UsageLocation | undefined): UsageError {
  const { where, unlessMentioned } = typeof location === 'object' ? location : { where: location, unlessMentioned: undefined };
  if (err instanceof UsageError && err.where !== undefined) return err;
  // A library input error that says where it came from (a RunConfigError naming its config file) keeps that place.
  const own = err instanceof Error && isUsageError(err) ? (err as { where?: unknown }).where : undefined;
  if (typeof own === 'string') return new UsageError((err as Error).message, { where: own, cause: err });
  const message = err instanceof Error ? err.message : String(err);
  const located = where !== undefined && !(unlessMentioned !== undefined && message.includes(unlessMentioned));
  return new UsageError(message, { ...(located ? { where } : {}), cause: err });
}

/**
 * Runs `fn` (a step that only reads and checks the command's input) and turns any error it throws
 * into a {@link UsageError} located at `where`: whatever fails before a command starts its work was
 * caused by its input. Errors that already are usage errors keep their own location.
 */
export async function asUsage<T>(location: string | UsageLocation | undefined, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toUsage(err, location);
  }
}

/** The same as {@link asUsage} for synchronous steps. */
export function asUsageSync<T>(location: string | UsageLocation | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toUsage(err, location);
  }
}
