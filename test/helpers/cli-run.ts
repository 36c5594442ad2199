/** Running `descent` in tests: in process (buildProgram) or as a child process from source (tsx). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { vi } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `descent ...args` from source (tsx) in a child process, as `npx tsx src/cli/main.ts` would. */
export function spawnDescent(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a command in this process with console output captured. Resolves with what was printed, or
 * with the error the command threw (a UsageError for bad flags).
 */
export async function runInProcess(...args: string[]): Promise<{ stdout: string; stderr: string; error: Error | null; exitCode: number | undefined }> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += a.join(' ') + '\n'));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += a.join(' ') + '\n'));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const writeOut = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const before = process.exitCode;
  process.exitCode = undefined;
  const program = buildProgram();
  for (const cmd of [program, ...program.commands]) cmd.configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  let error: Error | null = null;
  try {
    await program.parseAsync(['node', 'descent', ...args]);
  } catch (e) {
    error = e as Error;
    if (e instanceof CommanderError && e.exitCode === 0) error = null;
  } finally {
    log.mockRestore();
    err.mockRestore();
    write.mockRestore();
    writeOut.mockRestore();
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = before;
  return { stdout, stderr, error, exitCode };
}

/**
 * Runs `descent ...args` in this process through the CLI's own error path (`runCli`): the exit
 * code and what went to stdout and stderr, as a spawned process would show them, without the
 * start-up cost of one.
 */
export async function runCliInProcess(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += a.join(' ') + '\n')),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += a.join(' ') + '\n')),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)),
  ];
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await runCli(['node', 'descent', ...args]);
    return { code, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
    process.exitCode = before;
  }
}
