#!/usr/bin/env node
/**
 * `descent` command line: argv → config → library call. No math lives here.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerParityCommand } from './commands/parity.js';
import { registerTrainCommand } from './commands/train.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerConvergeCommand } from './commands/converge.js';
import { registerPlaygroundCommand } from './commands/playground.js';
import { registerExportCommand } from './commands/export.js';
import { isUsageError } from './usage-error.js';

/** Builds the program; exported so tests can run commands without spawning a process. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('descent')
    .description('Train neural networks by gradient descent: tensors, autograd, optimizers, exact against PyTorch.')
    .version(VERSION, '-v, --version', 'print the version')
    .showHelpAfterError('(add --help for the valid commands and flags)')
    .exitOverride();
  registerTrainCommand(program);
  registerEvalCommand(program);
  registerCompareCommand(program);
  registerConvergeCommand(program);
  registerParityCommand(program);
  registerPlaygroundCommand(program);
  registerExportCommand(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2 (the conventional "bad usage" code).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`descent: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = isUsageError(err) ? 2 : 1;
  }
}

// Run only when executed as a program, not when imported by tests.
const invokedPath = process.argv[1] ?? '';
if (/(^|[\\/])(main\.(t|j)s|descent)$/.test(invokedPath)) {
  await main(process.argv);
}
