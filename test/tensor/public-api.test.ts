import { describe, it, expect } from 'vitest';
import * as core from '../ops/core.js';
import * as publicApi from '../../src/index.js';

describe('the public entry point', () => {
  it('exports every core function and class the core tests use, as the same objects', () => {
    const names = Object.keys(core);
    expect(names.length).toBeGreaterThan(90);
    const missing = names.filter((n) => !(n in publicApi));
    expect(missing).toEqual([]);
    const different = names.filter((n) => (publicApi as Record<string, unknown>)[n] !== (core as Record<string, unknown>)[n]);
    expect(different).toEqual([]);
  });
});
