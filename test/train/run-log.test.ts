import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunLog } from '../../src/train/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const row = (epoch: number, extra: Record<string, unknown> = {}) => ({ epoch, trainLoss: 1 / epoch, ...extra });
const lines = (path: string) => readFileSync(path, 'utf8');

describe('RunLog', () => {
  it('appends one JSON line per record and reads them back', async () => {
    const path = join(tempDir('runlog'), 'run.jsonl');
    const log = new RunLog(path);
    expect(await log.read()).toEqual([]);
    await log.append(row(1));
    await log.append(row(2));
    expect(lines(path)).toBe(`${JSON.stringify(row(1))}\n${JSON.stringify(row(2))}\n`);
    expect(await log.read()).toEqual([row(1), row(2)]);
  });

  it('truncateTo keeps exactly epochs 1..N: later rows and a torn last line go', async () => {
    const path = join(tempDir('runlog'), 'run.jsonl');
    const log = new RunLog(path);
    for (let e = 1; e <= 4; e++) await log.append(row(e));
    appendFileSync(path, '{"epoch": 5, "trainLo');
    expect((await log.read()).map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect((await log.truncateTo(2)).map((r) => r.epoch)).toEqual([1, 2]);
    expect(lines(path)).toBe(`${JSON.stringify(row(1))}\n${JSON.stringify(row(2))}\n`);
    await log.append(row(3, { again: true }));
    expect(await log.read()).toEqual([row(1), row(2), row(3, { again: true })]);
  });

  it('an epoch logged twice (a kill after the row, before the checkpoint, then a resume) keeps the later row', async () => {
    const path = join(tempDir('runlog'), 'run.jsonl');
    const log = new RunLog(path);
    for (const r of [row(1), row(2), row(3, { first: true }), row(3, { second: true }), row(4)]) await log.append(r);
    expect(await log.truncateTo(3)).toEqual([row(1), row(2), row(3, { second: true })]);
  });

  it('rewrites nothing when the log already holds exactly epochs 1..N', async () => {
    const path = join(tempDir('runlog'), 'run.jsonl');
    const log = new RunLog(path);
    await log.append(row(1));
    const before = statSync(path);
    await log.truncateTo(1);
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('a missing row is an error naming the epoch, unless the checkpoint history supplies it', async () => {
    const path = join(tempDir('runlog'), 'run.jsonl');
    const log = new RunLog(path);
    await log.append(row(1));
    await log.append(row(3));
    await expect(log.truncateTo(3)).rejects.toThrow(/no row for epoch 2 \(the checkpoint is at epoch 3\)/);
    expect(await log.truncateTo(3, { history: [row(1, { h: 1 }), row(2, { h: 1 }), row(3, { h: 1 })] })).toEqual([row(1), row(2, { h: 1 }), row(3)]);
  });

  it('a damaged line in the middle is an error naming the line; bad epochs are refused', async () => {
    const dir = tempDir('runlog');
    writeFileSync(join(dir, 'a.jsonl'), '{"epoch":1}\nnot json\n{"epoch":2}\n');
    await expect(new RunLog(join(dir, 'a.jsonl')).read()).rejects.toThrow(/a\.jsonl:2: not a JSON line/);
    writeFileSync(join(dir, 'b.jsonl'), '{"epoch":"1"}\n');
    await expect(new RunLog(join(dir, 'b.jsonl')).read()).rejects.toThrow(/b\.jsonl:1: expected a JSON object with an integer "epoch"/);
    await expect(new RunLog(join(dir, 'c.jsonl')).truncateTo(-1)).rejects.toThrow(/non-negative integer/);
  });

  it('a kill at any byte of the row-then-checkpoint protocol leaves exactly epochs 1..N after resume (property)', async () => {
    // The protocol per epoch e: append row e (fsynced), then write checkpoint e. A kill leaves the log
    // cut at any byte and the checkpoint at epoch e - 1 (killed before it) or e (after it).
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.nat(), fc.integer({ min: 6, max: 8 }), async (killedIn, checkpointDone, cut, total) => {
        const path = join(tempDir('runlog-kill'), 'run.jsonl');
        const log = new RunLog(path);
        for (let e = 1; e < killedIn; e++) await log.append(row(e));
        const whole = `${JSON.stringify(row(killedIn))}\n`;
        // The kill cut the row (if the checkpoint was not written, any prefix; if it was, the row was complete).
        appendFileSync(path, checkpointDone ? whole : whole.slice(0, cut % (whole.length + 1)));
        const checkpointEpoch = checkpointDone ? killedIn : killedIn - 1;
        await log.truncateTo(checkpointEpoch);
        for (let e = checkpointEpoch + 1; e <= total; e++) await log.append(row(e));
        expect((await log.read()).map((r) => r.epoch)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      }),
      { numRuns: 60, seed: 9 },
    );
  });
});
