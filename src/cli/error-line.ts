/**
 * The CLI's one error path: every failure becomes ONE line on stderr,
 * `descent <command>: <what> (<where>)`, and an exit code — 2 for usage errors (bad flags, config,
 * input files, unknown names), 1 for failures while running. Stack traces only with DESCENT_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { isUsageError } from './usage-error.js';

/** Exit codes of `descent`, as documented in `--help`. */
export const EXIT_CODES = {
  ok: 0,
  runtime: 1,
  usage: 2,
} as const;

/** The text `--help` shows about exit codes and errors. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success (also when a pipe reader such as \`head\` closes stdout early)
  1    the command failed while running (training diverged, a file could not be written)
  2    usage error: a bad flag, config key or value, an unreadable or invalid input file, an unknown name
  130  interrupted (Ctrl-C; 143 for SIGTERM): train saves a resumable checkpoint first

Errors are printed as one line, "descent <command>: <what> (<where>)"; set DESCENT_DEBUG=1 for stack traces.`;

/** What to print for an error and the exit code it means. */
export interface ErrorReport {
  /** The one line for stderr (no trailing newline). */
  line: string;
  exitCode: number;
  /** Stack traces, printed only with DESCENT_DEBUG=1. */
  debug: string;
}

/** Folds a multi-line message into one line: lines joined with '; ', runs of spaces collapsed. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('; ')
    .replace(/\s+/g, ' ');
}

/** Commander's own wording (`error: unknown option '--x'\n(Did you mean --y?)`) as one line. */
function commanderMessage(err: CommanderError): string {
  const lines = err.message.replace(/^error: /, '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.map((l, i) => (i > 0 ? l.replace(/^\((.*)\)$/, '$1').replace(/^Did/, 'did') : l)).join('; ');
}

function stacks(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 5; depth++) {
    parts.push(e.stack ?? String(e));
    e = e.cause;
  }
  return parts.join('\ncaused by: ');
}

/**
 * The report for an error thrown by `descent <command>`: the message without a repeated
 * `<command>: ` prefix, the error's `where` in parentheses, exit code 2 or 1.
 */
export function reportError(command: string | undefined, err: unknown): ErrorReport {
  const prefix = command ? `descent ${command}: ` : 'descent: ';
  if (err instanceof CommanderError) {
    const where = command ? `see descent ${command} --help` : 'see descent --help';
    return { line: `${prefix}${oneLine(commanderMessage(err))} (${where})`, exitCode: err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage, debug: stacks(err) };
  }
  let what = oneLine(err instanceof Error ? err.message : String(err));
  // Messages written for library callers often start with the command's or module's name already.
  for (const p of [`descent ${command}: `, `${command}: `]) if (command && what.startsWith(p)) what = what.slice(p.length);
  if (what === '') what = err instanceof Error ? err.name : 'unknown error';
  const where = (err as { where?: unknown } | null)?.where;
  const located = typeof where === 'string' && where !== '' && !what.includes(where) ? `${what} (${where})` : what;
  return { line: prefix + located, exitCode: isUsageError(err) ? EXIT_CODES.usage : EXIT_CODES.runtime, debug: stacks(err) };
}

/** True when DESCENT_DEBUG asks for stack traces. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.DESCENT_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
