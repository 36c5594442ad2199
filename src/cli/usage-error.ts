/** A mistake in how the command was called (bad flag value, unknown name): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
