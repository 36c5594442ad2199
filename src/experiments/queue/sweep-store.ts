/**
 * Where a queued sweep lives in Redis, three keys per sweep:
 * - `descent:sweep:<id>:meta`: what the coordinator was asked (its flags, as JSON), how many runs each
 *   phase has, and where and when the report was written: enough for `compare --attach <id>` to
 *   rebuild the sweep and for `sweep status <id>` to count.
 * - `descent:sweep:<id>:results`: a hash, field = run id, value = the run's result (every epoch's
 *   metrics) and the worker that computed it, or, with `worker --results <dir>`, only the name of the
 *   file the worker wrote the result to. Writing a field twice (a job retried after its worker
 *   stalled) replaces it with the same numbers: a retried run never counts twice.
 * - `descent:sweep:<id>:progress`: a hash, field = run id, value = the epochs done and the worker, for
 *   the runs in progress (the coordinator's bar and `sweep status`).
 * They expire {@link SWEEP_TTL_SECONDS} after the report is written.
 */
import { randomBytes } from 'node:crypto';
import type { RunResult } from '../compare/types.js';

/** The BullMQ queue every `descent worker` listens on. */
export const QUEUE_NAME = 'descent-compare';

/** The hash of a sweep's results. */
export const resultsKey = (sweepId: string): string => `descent:sweep:${sweepId}:results`;

/** The meta key of a sweep (JSON of {@link SweepMeta}). */
export const metaKey = (sweepId: string): string => `descent:sweep:${sweepId}:meta`;

/** The hash of a sweep's runs in progress (run id → JSON of {@link RunInProgress}). */
export const progressKey = (sweepId: string): string => `descent:sweep:${sweepId}:progress`;

/** Every Redis key of a sweep (BullMQ's own job keys aside: they go by BullMQ's removeOn* options). */
export const sweepKeys = (sweepId: string): string[] => [metaKey(sweepId), resultsKey(sweepId), progressKey(sweepId)];

/**
 * How long a sweep's keys stay in Redis after its report is written: 7 days. Long enough to re-run the
 * report (`compare --attach`) or look at `sweep status` after a weekend; short enough that a Redis
 * used for sweep after sweep does not fill up with results the report folder already holds (about
 * 70 KB per run of 375 epochs: 8 MB for the 120 runs of a tuned 5-optimizer sweep on spirals). A sweep whose report was never written keeps its keys: it can still
 * be attached to.
 */
export const SWEEP_TTL_SECONDS = 7 * 24 * 3600;

/** What the coordinator stores about a sweep. */
export interface SweepMeta {
  /** The compare options as given (flag attribute → value) and which of them came from the command line. */
  options: Record<string, unknown>;
  explicit: string[];
  /** The command line, for the report. */
  command: string;
  /** Runs per phase (`tune`, `final`): the run ids are `<phase>-0` … `<phase>-<n-1>`. */
  phases: Record<string, number>;
  createdAt: string;
  /** Set once the report is written (the keys expire from then on). */
  report?: { out: string; writtenAt: string; expiresInSeconds: number };
}

/** A run in progress, as its worker reports it. */
export interface RunInProgress {
  epoch: number;
  epochs: number;
  worker: string;
}

/** What a worker stores for one run. */
export interface StoredRun {
  /** The result, or null when the run threw (a spec the worker refused, say) or is in {@link file}. */
  result: RunResult | null;
  error: string | null;
  /** `host:pid` of the worker process. */
  worker: string;
  /**
   * With `worker --results <dir>`: the result's file below that shared folder (`<sweep>/<run>.json`,
   * holding this same record with the result), instead of the result itself.
   */
  file?: string;
}

/** The file of a run's result below a `--results` folder. */
export const resultFile = (sweepId: string, runId: string): string => `${sweepId}/${runId}.json`;

/** True for a {@link resultFile} name (what a coordinator accepts from Redis before reading a file). */
export const isResultFile = (name: unknown): name is string => typeof name === 'string' && /^[A-Za-z0-9_-]{1,64}\/[\w-]{1,64}\.json$/.test(name);

/** The job data on the queue: the sweep, the run's id within it, and the run spec (JSON). */
export interface QueueJobData {
  sweepId: string;
  runId: string;
  spec: unknown;
}

// JSON has no NaN or ±Infinity (a diverged run's loss): they travel as tagged strings so a queued
// run's numbers are bit-identical to a local one's.
const TAG = '\u0000num:';

/** JSON with non-finite numbers kept. Finite doubles round-trip exactly through JSON. */
export function encodeStored(run: StoredRun): string {
  return JSON.stringify(run, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${TAG}${String(v)}` : v));
}

/** Inverse of {@link encodeStored}. */
export function decodeStored(text: string): StoredRun {
  return JSON.parse(text, (_, v: unknown) => (typeof v === 'string' && v.startsWith(TAG) ? Number(v.slice(TAG.length)) : v)) as StoredRun;
}

/** A sweep id: letters, digits, `-` and `_` (it is part of Redis keys and BullMQ job ids, which cannot hold `:`). */
export function checkSweepId(id: string, flag: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`${flag}: a sweep id is 1–64 letters, digits, - or _, got '${id}'`);
  return id;
}

/** A fresh sweep id: time and randomness, so two coordinators never share one by accident. */
export function newSweepId(): string {
  return `s${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}
