/**
 * The queue's modules are loaded on first use, and BullMQ with them: it is an optional peer
 * dependency (with ioredis, 7 packages and 8 MB that a user who never runs `--queue` need not
 * install). Without it, a command that needs the queue says what to install instead of printing
 * Node's "Cannot find package 'bullmq'" with a stack.
 */
import { UsageError } from './usage-error.js';

/** The BullMQ range descent is tested with (package.json's peerDependencies say the same). */
export const BULLMQ_RANGE = '^6.7.0';

/**
 * Runs `load` (a dynamic import of a module under src/experiments/queue) and turns a missing BullMQ
 * into a usage error naming the package to install.
 *
 * @example
 * const { serveQueue } = await loadQueueModule(() => import('../../experiments/queue/queue-worker.js'));
 */
export async function loadQueueModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (missingPackage(err, 'bullmq') || missingPackage(err, 'ioredis')) {
      throw new UsageError(`--queue needs BullMQ, an optional peer dependency of descent that is not installed here: npm install bullmq@'${BULLMQ_RANGE}'`, { cause: err });
    }
    throw err;
  }
}

function missingPackage(err: unknown, name: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && new RegExp(`['"]${name}['"]`).test(message);
}
