/**
 * The run folder's schema: what a folder written by `descent train` (or by code doing the same)
 * holds, and the one class that writes it. The CLI adds only its messages and checks of arguments.
 *
 * Files: {@link RUN_CONFIG_FILE} (the run's config, {@link TrainConfig}), {@link RUN_LOG_FILE} (one
 * row per epoch, {@link RunLog}), and the checkpoints {@link CHECKPOINT_NAMES}: `last` (every epoch,
 * and on interrupt), `best` (best held-out metric) and `final` (end of the run), each a JSON file
 * naming its weights and state files. While a process trains in the folder it also holds
 * {@link RUN_LOCK_FILE} (removed when it ends; see src/cli/train/run-lock.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../io/atomic-write.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TrainingState } from './fit.js';
import type { EpochRecord } from './types.js';
import { loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from './checkpoint.js';
import type { CheckpointExpectation } from './checkpoint-expect.js';
import { loadNewestIntactCheckpoint, type NewestCheckpoint } from './newest-checkpoint.js';
import { cleanRunFolder } from './clean-run-folder.js';
import { RunLog } from './run-log.js';
import { mergeConfig, parseConfigObject, serializeConfig, type TrainConfig } from './run-config.js';

/** The run's config, written before training starts. */
export const RUN_CONFIG_FILE = 'config.json';
/** The run's log: one JSON row per epoch. */
export const RUN_LOG_FILE = 'run.jsonl';

/**
 * The lock of the process training in the folder (pid, host, start time): one process per folder.
 * Not part of a finished run; cleanRunFolder never touches it (it matches none of its patterns).
 */
export const RUN_LOCK_FILE = 'train.lock';

/** The checkpoint names, newest-first preference when resuming. */
export const CHECKPOINT_NAMES = ['last', 'best', 'final'] as const;
/** One of {@link CHECKPOINT_NAMES}. */
export type CheckpointName = (typeof CHECKPOINT_NAMES)[number];

/** The checkpoint a resumed run starts from, and the ones passed over (with why). */
export type ResumePoint = NewestCheckpoint;

/**
 * The full config a checkpoint was trained with (its stored keys over the defaults). Throws a
 * RunConfigError located at `where`, `, its "config"` when the stored config breaks the schema.
 */
export function checkpointConfig(checkpoint: Pick<LoadedCheckpoint, 'config'>, where: string): TrainConfig {
  return mergeConfig(parseConfigObject(checkpoint.config, `${where}, its "config"`));
}

/** A run folder being written by this process. */
export class RunFolder {
  private loggedEpoch = 0;
  private readonly log: RunLog;

  constructor(readonly dir: string) {
    this.log = new RunLog(join(dir, RUN_LOG_FILE));
  }

  /** Creates the folder of a new run and writes its config.json and an empty run.jsonl. */
  async create(config: TrainConfig): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await this.writeConfig(config);
    await this.log.reset();
  }

  /** Replaces config.json atomically (a resumed run whose --epochs changed, once all checks passed). */
  async writeConfig(config: TrainConfig): Promise<void> {
    await atomicWriteFile(join(this.dir, RUN_CONFIG_FILE), serializeConfig(config));
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

  /**
   * True when the folder holds an intact `final` checkpoint of epoch `epoch` (the run ended there).
   * `point`, the resume point found in this folder, saves reading (and verifying) `final` again when
   * it is `final` or found it broken.
   */
  async hasFinalAt(epoch: number, point?: ResumePoint): Promise<boolean> {
    if (point?.name === 'final') return point.checkpoint.state.epoch === epoch;
    if (point?.skipped.some((s) => s.name === 'final')) return false;
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
