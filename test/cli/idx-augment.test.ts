/**
 * `--augment auto` on IDX data: 28x28 digits are shifted, other images are left alone — 32x32
 * images were refused for an "--augment shift:2" the user never gave (audit).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeIdxTrainPair } from '../data/idx-helpers.js';

/** An IDX folder of `n` images of side × side pixels, two classes. */
function idxFolder(side: number, n = 40): string {
  const dir = join(tempDir(`idx-augment-${side}`), 'data');
  mkdirSync(dir, { recursive: true });
  writeIdxTrainPair(dir, n, side);
  return dir;
}

describe('--augment auto on IDX data', () => {
  it('trains 32x32 images without shifting them, and shifts 28x28 ones', async () => {
    for (const [side, expected] of [[32, 'none'], [28, 'shift:2']] as const) {
      const dir = idxFolder(side);
      const out = join(dir, '..', 'run');
      const r = await runCliInProcess('train', '--dataset', `idx:${dir}`, '--backend', 'js', '--epochs', '1', '--batch-size', '20', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { augment: string };
      const banner = r.stdout.split('\n')[0]!;
      expect(config.augment).toBe('auto');
      if (expected === 'none') expect(banner).not.toContain('augmentation');
      else expect(banner).toContain('augmentation shift:2');
    }
  }, 60_000);
});
