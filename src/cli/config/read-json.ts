/** Reading a JSON input file for the CLI: every failure names the file (and, for syntax, the line). */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../usage-error.js';

/** Larger "config" files are not configs: refuse them before reading them into memory. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** `at position 57` in V8's message → `line 3, column 9` of `text`. */
function locate(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const position = Number(m[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')} at line ${line}, column ${column}`;
}

/**
 * Reads and parses the JSON file at `path`. `what` describes it in messages (`config file`,
 * `run config`); a missing file, a folder, a too-large file or a syntax error is a
 * {@link UsageError} located at `<what> <path>`.
 */
export function readJsonFile(path: string, what: string): unknown {
  const where = `${what} ${path}`;
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError('is a folder, not a JSON file', { where });
    if (stat.size > MAX_JSON_BYTES) throw new UsageError(`is ${stat.size} bytes; a JSON config is at most ${MAX_JSON_BYTES}`, { where });
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new UsageError(`cannot read it: ${reason}`, { where });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`not valid JSON: ${locate((err as Error).message, text)}`, { where });
  }
  // A "__proto__" key is an own property after JSON.parse, but copying the object onto another
  // (Object.assign, obj[key] = …) sets that object's prototype: refused before anything reads it.
  const protoAt = protoKeyPath(parsed);
  if (protoAt !== null) throw new UsageError(`has the key "__proto__" (at ${protoAt}), which no config has`, { where });
  return parsed;
}

/** The path (`hyperParameters.__proto__`) of the first "__proto__" key in parsed JSON, or null. */
function protoKeyPath(value: unknown, at = ''): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const here = at === '' ? key : `${at}.${key}`;
    if (key === '__proto__') return here;
    const inner = protoKeyPath((value as Record<string, unknown>)[key], here);
    if (inner !== null) return inner;
  }
  return null;
}
