import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../examples/pytorch-interchange.js';
import { loadSafetensors } from '../../src/index.js';

describe('examples/pytorch-interchange.ts', () => {
  it('trains, writes weights and optimizer state under PyTorch\'s names, prints the module, reads the weights back', async () => {
    const lines: string[] = [];
    const r = await main((line) => lines.push(line));
    expect(r.accuracy).toBeGreaterThan(0.9);
    expect(r.samePredictions).toBe(true);
    expect(r.source.split('\n')[2]).toBe('    torch.nn.BatchNorm1d(32),');
    expect(existsSync(join(r.dir, 'model.safetensors'))).toBe(true);
    const state = await loadSafetensors(join(r.dir, 'optimizer.safetensors'));
    expect(state.metadata?.['optimizer']).toBe('Adam');
    expect(Object.keys(state.tensors)).toContain('state.0.exp_avg');
    expect(lines.at(-1)).toBe('read back: the same predictions');
  }, 60_000);
});
