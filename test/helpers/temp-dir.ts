/** A fresh, empty folder under the system's temp folder for one test's files. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Creates a new empty folder `<tmp>/<prefix>XXXXXX` and returns its path. Each call gives another
 * folder, so tests running in parallel never share files.
 */
export function tempDir(prefix = 'descent-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
