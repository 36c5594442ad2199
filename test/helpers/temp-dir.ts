/** A fresh, empty folder under the system's temp folder for one test's files. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Creates a new empty folder `<tmp>/descent-<tag>-XXXXXX` and returns its path. Each call gives
 * another folder, so tests running in parallel never share files; the tag says which test made it.
 */
export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `descent-${tag}-`));
}
