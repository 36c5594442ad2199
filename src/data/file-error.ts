/**
 * Turning a failed file read into a `DataError` that names the file and says what is wrong in words
 * (`data/iris.csv: no such file`), instead of Node's `ENOENT: no such file or directory, open ...` or
 * a bare `EISDIR: illegal operation on a directory, read`.
 */
import { DataError } from './data-error.js';
import { describeInput, type FileInput } from '../platform/file-input.js';

/**
 * The `DataError` for an error thrown while reading `path`; `what` describes the file expected
 * (`'a CSV file'`), for the message about a directory.
 *
 * @example
 * try { text = await readFile(path, 'utf8'); } catch (e) { throw fileReadError(e, path, 'a CSV file'); }
 */
export function fileReadError(error: unknown, path: string, what: string): DataError {
  const code = (error as { code?: unknown } | null)?.code;
  const source = { source: path };
  switch (code) {
    case 'ENOENT':
      return new DataError('no such file', source);
    case 'EISDIR':
      return new DataError(`is a directory, not ${what}`, source);
    case 'EACCES':
    case 'EPERM':
      return new DataError('permission denied', source);
    case 'ERR_STRING_TOO_LONG':
    case 'ERR_FS_FILE_TOO_LARGE':
      return new DataError(`too large to read as ${what}`, source);
  }
  return new DataError(`cannot read the file: ${error instanceof Error ? error.message : String(error)}`, source);
}

/**
 * Reads `path` with `read` (bytes or text, from a path, URL, Blob or Response); a failure becomes
 * the {@link fileReadError} that names the input and what file was expected.
 *
 * @example
 * const text = await readFileInput(path, (p) => readText(p, 'readCsv'), 'a CSV file');
 */
export async function readFileInput<T>(path: FileInput, read: (path: FileInput) => Promise<T>, what: string): Promise<T> {
  try {
    return await read(path);
  } catch (e) {
    throw fileReadError(e, describeInput(path), what);
  }
}
