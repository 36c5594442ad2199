/**
 * `descent sweep status <id> --queue redis://…`: how far a sweep started by `descent compare --queue`
 * has got (runs finished, failed, running, waiting; per worker), read from Redis.
 */
import { Command } from 'commander';
import { parseQueueUrl } from '../../experiments/queue/queue-url.js';
import { checkSweepId } from '../../experiments/queue/sweep-store.js';
import { asUsageSync, UsageError } from '../usage-error.js';
import { loadQueueModule } from '../queue-package.js';

/** `descent sweep`. */
export function registerSweepCommand(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('look at sweeps run through `descent compare --queue`');
  sweep
    .command('status')
    .description('runs of a queued sweep: finished, failed, running (with epochs done), waiting, and per worker')
    .argument('<id>', 'the sweep id (`descent compare --queue` prints it)')
    .option('--queue <url>', 'redis://[user:password@]host:port[/db] or rediss://… (the sweep\'s)')
    .action(async (id: string, opts: { queue?: string }) => {
      const queue = opts.queue;
      if (queue === undefined) throw new UsageError('--queue: required (e.g. --queue redis://127.0.0.1:6379)');
      const connection = asUsageSync(undefined, () => parseQueueUrl(queue, '--queue'));
      const sweepId = asUsageSync(undefined, () => checkSweepId(id, 'sweep id'));
      // BullMQ (and the Redis client it loads) only for this command.
      const { formatSweepStatus, sweepStatus, UnknownSweepError } = await loadQueueModule(() => import('../../experiments/queue/sweep-status.js'));
      try {
        for (const line of formatSweepStatus(await sweepStatus(connection, sweepId))) console.log(line);
      } catch (err) {
        if (err instanceof UnknownSweepError) throw new UsageError(err.message);
        throw err;
      }
    });
}
