#!/usr/bin/env node
/**
 * `descent` command line: argv → config → library call. No math lives here.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerParityCommand } from './commands/parity.js';
import { registerTrainCommand } from './commands/train.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerConvergeCommand } from './commands/converge.js';
import { registerPlaygroundCommand } from './commands/playground.js';
import { registerExportCommand } from './commands/export.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerSweepCommand } from './commands/sweep.js';
import { debugEnabled, EXIT_CODES_HELP, reportError } from './error-line.js';
import { installSignalDispatcher } from './signals.js';
import { releaseTerminal } from './terminal.js';

/** Builds the program; exported so tests can run commands without spawning a process. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('descent')
    .description('Train neural networks by gradient descent: tensors, autograd, optimizers, exact against PyTorch.')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    // runCli prints commander's errors as the one-line form every other error has.
    .configureOutput({ outputError: () => undefined })
    .addHelpText('after', EXIT_CODES_HELP);
  registerTrainCommand(program);
  registerEvalCommand(program);
  registerCompareCommand(program);
  registerConvergeCommand(program);
  registerParityCommand(program);
  registerPlaygroundCommand(program);
  registerExportCommand(program);
  registerWorkerCommand(program);
  registerSweepCommand(program);
  for (const cmd of program.commands) cmd.addHelpText('after', EXIT_CODES_HELP);
  return program;
}

/** The subcommand argv names (`train` in `descent --x train ...`), for the error line's prefix. */
function commandName(program: Command, args: readonly string[]): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return args.find((a) => names.has(a));
}

/**
 * Runs `descent` on `argv` (`[node, script, ...args]`) and returns the exit code. Every failure
 * is reported as one line on stderr after clearing any progress bar (see error-line.ts).
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[], program: Command = buildProgram()): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const report = reportError(commandName(program, argv.slice(2)), err);
    if (report.exitCode === 0) return 0;
    releaseTerminal();
    process.stderr.write(`${report.line}\n`);
    if (debugEnabled()) process.stderr.write(`${report.debug}\n`);
    return report.exitCode;
  }
}

/**
 * A reader that closes the pipe early (`descent train | head -4`) is not an error: end quietly with
 * exit code 0, as a shell pipeline expects. Other stream errors are reported on one line.
 */
function endQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      releaseTerminal();
      if (err.code === 'EPIPE') process.exit(0);
      if (stream !== process.stderr) process.stderr.write(`descent: cannot write to standard output: ${err.message}\n`);
      process.exit(1);
    });
  }
}

/**
 * An error thrown outside the command's own promise (a callback, a stream) gets the same one-line
 * report as any other: exit code 1, the stack only with DESCENT_DEBUG=1.
 */
function reportStrayErrors(program: readonly string[]): void {
  const report = (err: unknown): void => {
    const r = reportError(commandName(buildProgram(), program.slice(2)), err);
    releaseTerminal();
    process.stderr.write(`${r.line}\n`);
    if (debugEnabled()) process.stderr.write(`${r.debug}\n`);
    process.exit(r.exitCode === 0 ? 1 : r.exitCode);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

// Run only when executed as a program, not when imported by tests.
const invokedPath = process.argv[1] ?? '';
if (/(^|[\\/])(main\.(t|j)s|descent)$/.test(invokedPath)) {
  endQuietlyOnBrokenPipe();
  reportStrayErrors(process.argv);
  installSignalDispatcher();
  process.exitCode = await runCli(process.argv);
}
