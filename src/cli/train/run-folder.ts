/**
 * The run folder as `descent train` uses it. Every call into the checkpoint and run-log library is
 * here, so the command's flow reads as: check, then write.
 *
 * Files: `config.json` (the run's config), `run.jsonl` (one row per epoch), and the checkpoints
 * `last` (every epoch, and on interrupt), `best` (lowest held-out loss) and `final` (end of the run),
 * each a JSON file naming its weights and state files.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../io/atomic-write.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { TrainingState } from '../../train/fit.js';
import type { EpochRecord } from '../../train/types.js';
import { loadCheckpoint, saveCheckpoint } from '../../train/checkpoint.js';
import type { CheckpointExpectation } from '../../train/checkpoint-expect.js';
import { loadNewestIntactCheckpoint, type NewestCheckpoint } from '../../train/newest-checkpoint.js';
import { cleanRunFolder } from '../../train/clean-run-folder.js';
import { RunLog } from '../../train/run-log.js';
import { UsageError } from '../usage-error.js';
import { serializeConfig, type TrainConfig } from '../config/train-config.js';

/** The checkpoint names, newest-first preference when resuming. */
export const CHECKPOINT_NAMES = ['last', 'best', 'final'] as const;
/** One of {@link CHECKPOINT_NAMES}. */
export type CheckpointName = (typeof CHECKPOINT_NAMES)[number];

/** The checkpoint a resumed run starts from, and the ones passed over (with why). */
export type ResumePoint = NewestCheckpoint;

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
  private readonly log: RunLog;

  constructor(readonly dir: string) {
    this.log = new RunLog(join(dir, 'run.jsonl'));
  }

  /** Creates the folder of a new run and writes its config.json and an empty run.jsonl. */
  async create(config: TrainConfig): Promise<void> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (err) {
      throw new UsageError(`--out ${this.dir}: cannot create the run folder: ${(err as Error).message}`);
    }
    await this.writeConfig(config);
    await this.log.reset();
  }

  /** Replaces config.json atomically (a resumed run whose --epochs changed, once all checks passed). */
  async writeConfig(config: TrainConfig): Promise<void> {
    await atomicWriteFile(join(this.dir, 'config.json'), serializeConfig(config));
  }

  /**
   * The newest intact checkpoint of the folder that fits `expect` (the model and optimizer about
   * to continue), or null when the folder has no checkpoint yet. Reads only; throws a CheckpointError (a usage error) listing why each checkpoint
   * was refused when none is intact.
   */
  async findResumePoint(expect: CheckpointExpectation): Promise<ResumePoint | null> {
    // A run stopped before its first checkpoint has none: it starts over.
    if (CHECKPOINT_NAMES.every((name) => !existsSync(join(this.dir, `${name}.json`)))) return null;
    return loadNewestIntactCheckpoint(this.dir, CHECKPOINT_NAMES, { expect });
  }

  /** True when the folder holds an intact `final` checkpoint of epoch `epoch` (the run ended there). */
  async hasFinalAt(epoch: number): Promise<boolean> {
    if (!existsSync(join(this.dir, 'final.json'))) return false;
    try {
      return (await loadCheckpoint(join(this.dir, 'final'))).state.epoch === epoch;
    } catch {
      return false;
    }
  }

  /**
   * Makes the folder agree with the checkpoint a run resumes from (null: none, the run starts over),
   * once every check passed:
   * leftover temporary files and unreferenced data files of killed runs go, and log rows past its
   * epoch (appended before a kill stopped the checkpoint) are dropped; rows missing from the log are
   * restored from the checkpoint's history.
   */
  async recoverTo(state: TrainingState | null): Promise<{ removed: string[] }> {
    const { removed } = await cleanRunFolder(this.dir, CHECKPOINT_NAMES);
    const epoch = state?.epoch ?? 0;
    await this.log.truncateTo(epoch, { history: (state?.history ?? []) as unknown as Array<{ epoch: number }> });
    this.loggedEpoch = epoch;
    return { removed };
  }

  /**
   * Appends (with fsync) the rows of `history` not yet logged. Called before each checkpoint: the
   * epoch's row is on disk before the checkpoint that records it, so a kill between the two leaves a
   * row past the checkpoint, which resume drops — never a missing row.
   */
  async logEpochs(history: readonly EpochRecord[]): Promise<void> {
    for (const record of history) {
      if (record.epoch <= this.loggedEpoch) continue;
      await this.log.append(record as unknown as { epoch: number });
      this.loggedEpoch = record.epoch;
    }
  }

  /**
   * Removes the data files the checkpoints no longer name. A checkpoint deletes only files its own
   * process wrote, so after a resume those of the earlier process stay until this runs (at the end).
   */
  async tidy(): Promise<void> {
    await cleanRunFolder(this.dir, CHECKPOINT_NAMES);
  }

  /** Writes checkpoint `name` (weights, resumable state, config). */
  async save(name: CheckpointName, weights: Record<string, Tensor>, state: TrainingState, config: TrainConfig): Promise<void> {
    await saveCheckpoint(join(this.dir, name), weights, state, config);
  }
}
