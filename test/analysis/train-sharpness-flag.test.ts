/** `descent train --sharpness-every <n>`: the measurements reach run.jsonl, the key config.json. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/main.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import type { SharpnessRecord } from '../../src/index.js';

async function descent(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const original = console.log;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...parts: unknown[]) => void lines.push(parts.join(' '));
  process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk).trimEnd()), true)) as typeof process.stdout.write;
  try {
    await buildProgram().parseAsync(['node', 'descent', ...args]);
  } finally {
    console.log = original;
    process.stdout.write = write;
  }
  return lines;
}

const small = ['--dataset', 'moons', '--model', 'mlp:2-16-2:tanh', '--epochs', '2', '--batch-size', '64', '--optimizer', 'sgd', '--learning-rate', '0.2', '--schedule', 'constant'];

type Row = { epoch: number; updates: number; sharpness?: SharpnessRecord[] };
const readLog = (dir: string): Row[] => readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

describe('descent train --sharpness-every', () => {
  it('writes { update, sharpness, twoOverLr } every n updates (across epochs) into run.jsonl, and sharpnessEvery into config.json', async () => {
    const base = mkdtempSync(join(tmpdir(), 'descent-sharpness-'));
    await descent(['train', ...small, '--sharpness-every', '2', '--out', join(base, 'with')]);
    await descent(['train', ...small, '--out', join(base, 'without')]);
    const rows = readLog(join(base, 'with'));
    const updates = rows.at(-1)!.updates;
    expect(updates).toBeGreaterThanOrEqual(6);
    const all = rows.flatMap((r) => r.sharpness!);
    expect(all.map((s) => s.update)).toEqual(Array.from({ length: Math.floor(updates / 2) }, (_, i) => 2 * (i + 1)));
    for (const s of all) {
      expect(s.twoOverLr).toBeCloseTo(10, 12);
      expect(s.sharpness).toBeGreaterThan(0);
      expect(Number.isFinite(s.sharpness)).toBe(true);
    }
    // Each row holds its own epoch's measurements.
    rows.forEach((r, i) => r.sharpness!.forEach((s) => expect(s.update).toBeGreaterThan(i === 0 ? 0 : rows[i - 1]!.updates)));
    expect(JSON.parse(readFileSync(join(base, 'with', 'config.json'), 'utf8')).sharpnessEvery).toBe(2);
    // Without the flag: no sharpness key, the same training numbers.
    const plain = readLog(join(base, 'without'));
    expect(plain.every((r) => !('sharpness' in r))).toBe(true);
    expect(JSON.parse(readFileSync(join(base, 'without', 'config.json'), 'utf8')).sharpnessEvery).toBeNull();
    const losses = (rs: Row[]) => rs.map((r) => (r as unknown as { trainLoss: number }).trainLoss);
    expect(losses(rows)).toEqual(losses(plain));
  }, 60_000);

  it('resumes a run whose config.json predates the key (older run folders stay readable)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'descent-sharpness-old-'));
    const out = join(base, 'run');
    await descent(['train', ...small, '--epochs', '1', '--out', out]);
    const configPath = join(out, 'config.json');
    const { sharpnessEvery: _dropped, ...old } = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...old, epochs: 2 }));
    await descent(['train', '--resume', out]);
    expect(readLog(out).map((r) => r.epoch)).toEqual([1, 2]);
  }, 60_000);

  it('rejects a bad value, naming the flag', async () => {
    for (const bad of ['0', '2.5', 'often']) {
      const error = await descent(['train', ...small, '--sharpness-every', bad, '--out', join(tmpdir(), 'never')]).catch((e: unknown) => e);
      expect(isUsageError(error), bad).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(`--sharpness-every: expected an integer >= 1, updates between measurements \\(or null: no sharpness\\), got '${bad}'`));
    }
  });
});
