/**
 * What `descent train` shows: a progress bar over the batches of each epoch on a terminal (plain
 * output otherwise, so logs stay clean), and a per-epoch table.
 */
import cliProgress from 'cli-progress';
import type { EpochRecord } from '../train/types.js';
import { trackWidget } from './terminal.js';

type Stream = NodeJS.WriteStream;

export class TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private untrack: (() => void) | null = null;
  constructor(private readonly stream: Stream, private readonly batches: number) {}

  start(epoch: number, epochs: number): void {
    if (!this.stream.isTTY) return;
    this.bar = new cliProgress.SingleBar(
      { stream: this.stream, format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} batches  loss {loss}`, clearOnComplete: true, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(this.batches, 0, { loss: '-' });
    // An error or a signal clears the bar through releaseTerminal (it restores cursor and wrapping).
    this.untrack = trackWidget({ clear: () => this.stop() });
  }

  update(batch: number, loss: number): void {
    this.bar?.update(batch, { loss: loss.toFixed(4) });
  }

  /** Erases the bar (clearOnComplete) and restores the cursor and line wrap; safe to call twice. */
  stop(): void {
    const bar = this.bar;
    this.bar = null;
    this.untrack?.();
    this.untrack = null;
    bar?.stop();
  }
}

const COLUMNS = ['epoch', 'train loss', 'held-out loss', 'held-out error', 'lr', 'time'] as const;
const WIDTHS = [5, 10, 13, 14, 9, 7];

/** The per-epoch table, one fixed-width row per epoch. */
export class EpochTable {
  constructor(private readonly stream: Stream) {}

  private line(cells: string[]): void {
    this.stream.write(cells.map((c, i) => c.padStart(WIDTHS[i]!)).join('  ') + '\n');
  }

  header(): void {
    this.line([...COLUMNS]);
  }

  row(r: EpochRecord): void {
    this.line([
      String(r.epoch),
      r.trainLoss.toFixed(4),
      r.validationLoss === null ? '-' : r.validationLoss.toFixed(4),
      r.validationError === null ? '-' : `${(r.validationError * 100).toFixed(2)}%`,
      r.learningRate.toPrecision(3),
      `${r.seconds.toFixed(1)}s`,
    ]);
  }
}
