/**
 * `idx:<dir>` with labels other than the ten digits: EMNIST letters are labelled 1 to 26, and the CLI
 * refused them ("label 11 of sample 0 is out of range 0..9") because it assumed ten classes (audit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';
import { idxBytes } from '../data/idx-helpers.js';

describe('idx: datasets whose labels are not the ten digits', () => {
  it('trains on EMNIST-letters-like labels 1 to 26 with a 27-output model, and eval reads them back', async () => {
    const dir = join(tempDir('idx-letters'), 'data');
    mkdirSync(dir, { recursive: true });
    const n = 104;
    const side = 8;
    writeFileSync(join(dir, 'emnist-letters-train-images-idx3-ubyte'), idxBytes('uint8', [n, side, side], Array.from({ length: n * side * side }, (_, i) => (i * 53) % 256)));
    writeFileSync(join(dir, 'emnist-letters-train-labels-idx1-ubyte'), idxBytes('uint8', [n], Array.from({ length: n }, (_, i) => 1 + (i % 26))));
    const out = join(dir, '..', 'run');
    const train = await runCliInProcess('train', '--dataset', `idx:${dir}`, '--backend', 'js', '--epochs', '1', '--batch-size', '16', '--out', out);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toContain('model mlp:64-256-128-27:relu'); // labels 0..26: 27 outputs
    const evaluated = await runCliInProcess('eval', out);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/^loss \d+\.\d{4} {2}error \d+\.\d\d% {2}accuracy \d+\.\d\d%$/m);
    // A ten-output run evaluated on these files: label 10 is refused as the data is read, by name.
    const digits = join(dir, '..', 'digits');
    const ten = await runCliInProcess('train', '--dataset', 'moons', '--model', 'mlp:2-4-10:relu', '--backend', 'js', '--epochs', '1', '--out', digits);
    expect(ten.code, ten.stderr).toBe(0);
    const mismatched = await runCliInProcess('eval', digits, '--dataset', `idx:${dir}`);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toMatch(/label 10 of sample 9 is out of range 0\.\.9/);
  }, 60_000);
});
