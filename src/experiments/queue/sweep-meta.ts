/**
 * The sweep's own record in Redis ({@link SweepMeta}): written when the coordinator starts, read by
 * `compare --attach` and `sweep status`, stamped with the report's folder when the report is written
 * (and from then on, the sweep's keys expire).
 */
import type { RedisClient } from 'bullmq';
import { setSweepTtl } from './sweep-connection.js';
import { metaKey, SWEEP_TTL_SECONDS, type SweepMeta } from './sweep-store.js';

/** The sweep's record, or null when Redis has none (an unknown id, or one whose keys expired). */
export async function loadSweepMeta(client: RedisClient, sweepId: string): Promise<SweepMeta | null> {
  const raw = await client.get(metaKey(sweepId));
  return raw === null ? null : (JSON.parse(raw) as SweepMeta);
}

/**
 * Writes the sweep's record (replacing an earlier one of the same id), and keeps the sweep's keys
 * until its report is written (a sweep run again after its report had them expiring).
 */
export async function saveSweepMeta(client: RedisClient, sweepId: string, meta: SweepMeta): Promise<void> {
  await client.set(metaKey(sweepId), JSON.stringify(meta));
  await setSweepTtl(client, sweepId, null);
}

/**
 * Records where the report went and gives the sweep's keys their time to live: the report folder
 * holds every number from now on, and Redis should not fill up sweep after sweep.
 */
export async function markReported(client: RedisClient, sweepId: string, out: string, seconds = SWEEP_TTL_SECONDS): Promise<void> {
  const meta = await loadSweepMeta(client, sweepId);
  if (meta) await saveSweepMeta(client, sweepId, { ...meta, report: { out, writtenAt: new Date().toISOString(), expiresInSeconds: seconds } });
  await setSweepTtl(client, sweepId, seconds);
}
