import { SpecError } from '../specs/spec-error.js';

/** A mistake in how the command was called (bad flag value, unknown name): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** True for the errors that mean "wrong usage" — exit code 2 — rather than a failure while running. */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || err instanceof SpecError;
}
