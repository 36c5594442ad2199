/**
 * `descent sweep status <id>`: how far a queued sweep has got, from its keys in Redis and its jobs
 * on the queue, without touching either.
 */
import type { QueueConnection } from './queue-url.js';
import { withSweepQueue } from './sweep-connection.js';
import { loadSweepMeta } from './sweep-meta.js';
import { decodeStored, progressKey, resultsKey, type RunInProgress, type SweepMeta } from './sweep-store.js';

/** A sweep id Redis knows nothing about (a wrong id or URL, or keys expired after the report). */
export class UnknownSweepError extends Error {
  override name = 'UnknownSweepError';
}

/** Runs of a phase (`tune`, `final`) or of the whole sweep, by state. */
export interface RunCounts {
  total: number;
  /** Stored with a result (a diverged run included: it has its numbers). */
  finished: number;
  /** Stored with an error (a spec a worker refused, a run that threw), or given up on by BullMQ. */
  failed: number;
  /** Taken by a worker, not stored yet. */
  running: number;
  /** On the queue, not taken yet. */
  waiting: number;
  /** Not on the queue yet: the final runs before tuning ends (or a coordinator that stopped before enqueueing them). */
  notEnqueued: number;
}

/** What {@link sweepStatus} finds. */
export interface SweepStatus {
  sweepId: string;
  meta: SweepMeta;
  phases: Record<string, RunCounts>;
  all: RunCounts;
  /** Runs stored per worker (`host:pid`). */
  workers: Record<string, { finished: number; failed: number; running: number }>;
  /** The runs in progress and their epochs done. */
  running: Array<{ runId: string } & RunInProgress>;
}

const zero = (total: number): RunCounts => ({ total, finished: 0, failed: 0, running: 0, waiting: 0, notEnqueued: 0 });

/**
 * Counts a sweep's runs by state. Throws {@link UnknownSweepError} when Redis has no record of it.
 *
 * @example
 * const status = await sweepStatus(parseQueueUrl('redis://127.0.0.1:6379', '--queue'), 's20261202-ab12cd');
 */
export function sweepStatus(connection: QueueConnection, sweepId: string): Promise<SweepStatus> {
  return withSweepQueue(connection, async ({ queue, client }) => {
    const meta = await loadSweepMeta(client, sweepId);
    if (meta === null) throw new UnknownSweepError(`no sweep '${sweepId}' in this Redis (a wrong id or --queue, or its keys expired after its report)`);
    const stored = await client.hgetall(resultsKey(sweepId));
    const progress = await client.hgetall(progressKey(sweepId));
    const workers: SweepStatus['workers'] = {};
    const worker = (name: string): SweepStatus['workers'][string] => (workers[name] ??= { finished: 0, failed: 0, running: 0 });
    const phases: Record<string, RunCounts> = {};
    const all = zero(0);
    const running: SweepStatus['running'] = [];
    for (const [phase, total] of Object.entries(meta.phases)) {
      const counts = (phases[phase] = zero(total));
      all.total += total;
      for (let i = 0; i < total; i++) {
        const runId = `${phase}-${i}`;
        const raw = stored[runId];
        let state: 'finished' | 'failed' | 'running' | 'waiting' | 'notEnqueued';
        if (raw !== undefined) {
          const run = decodeStored(raw);
          state = run.error === null ? 'finished' : 'failed';
          worker(run.worker)[state]++;
        } else {
          const job = await queue.getJobState(`${sweepId}_${runId}`);
          state = job === 'active' ? 'running' : job === 'failed' ? 'failed' : job === 'unknown' || job === 'completed' ? 'notEnqueued' : 'waiting';
          if (job === 'active' && progress[runId] !== undefined) {
            const p = JSON.parse(progress[runId]) as RunInProgress;
            worker(p.worker).running++;
            running.push({ runId, ...p });
          }
        }
        counts[state]++;
        all[state]++;
      }
    }
    return { sweepId, meta, phases, all, workers, running };
  });
}

/** The status as lines of text (what `descent sweep status` prints). */
export function formatSweepStatus(s: SweepStatus): string[] {
  const counts = (c: RunCounts): string => [
    `${c.finished} finished`, `${c.failed} failed`, `${c.running} running`, `${c.waiting} waiting`,
    ...(c.notEnqueued > 0 ? [`${c.notEnqueued} not enqueued yet`] : []),
  ].join(', ') + ` of ${c.total}`;
  const lines = [`sweep ${s.sweepId}, started ${s.meta.createdAt}: ${s.meta.command}`, `runs: ${counts(s.all)}`];
  for (const [phase, c] of Object.entries(s.phases)) lines.push(`  ${phase === 'tune' ? 'tuning' : phase}: ${counts(c)}`);
  const names = Object.keys(s.workers).sort();
  lines.push(names.length === 0 ? 'workers: none has stored a run yet' : 'workers:');
  for (const name of names) {
    const w = s.workers[name]!;
    lines.push(`  ${name}: ${w.finished} finished, ${w.failed} failed, ${w.running} running`);
  }
  for (const r of s.running) lines.push(`  ${r.runId} on ${r.worker}: epoch ${r.epoch}/${r.epochs}`);
  const done = s.all.finished + s.all.failed === s.all.total;
  if (s.meta.report) lines.push(`report: ${s.meta.report.out} (written ${s.meta.report.writtenAt}; these keys expire ${Math.round(s.meta.report.expiresInSeconds / 86_400)} days after that)`);
  else if (done) lines.push(`every run is stored, no report yet: descent compare --attach ${s.sweepId} --queue <url> writes it`);
  else if (s.all.notEnqueued > 0) lines.push(`if its coordinator stopped: descent compare --attach ${s.sweepId} --queue <url>`);
  return lines;
}
