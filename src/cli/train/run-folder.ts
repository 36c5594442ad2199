/**
 * The run folder as `descent train` uses it. Every call into the checkpoint and run-log library is
 * here, so the command's flow reads as: check, then write.
 *
 * Files: `config.json` (the run's config), `run.jsonl` (one row per epoch), and the checkpoints
 * `last` (every epoch, and on interrupt), `best` (lowest held-out loss) and `final` (end of the run),
 * each a JSON file naming its weights and state files.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../io/atomic-write.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { TrainingState } from '../../train/fit.js';
import type { EpochRecord } from '../../train/types.js';
import { loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from '../../train/checkpoint.js';
import { UsageError } from '../usage-error.js';
import { serializeConfig, type TrainConfig } from '../config/train-config.js';

/** The checkpoint names, newest-first preference when resuming. */
export const CHECKPOINT_NAMES = ['last', 'best', 'final'] as const;
/** One of {@link CHECKPOINT_NAMES}. */
export type CheckpointName = (typeof CHECKPOINT_NAMES)[number];

/** The checkpoint a resumed run starts from, and the ones passed over (with why). */
export interface ResumePoint {
  name: string;
  checkpoint: LoadedCheckpoint;
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * Refuses a folder a new run must not write into: an existing file, or a folder with anything in
 * it (a finished run, unrelated files). Reads only.
 */
export function checkFreshRunFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new UsageError(`--out ${dir} is a file, not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? ', …' : '');
    const hint = entries.includes('config.json') ? `to continue that run: descent train --resume ${dir}` : 'choose an empty or new folder';
    throw new UsageError(`--out ${dir} is not empty (it holds ${shown}); ${hint}`);
  }
}

/** A run folder being written by this process. */
export class RunFolder {
  private loggedEpoch = 0;

  constructor(readonly dir: string) {}

  /** Creates the folder of a new run and writes its config.json and an empty run.jsonl. */
  async create(config: TrainConfig): Promise<void> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (err) {
      throw new UsageError(`--out ${this.dir}: cannot create the run folder: ${(err as Error).message}`);
    }
    await this.writeConfig(config);
    writeFileSync(join(this.dir, 'run.jsonl'), '');
  }

  /** Replaces config.json atomically (a resumed run whose --epochs changed, once all checks passed). */
  async writeConfig(config: TrainConfig): Promise<void> {
    await atomicWriteFile(join(this.dir, 'config.json'), serializeConfig(config));
  }

  /**
   * The newest intact checkpoint of the folder (reads only). Throws a usage error listing why each
   * was refused when none is intact.
   */
  async findResumePoint(): Promise<ResumePoint> {
    const skipped: ResumePoint['skipped'] = [];
    let found: { name: string; checkpoint: LoadedCheckpoint } | null = null;
    for (const name of CHECKPOINT_NAMES) {
      try {
        const checkpoint = await loadCheckpoint(join(this.dir, name));
        if (!found || checkpoint.state.epoch > found.checkpoint.state.epoch) {
          if (found) skipped.push({ name: found.name, reason: `older (epoch ${found.checkpoint.state.epoch})` });
          found = { name, checkpoint };
        }
      } catch (err) {
        skipped.push({ name, reason: (err as Error).message });
      }
    }
    if (!found) {
      throw new UsageError(`--resume ${this.dir}: no intact checkpoint to resume from (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`);
    }
    return { ...found, skipped };
  }

  /** True when the folder holds an intact `final` checkpoint of epoch `epoch` (the run ended there). */
  async hasFinalAt(epoch: number): Promise<boolean> {
    try {
      return (await loadCheckpoint(join(this.dir, 'final'))).state.epoch === epoch;
    } catch {
      return false;
    }
  }

  /**
   * Makes the folder agree with the checkpoint a run resumes from: leftover temporary files go, and
   * log rows past its epoch (written before a kill stopped the checkpoint) are dropped.
   */
  async recoverTo(epoch: number): Promise<void> {
    const path = join(this.dir, 'run.jsonl');
    const rows = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
    const kept = rows.filter((l) => (JSON.parse(l) as EpochRecord).epoch <= epoch);
    if (kept.length !== rows.length) await atomicWriteFile(path, kept.map((l) => l + '\n').join(''));
    this.loggedEpoch = epoch;
  }

  /** Appends the rows of `history` not yet logged (the epoch row goes in before its checkpoint). */
  logEpochs(history: readonly EpochRecord[]): void {
    for (const record of history) {
      if (record.epoch <= this.loggedEpoch) continue;
      appendFileSync(join(this.dir, 'run.jsonl'), JSON.stringify(record) + '\n');
      this.loggedEpoch = record.epoch;
    }
  }

  /** Writes checkpoint `name` (weights, resumable state, config). */
  async save(name: CheckpointName, weights: Record<string, Tensor>, state: TrainingState, config: TrainConfig): Promise<void> {
    await saveCheckpoint(join(this.dir, name), weights, state, config);
  }
}
