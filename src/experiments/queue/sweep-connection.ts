/**
 * One short-lived connection to the sweep queue for the coordinator's and `sweep status`' reads and
 * writes: a BullMQ queue (for its jobs) and its Redis client (for the sweep's own keys).
 */
import { Queue, type RedisClient } from 'bullmq';
import type { QueueConnection } from './queue-url.js';
import { QUEUE_NAME, SWEEP_TTL_SECONDS, sweepKeys, type QueueJobData } from './sweep-store.js';

/** Redis cannot be reached, or BullMQ cannot load its Redis client: the caller's setup, not a bug. */
export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
}

/** The queue and its client, open for the duration of a {@link withSweepQueue} callback. */
export interface SweepQueue {
  queue: Queue<QueueJobData>;
  client: RedisClient;
}

const TTL_COMMAND = 'descentSweepTtl';

/**
 * Opens the queue, runs `f`, closes the queue. An unreachable Redis fails with
 * {@link QueueUnreachableError} at once (the client would otherwise retry forever); later connection
 * errors are retried by the client (the commands wait for it).
 *
 * @example
 * const fields = await withSweepQueue(connection, ({ client }) => client.hgetall(resultsKey(id)));
 */
export async function withSweepQueue<T>(connection: QueueConnection, f: (q: SweepQueue) => Promise<T>): Promise<T> {
  const where = `${connection.host}:${connection.port}`;
  let queue: Queue<QueueJobData>;
  try {
    queue = new Queue<QueueJobData>(QUEUE_NAME, { connection });
  } catch (err) {
    throw new QueueUnreachableError(`cannot use the queue at ${where}: ${(err as Error).message}`);
  }
  try {
    const client = await new Promise<RedisClient>((resolve, reject) => {
      const onError = (err: Error): void => reject(new QueueUnreachableError(`cannot use Redis at ${where}: ${err.message}`));
      queue.once('error', onError);
      queue.getBackend().client.then((c) => c.get('descent:ping').then(() => {
        queue.off('error', onError);
        queue.on('error', () => undefined);
        resolve(c);
      }), reject);
    });
    return await f({ queue, client });
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/**
 * Gives every key of the sweep a time to live, or with `seconds` null takes it away (a sweep run
 * again after its report). The client interface BullMQ exposes has no EXPIRE: a one-line script.
 */
export async function setSweepTtl(client: RedisClient, sweepId: string, seconds: number | null = SWEEP_TTL_SECONDS): Promise<void> {
  const keys = sweepKeys(sweepId);
  client.defineCommand(TTL_COMMAND, {
    numberOfKeys: keys.length,
    lua: "for _, k in ipairs(KEYS) do if ARGV[1] == 'persist' then redis.call('PERSIST', k) else redis.call('EXPIRE', k, ARGV[1]) end end return 1",
  });
  await client.runCommand(TTL_COMMAND, [...keys, seconds === null ? 'persist' : seconds]);
}
