/**
 * `run.jsonl`, the run's log: one JSON object per line, one line per epoch. Each row is appended and
 * fsynced before the checkpoint that records its epoch is written; on resume the log is cut back to
 * the checkpoint's epoch. So a kill at any instant leaves, after the resume, exactly epochs 1..N.
 */
import { atomicWriteFile } from '../io/atomic-write.js';

/** A log row: a JSON object with at least the 1-based `epoch` it belongs to (e.g. an `EpochRecord`). */
export interface RunLogRecord {
  epoch: number;
}

/** Options of {@link RunLog.truncateTo}. */
export interface RunLogTruncateOptions {
  /**
   * The checkpoint's history: rows missing from the log for epochs 1..N are written from it (a log
   * deleted or damaged by hand). Without it, a missing row is an error.
   */
  history?: readonly RunLogRecord[];
}

/**
 * The append-only, crash-consistent log of a run (`<run>/run.jsonl`).
 *
 * @example
 * ```ts
 * const log = new RunLog('run/run.jsonl');
 * await log.truncateTo(checkpoint.state.epoch);           // on resume: drop rows the checkpoint lacks
 * await fit(model, { ...options,
 *   callbacks: { onEpochEnd: (record) => log.append(record) }, // runs before onCheckpoint
 *   onCheckpoint: (state) => saveCheckpoint('run/last', model.stateDict(), state, config) });
 * ```
 */
export class RunLog {
  /** The log file's path. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Appends `record` as one line and fsyncs the file, creating it if needed. */
  async append(record: RunLogRecord): Promise<void> {
    const fs = await import('node:fs/promises');
    const line = `${JSON.stringify(record)}\n`;
    const handle = await fs.open(this.path, 'a');
    try {
      await handle.writeFile(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Creates the log empty (or empties it), atomically. */
  async reset(): Promise<void> {
    await atomicWriteFile(this.path, '');
  }

  /**
   * The complete rows, in order (a missing file is an empty log). A torn last line (no newline: the
   * process died while appending) is ignored; any other line that is not a JSON object with an
   * integer `epoch` is an error naming the line.
   */
  async read(): Promise<Array<RunLogRecord & Record<string, unknown>>> {
    return (await this.readLines()).rows;
  }

  private async readLines(): Promise<{ rows: Array<RunLogRecord & Record<string, unknown>>; text: string }> {
    const fs = await import('node:fs/promises');
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { rows: [], text: '' };
      throw err;
    }
    const lines = text.split('\n');
    lines.pop(); // the text after the last newline: empty, or a torn row
    const rows = lines.map((line, i) => {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`${this.path}:${i + 1}: not a JSON line`);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row) || !Number.isSafeInteger((row as { epoch?: unknown }).epoch) || (row as RunLogRecord).epoch < 1) {
        throw new Error(`${this.path}:${i + 1}: expected a JSON object with an integer "epoch" >= 1`);
      }
      return row as RunLogRecord & Record<string, unknown>;
    });
    return { rows, text };
  }

  /**
   * Keeps exactly the rows of epochs 1..`epoch`, in order, dropping later rows, repeated epochs
   * (a row appended again after an earlier resume) and a torn last line; rewrites the file
   * atomically, and only if that changes it. Returns the rows kept.
   */
  async truncateTo(epoch: number, options: RunLogTruncateOptions = {}): Promise<RunLogRecord[]> {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new Error(`RunLog.truncateTo: epoch must be a non-negative integer, got ${String(epoch)}`);
    const { rows, text } = await this.readLines();
    const byEpoch = new Map<number, RunLogRecord>();
    // The latest row of an epoch wins: after a kill and a resume, the epoch was trained again.
    for (const row of rows) if (row.epoch <= epoch) byEpoch.set(row.epoch, row);
    const kept: RunLogRecord[] = [];
    for (let e = 1; e <= epoch; e++) {
      const row = byEpoch.get(e) ?? options.history?.find((h) => h.epoch === e);
      if (!row) throw new Error(`${this.path}: no row for epoch ${e} (the checkpoint is at epoch ${epoch})`);
      kept.push(row);
    }
    const next = kept.map((r) => `${JSON.stringify(r)}\n`).join('');
    if (next !== text) await atomicWriteFile(this.path, next);
    return kept;
  }
}
