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

/** An IDX folder of `n` images of side × side pixels (or height × width), two classes. */
function idxFolder(side: number, n = 40, width = side): string {
  const dir = join(tempDir(`idx-augment-${side}x${width}`), 'data');
  mkdirSync(dir, { recursive: true });
  writeIdxTrainPair(dir, n, side, width);
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

  it('a 14x56 image (784 pixels) is not a digit: auto leaves it alone; shift:2 shifts any image at its own size', async () => {
    const wide = idxFolder(14, 40, 56);
    const auto = await runCliInProcess('train', '--dataset', `idx:${wide}`, '--backend', 'js', '--epochs', '1', '--batch-size', '20', '--out', join(wide, '..', 'auto'));
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stdout.split('\n')[0]).not.toContain('augmentation');
    // Refused before ("shifts 28x28 images, but each sample … is [1024]"): now shifted as 32x32.
    const square = idxFolder(32);
    const shifted = await runCliInProcess('train', '--dataset', `idx:${square}`, '--augment', 'shift:2', '--backend', 'js', '--epochs', '1', '--batch-size', '20', '--out', join(square, '..', 'shifted'));
    expect(shifted.code, shifted.stderr).toBe(0);
    expect(shifted.stdout.split('\n')[0]).toContain('augmentation shift:2');
  }, 60_000);
});
