/**
 * Ctrl-C during `descent train`: the first SIGINT (or SIGTERM) asks the training loop to stop after
 * the current update, so a resumable `last` checkpoint can be written; a second one exits at once
 * (the previous checkpoint is intact: checkpoint writes are atomic).
 */
import { exitOnSignal, onInterrupt, signalExitCode } from '../signals.js';
import { releaseTerminal } from '../terminal.js';

/** A stop request from a signal, polled by the training loop after each update. */
export class StopRequest {
  private signal: NodeJS.Signals | null = null;
  private readonly dispose: () => void;

  /** `resumeCommand` is printed when the second signal quits at once. */
  constructor(private readonly resumeCommand: string, private readonly stderr: NodeJS.WritableStream = process.stderr) {
    this.dispose = onInterrupt((signal) => this.receive(signal));
  }

  private receive(signal: NodeJS.Signals): void {
    if (this.signal !== null) {
      releaseTerminal();
      this.stderr.write(`descent train: ${signal} again: stopped at once; the last saved checkpoint is intact. To continue: ${this.resumeCommand}\n`);
      exitOnSignal(signal);
    }
    this.signal = signal;
    // Clears the progress bar so the notice starts on its own line.
    releaseTerminal();
    this.stderr.write(`descent train: ${signal} received: finishing this update and saving a checkpoint (press Ctrl-C again to quit at once)\n`);
  }

  /** True once a signal asked to stop (the training loop's `shouldStop`). */
  get requested(): boolean {
    return this.signal !== null;
  }

  /** The exit code for the signal received (130 for SIGINT, 143 for SIGTERM). */
  get exitCode(): number {
    return this.signal === null ? 0 : signalExitCode(this.signal);
  }

  /** Stops listening (signals go back to the default: exit at once). */
  close(): void {
    this.dispose();
  }
}
