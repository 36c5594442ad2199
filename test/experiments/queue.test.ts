/**
 * Sweeps through BullMQ on a real Redis: a test-owned `redis-server` on 127.0.0.1 at a free port (no
 * persistence), two `descent worker` child processes, and `descent compare --queue` — whose numbers
 * must equal a local run's. Without /usr/bin/redis-server (or the ioredis client BullMQ loads) the
 * service tests are skipped, and say so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { checkRunJob, RunSpecError } from '../../src/experiments/queue/run-job-check.js';
import { parseQueueUrl, redactQueueUrl } from '../../src/experiments/queue/queue-url.js';
import { decodeStored, encodeStored, metaKey, progressKey, QUEUE_NAME, resultsKey, SWEEP_TTL_SECONDS } from '../../src/experiments/queue/sweep-store.js';
import type { RunJob } from '../../src/experiments/compare/types.js';
import { ROOT, runInProcess } from '../helpers/cli-run.js';
import { peerMissing } from '../helpers/peers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { freePort, printed } from '../helpers/processes.js';

const REDIS = '/usr/bin/redis-server';
const hasIoredis = ((): boolean => {
  try {
    createRequire(createRequire(import.meta.url).resolve('bullmq')).resolve('ioredis');
    return true;
  } catch {
    return false;
  }
})();
const skipReason = !existsSync(REDIS) ? `${REDIS} is absent (apt-get install redis-server)` : !hasIoredis ? "the 'ioredis' package BullMQ needs is not installed" : null;

const JOB = {
  task: { dataset: 'moons', model: 'mlp:2-8-2:tanh', loss: 'cross-entropy', epochs: 2, testFraction: 0.2, dataSeed: 0, target: null },
  configuration: { id: 'c1', label: 'sgd', optimizer: 'sgd', hyperParameters: { learningRate: 0.1 }, batchSize: 16, schedule: 'constant', averaging: 'none' },
  seed: 1,
};

describe('queue input', () => {
  it('Redis URLs: host, port, db, password (redacted in messages), TLS', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6380/2', '--queue')).toEqual({ host: '127.0.0.1', port: 6380, db: 2, maxRetriesPerRequest: null });
    expect(parseQueueUrl('rediss://:s%40cret@cache.example:6379', '--queue')).toMatchObject({ host: 'cache.example', password: 's@cret', tls: {} });
    expect(parseQueueUrl('redis://localhost', '--queue')).toMatchObject({ port: 6379, db: 0 });
    expect(() => parseQueueUrl('http://localhost:6379', '--queue')).toThrow("--queue: expected a redis:// or rediss:// URL, got 'http:'");
    expect(() => parseQueueUrl('localhost:6379', '--queue')).toThrow(/expected a redis:\/\/ or rediss:\/\/ URL|expected redis:\/\/host/);
    expect(() => parseQueueUrl('redis://localhost:6379/x', '--queue')).toThrow("--queue: the database must be an integer 0…15, got 'x'");
    expect(redactQueueUrl('redis://user:secret@host:1/0')).toBe('redis://user:***@host:1/0');
  });

  it('a run spec from the queue is checked field by field', () => {
    expect(checkRunJob(JSON.parse(JSON.stringify(JOB)))).toEqual(JOB);
    const bad = (patch: (j: typeof JOB & Record<string, unknown>) => void): string => {
      const j = JSON.parse(JSON.stringify(JOB)) as typeof JOB & Record<string, unknown>;
      patch(j);
      try {
        checkRunJob(j);
      } catch (err) {
        expect(err).toBeInstanceOf(RunSpecError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad((j) => (j.configuration.optimizer = 'rm -rf'))).toMatch(/^run spec: configuration.optimizer must be one of sgd, /);
    expect(bad((j) => (j.task.dataset = 'csv:/etc/passwd'))).toMatch(/task.dataset must be a file below the worker's folder/);
    expect(bad((j) => (j.task.dataset = 'csv:../../secret.csv'))).toMatch(/task.dataset must be a file below/);
    expect(bad((j) => (j.task.epochs = 1e9))).toMatch(/task.epochs must be an integer in \[1, 100000\], got 1000000000/);
    expect(bad((j) => ((j.configuration.hyperParameters as Record<string, unknown>).learningRate = { $gt: 1 }))).toMatch(/hyperParameters.learningRate must be a finite number/);
    expect(bad((j) => ((j.configuration.hyperParameters as Record<string, unknown>)['__proto__x'] = 1))).toMatch(/keyed by camelCase names/);
    expect(bad((j) => (j.seed = -1))).toMatch(/seed must be an integer/);
    expect(() => checkRunJob('{}')).toThrow('run spec: the run spec must be an object, got "{}"');
  });

  it('stored results keep NaN and infinities (bit-identical to a local run)', () => {
    const stored = { result: { configurationId: 'c1', seed: 1, parameters: 3, failure: 'x', points: [{ epoch: 0, updates: 0, seconds: 0, trainLoss: Infinity, validationLoss: NaN, validationError: null, learningRate: 0.1 + 0.2 }] }, error: null, worker: 'h:1' };
    expect(decodeStored(encodeStored(stored))).toEqual(stored);
  });
});

/** Splits a CSV line outside double quotes (the JSON columns hold commas). */
const cells = (line: string): string[] => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, -1).map((c) => c.replace(/,$/, ''));

/** A CSV file's rows without its wall-time columns. */
const withoutSeconds = (file: string): string[] => {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const keep = cells(header!).map((c) => !/seconds/i.test(c));
  return rows.map((r) => cells(r).filter((_, i) => keep[i]).join(','));
};

describe.skipIf(peerMissing('Redis', skipReason))('descent compare --queue with two descent worker processes', () => {
  const tmp = tempDir('queue');
  const children: ChildProcess[] = [];
  let url = '';
  /** Every line the workers printed (`<sweep> <run>: <label>, seed <s>: started|stored`). */
  const workerLog: string[] = [];
  /** A `descent worker` child process; `--stall-ms 2000` so a killed worker's run moves on within seconds. */
  const startWorker = async (...extra: string[]): Promise<ChildProcess> => {
    const w = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queue', url, '--stall-ms', '2000', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(w);
    w.stdout!.on('data', (d: Buffer) => workerLog.push(...d.toString().split('\n').filter((l) => l !== '')));
    await printed(w, 'waiting for runs');
    return w;
  };
  /** Runs `f` with a Redis client of the test's server. */
  const withClient = async <T>(f: (client: Awaited<ReturnType<Queue['getBackend']>['client']>) => Promise<T>): Promise<T> => {
    const queue = new Queue(QUEUE_NAME, { connection: parseQueueUrl(url, 'url') });
    try {
      return await f(await queue.getBackend().client);
    } finally {
      await queue.close();
    }
  };
  /** Seconds to live of a key (-1: none, -2: no key). */
  const ttl = (key: string): Promise<number> => withClient(async (client) => {
    client.defineCommand('testTtl', { numberOfKeys: 1, lua: "return redis.call('TTL', KEYS[1])" });
    return (await client.runCommand('testTtl', [key])) as number;
  });
  const SWEEP = ['--optimizers', 'sgd,adam', '--dataset', 'moons', '--epochs', '3', '--seeds', '1,2', '--tune', 'learningRate=log:1e-2..1,3'];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(redis);
    await printed(redis, 'Ready to accept connections');
    await startWorker();
    await startWorker();
  }, 60_000);

  afterAll(async () => {
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));
    }
  }, 30_000);

  it('gives the numbers of a local run, runs spread over both workers', async () => {
    const queued = join(tmp, 'queued');
    const local = join(tmp, 'local');
    const q = await runInProcess('compare', ...SWEEP, '--queue', url, '--sweep-id', 'test-sweep', '--out', queued);
    expect(q.error).toBeNull();
    const l = await runInProcess('compare', ...SWEEP, '--workers', '1', '--out', local);
    expect(l.error).toBeNull();
    for (const f of ['epochs.csv', 'tuning.csv', 'summary.csv']) expect(withoutSeconds(join(queued, f)), f).toEqual(withoutSeconds(join(local, f)));
    expect(q.stdout).toMatch(/runs: queue redis:\/\/127\.0\.0\.1:\d+, sweep test-sweep \(2 worker process\(es\): /);
    const config = JSON.parse(readFileSync(join(queued, 'config.json'), 'utf8')) as { queue: { sweepId: string } };
    expect(config.queue.sweepId).toBe('test-sweep');
    // Once the report is written the sweep's keys expire (BullMQ's jobs go by its own removeOn* ages).
    for (const key of [metaKey('test-sweep'), resultsKey('test-sweep')]) {
      const left = await ttl(key);
      expect(left, key).toBeGreaterThan(SWEEP_TTL_SECONDS - 120);
      expect(left, key).toBeLessThanOrEqual(SWEEP_TTL_SECONDS);
    }
  }, 120_000);

  it('sweep status: every run finished, per worker, where the report is; an unknown id is a clear error', async () => {
    const s = await runInProcess('sweep', 'status', 'test-sweep', '--queue', url);
    expect(s.error).toBeNull();
    const runs = 2 * 3 * 2 + 2 * 2;
    expect(s.stdout).toContain(`runs: ${runs} finished, 0 failed, 0 running, 0 waiting of ${runs}`);
    expect(s.stdout).toContain('tuning: 12 finished, 0 failed, 0 running, 0 waiting of 12');
    expect(s.stdout).toContain('final: 4 finished, 0 failed, 0 running, 0 waiting of 4');
    const perWorker = [...s.stdout.matchAll(/^ {2}\S+:\d+: (\d+) finished, 0 failed, 0 running$/gm)].map((m) => Number(m[1]));
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(runs);
    expect(s.stdout).toMatch(/report: \S+queued \(written .*; these keys expire 7 days after that\)/);
    const unknown = await runInProcess('sweep', 'status', 'no-such-sweep', '--queue', url);
    expect(unknown.error?.name).toBe('UsageError'); // exit code 2
    expect(unknown.error?.message).toBe("no sweep 'no-such-sweep' in this Redis (a wrong id or --queue, or its keys expired after its report)");
  }, 30_000);

  it('the same sweep id collects the stored runs: each run stored once, the same numbers', async () => {
    const again = join(tmp, 'again');
    const q = await runInProcess('compare', ...SWEEP, '--queue', url, '--sweep-id', 'test-sweep', '--out', again);
    expect(q.error).toBeNull();
    expect(withoutSeconds(join(again, 'epochs.csv'))).toEqual(withoutSeconds(join(tmp, 'queued', 'epochs.csv')));
    const queue = new Queue(QUEUE_NAME, { connection: parseQueueUrl(url, 'url') });
    try {
      const client = await queue.getBackend().client;
      expect(Object.keys(await client.hgetall(resultsKey('test-sweep')))).toHaveLength(2 * 3 * 2 + 2 * 2); // tuning runs + final runs
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('the coordinator killed mid-sweep: --attach <id> alone finishes it, no finished run recomputed, the numbers of a local run', async () => {
    const sweep = ['--optimizers', 'sgd,adam', '--dataset', 'moons', '--epochs', '40', '--seeds', '2', '--tune', 'learningRate=log:1e-2..1,3'];
    const coordinator = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compare', ...sweep, '--queue', url, '--sweep-id', 'attach-sweep', '--out', join(tmp, 'never')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(coordinator);
    // Killed once a few tuning runs are stored and the others are still on the queue.
    let stored = 0;
    for (let i = 0; i < 600 && stored < 3; i++) {
      await sleep(100);
      stored = await withClient(async (client) => Object.keys(await client.hgetall(resultsKey('attach-sweep'))).length);
    }
    coordinator.kill('SIGKILL');
    await new Promise((r) => (coordinator.exitCode !== null || coordinator.signalCode !== null ? r(null) : coordinator.once('exit', r)));
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(12);
    expect(existsSync(join(tmp, 'never'))).toBe(false);

    // Mid-sweep: the status counts what is there; epochs done of the runs in progress come along.
    const status = await runInProcess('sweep', 'status', 'attach-sweep', '--queue', url);
    expect(status.error).toBeNull();
    expect(status.stdout).toMatch(/^runs: \d+ finished, 0 failed, \d+ running, \d+ waiting, 4 not enqueued yet of 16$/m);

    const attached = join(tmp, 'attached');
    const a = await runInProcess('compare', '--attach', 'attach-sweep', '--queue', url, '--out', attached);
    expect(a.error).toBeNull();
    expect(a.stdout).toContain('attaching to sweep attach-sweep, started ');
    const local = join(tmp, 'attach-local');
    expect((await runInProcess('compare', ...sweep, '--workers', '1', '--out', local)).error).toBeNull();
    for (const f of ['epochs.csv', 'tuning.csv', 'summary.csv']) expect(withoutSeconds(join(attached, f)), f).toEqual(withoutSeconds(join(local, f)));
    // Each run was trained once: the runs stored before the kill were collected, not enqueued again.
    const started = workerLog.filter((l) => l.startsWith('attach-sweep ') && l.endsWith(': started')).map((l) => l.split(':')[0]);
    expect(started).toHaveLength(16);
    expect(new Set(started).size).toBe(16);
    // The report's command is the sweep's, and nothing is left in progress.
    expect(readFileSync(join(attached, 'README.md'), 'utf8')).toContain('--seeds 2');
    expect(await withClient((client) => client.hgetall(progressKey('attach-sweep')))).toEqual({});
  }, 180_000);

  it('--attach: flags of the sweep are not given again; an unknown sweep is a usage error', async () => {
    const extra = await runInProcess('compare', '--attach', 'attach-sweep', '--queue', url, '--epochs', '3');
    expect(extra.error?.name).toBe('UsageError'); // exit code 2
    expect(extra.error?.message).toBe("--attach takes the sweep's flags from Redis: give only --queue, --out and --results with it, not --epochs");
    const unknown = await runInProcess('compare', '--attach', 'nope', '--queue', url);
    expect(unknown.error?.name).toBe('UsageError'); // exit code 2
    expect(unknown.error?.message).toMatch(/^--attach: no sweep 'nope' on redis:\/\/127\.0\.0\.1:\d+ \(a wrong id or --queue, or its keys expired 7 days after its report\)$/);
    const other = await runInProcess('compare', '--optimizers', 'sgd', '--dataset', 'moons', '--epochs', '2', '--queue', url, '--sweep-id', 'attach-sweep');
    expect(other.error?.name).toBe('UsageError'); // exit code 2
    expect(other.error?.message).toMatch(/^--sweep-id attach-sweep: that sweep was started with other flags \(descent compare .*\); use a new id, or --attach attach-sweep alone to finish it$/);
  }, 30_000);

  it('a worker killed mid-run: another worker takes its run over, the numbers are unchanged', async () => {
    const doomed = await startWorker();
    const sweep = ['--optimizers', 'sgd,momentum,adam', '--dataset', 'moons', '--epochs', '150', '--seeds', '1,2'];
    const queued = join(tmp, 'killed');
    const running = runInProcess('compare', ...sweep, '--queue', url, '--sweep-id', 'kill-sweep', '--out', queued);
    await printed(doomed, 'started');
    doomed.kill('SIGKILL');
    const q = await running;
    expect(q.error).toBeNull();
    expect(q.stdout).not.toContain(`:${doomed.pid}:`); // no run is credited to the dead worker
    const local = join(tmp, 'killed-local');
    expect((await runInProcess('compare', ...sweep, '--workers', '1', '--out', local)).error).toBeNull();
    expect(withoutSeconds(join(queued, 'epochs.csv'))).toEqual(withoutSeconds(join(local, 'epochs.csv')));
  }, 120_000);

  it('a run a worker refuses comes back as a failed run, shown in the report, not an exception', async () => {
    const { runQueued } = await import('../../src/experiments/queue/queue-coordinator.js');
    const { compareReport } = await import('../../src/experiments/compare/report.js');
    const good = JOB as RunJob;
    const bad = { ...JOB, seed: 2, configuration: { ...JOB.configuration, optimizer: 'nope' } } as unknown as RunJob;
    const { results } = await runQueued([good, bad], { connection: parseQueueUrl(url, 'url'), sweepId: 'mixed', phase: 'final', pollMs: 50 });
    expect(results[0]!.failure).toBeNull();
    expect(results[0]!.points).toHaveLength(3);
    expect(results[1]).toMatchObject({ seed: 2, points: [], failure: expect.stringMatching(/^worker \S+:\d+: run spec: configuration.optimizer must be one of /) as unknown });
    const report = compareReport(good.task, [good.configuration], results, { trainSamples: 1, testSamples: 1, parameters: 1, seeds: [1, 2], execution: 'queue' }, {});
    expect(report.tables[0]!.rows[0]!.at(-1)).toBe('seed 2: failed on a worker');
    expect(report.tables[0]!.notes!.join(' ')).toMatch(/sgd, seed 2: worker .*optimizer must be one of/);
  }, 30_000);

  it('a queued run reports its epochs done while it trains (the coordinator\'s bar), then leaves no progress behind', async () => {
    const { runQueued } = await import('../../src/experiments/queue/queue-coordinator.js');
    const long = { ...JOB, task: { ...JOB.task, epochs: 1500 } } as RunJob;
    const seen: number[] = [];
    const { results } = await runQueued([long], { connection: parseQueueUrl(url, 'url'), sweepId: 'progress', phase: 'final', pollMs: 50, onProgress: (_, epoch) => seen.push(epoch) });
    expect(results[0]!.points).toHaveLength(1501);
    // Reported twice a second by the worker: at the start, then mid-run (about 2 s of training).
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((e) => e > 0 && e < 1500), `epochs seen: ${[...new Set(seen)].join(', ')}`).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await withClient((client) => client.hgetall(progressKey('progress')))).toEqual({});
  }, 60_000);

  it('a bad spec put on the queue by hand is refused, stored with its error, not retried', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: parseQueueUrl(url, 'url') });
    try {
      await queue.add('run', { sweepId: 'evil', runId: 'final-0', spec: { ...JOB, configuration: { ...JOB.configuration, optimizer: 'require("fs")' } } }, { jobId: 'evil_final-0' });
      const client = await queue.getBackend().client;
      let raw: string | null = null;
      for (let i = 0; i < 100 && raw === null; i++) {
        raw = await client.hget(resultsKey('evil'), 'final-0');
        if (raw === null) await sleep(100);
      }
      const stored = decodeStored(raw!);
      expect(stored.result).toBeNull();
      expect(stored.error).toMatch(/^run spec: configuration.optimizer must be one of /);
      const job = await queue.getJob('evil_final-0');
      expect(job?.attemptsMade ?? 1).toBeLessThanOrEqual(1);
    } finally {
      await queue.close();
    }
  }, 30_000);

  it('--results <dir>: workers write result files (Redis keeps their names), the coordinator reads them: the numbers of a local run', async () => {
    // Only workers with --results from here on: the others finish their runs and stop.
    for (const c of children.filter((c) => c.spawnargs.includes('worker') && c.exitCode === null && c.signalCode === null)) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    const results = join(tmp, 'shared-results');
    await startWorker('--results', results);
    await startWorker('--results', results);
    const sweep = ['--optimizers', 'sgd,adam', '--dataset', 'moons', '--epochs', '3', '--seeds', '2'];
    const queued = join(tmp, 'files');
    const q = await runInProcess('compare', ...sweep, '--queue', url, '--sweep-id', 'files-sweep', '--results', results, '--out', queued);
    expect(q.error).toBeNull();
    expect(readdirSync(join(results, 'files-sweep')).sort()).toEqual(['final-0.json', 'final-1.json', 'final-2.json', 'final-3.json']);
    const stored = await withClient((client) => client.hgetall(resultsKey('files-sweep')));
    for (const [runId, raw] of Object.entries(stored)) expect(decodeStored(raw)).toMatchObject({ result: null, error: null, file: `files-sweep/${runId}.json` });
    const local = join(tmp, 'files-local');
    expect((await runInProcess('compare', ...sweep, '--workers', '1', '--out', local)).error).toBeNull();
    expect(withoutSeconds(join(queued, 'epochs.csv'))).toEqual(withoutSeconds(join(local, 'epochs.csv')));
    // A coordinator without --results cannot read them, and says what to give.
    const blind = await runInProcess('compare', ...sweep, '--queue', url, '--sweep-id', 'files-sweep', '--out', join(tmp, 'blind'));
    expect(blind.error?.message).toMatch(/wrote its results to files \(files-sweep\/final-0\.json\) below its --results folder: give the coordinator --results <the same shared folder>$/);
  }, 120_000);
});
