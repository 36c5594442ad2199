import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFile } from '../../src/io/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('./fixtures/atomic-writer.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the writer child, waits for its first complete save, then SIGKILLs it while a later save is in progress. */
async function killDuringSave(target: string, mib: number): Promise<{ tornTemp: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, target, String(mib)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const dir = join(target, '..');
  const deadline = Date.now() + 30_000;
  let killedMidWrite = false;
  while (Date.now() < deadline) {
    if (out.includes('wrote 1\n') && readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
      child.kill('SIGKILL');
      killedMidWrite = true;
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  if (!killedMidWrite) child.kill('SIGKILL');
  await exited;
  // A leftover, short temporary file proves the kill landed mid-write: what a plain writeFile would
  // have left in place of the checkpoint.
  const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  return { tornTemp: killedMidWrite && temps.some((f) => statSync(join(dir, f)).size < mib * 2 ** 20) };
}

describe('atomicWriteFile', () => {
  it('writes, and replaces an existing file', async () => {
    const dir = tempDir('atomic');
    const path = join(dir, 'state.json');
    await atomicWriteFile(path, '{"epoch":1}');
    await atomicWriteFile(path, new TextEncoder().encode('{"epoch":2}'));
    expect(readFileSync(path, 'utf8')).toBe('{"epoch":2}');
    expect(readdirSync(dir)).toEqual(['state.json']); // no temporary files left
  });

  it('fails cleanly when the directory does not exist', async () => {
    const dir = tempDir('atomic');
    await expect(atomicWriteFile(join(dir, 'missing', 'x.bin'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('a process killed in the middle of a save leaves the previous file intact', async () => {
    const mib = 48;
    for (let attempt = 0; attempt < 5; attempt++) {
      const dir = tempDir('atomic');
      const target = join(dir, 'weights.bin');
      const { tornTemp } = await killDuringSave(target, mib);
      // Whatever the timing, the target is one complete version: full length, every byte the same.
      expect(statSync(target).size).toBe(mib * 2 ** 20);
      const bytes = readFileSync(target);
      const version = bytes[0]!;
      expect(version).toBeGreaterThanOrEqual(1);
      expect(bytes.every((b) => b === version)).toBe(true);
      if (tornTemp) return; // the interesting case happened and the file survived it
    }
    throw new Error('could not kill the writer in the middle of a save in 5 attempts');
  });
});
