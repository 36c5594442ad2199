/**
 * Where a queued sweep's results live in Redis: one hash per sweep, `descent:sweep:<id>:results`,
 * field = run id, value = the run's result (every epoch's metrics) and the worker that computed it.
 * Writing a field twice (a job retried after its worker stalled) replaces it with the same numbers:
 * a retried run never counts twice.
 */
import { randomBytes } from 'node:crypto';
import type { RunResult } from '../compare/types.js';

/** The BullMQ queue every `descent worker` listens on. */
export const QUEUE_NAME = 'descent-compare';

/** The hash of a sweep's results. */
export const resultsKey = (sweepId: string): string => `descent:sweep:${sweepId}:results`;

/** What a worker stores for one run. */
export interface StoredRun {
  /** The result, or null when the run threw (a spec the worker refused, say). */
  result: RunResult | null;
  error: string | null;
  /** `host:pid` of the worker process. */
  worker: string;
}

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
