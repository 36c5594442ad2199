/**
 * SIGINT and SIGTERM for the whole CLI. One dispatcher is installed by the program's entry point;
 * a command that can stop cleanly (train: finish the step, save a checkpoint) registers its own
 * handler while it runs. Without one, a signal restores the terminal and exits at once with the
 * conventional code 128 + signal number (130 for Ctrl-C, 143 for SIGTERM).
 */
import { constants } from 'node:os';
import { releaseTerminal } from './terminal.js';

/** Called with the signal's name; the handler decides whether to exit. */
export type InterruptHandler = (signal: NodeJS.Signals) => void;

let handler: InterruptHandler | null = null;
let installed = false;

/** 128 + the signal's number: what a shell reports for a process ended by that signal. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 2);
}

/** Restores the terminal and exits with the signal's exit code, without waiting for anything. */
export function exitOnSignal(signal: NodeJS.Signals): never {
  releaseTerminal();
  process.exit(signalExitCode(signal));
}

/** Routes a signal to the registered handler, or exits (what the installed listeners call). */
export function dispatchSignal(signal: NodeJS.Signals): void {
  if (handler) handler(signal);
  else exitOnSignal(signal);
}

/** Installs the SIGINT/SIGTERM dispatcher (once; by the program's entry, not by in-process tests). */
export function installSignalDispatcher(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', dispatchSignal);
  process.on('SIGTERM', dispatchSignal);
}

/** Routes SIGINT/SIGTERM to `h` until the returned function is called. */
export function onInterrupt(h: InterruptHandler): () => void {
  const previous = handler;
  handler = h;
  return () => {
    if (handler === h) handler = previous;
  };
}
