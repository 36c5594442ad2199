import { describe, it, expect, vi } from 'vitest';
import * as fsp from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../../src/io/index.js';
import { tempDir } from '../helpers/temp-dir.js';

// Failures are injected into the file system calls atomicWriteFile makes.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename), open: vi.fn(actual.open) };
});

describe('atomicWriteFile with injected failures', () => {
  it('a failure just before the rename leaves the previous file intact and removes the temporary file', async () => {
    const dir = tempDir('atomic');
    const path = join(dir, 'checkpoint.json');
    await atomicWriteFile(path, '{"epoch":1}');
    vi.mocked(fsp.rename).mockRejectedValueOnce(new Error('injected crash before rename'));
    await expect(atomicWriteFile(path, '{"epoch":2, "this": "never lands"}')).rejects.toThrow('injected crash before rename');
    expect(readFileSync(path, 'utf8')).toBe('{"epoch":1}');
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  it('a failed write (disk full) leaves the previous file intact', async () => {
    const dir = tempDir('atomic');
    const path = join(dir, 'weights.safetensors');
    await atomicWriteFile(path, 'old');
    const realOpen = (await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')).open;
    vi.mocked(fsp.open).mockImplementationOnce(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const writeFile = handle.writeFile.bind(handle);
      handle.writeFile = async (data: Parameters<typeof writeFile>[0]) => {
        await writeFile(typeof data === 'string' ? data.slice(0, 2) : data);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
      return handle;
    });
    await expect(atomicWriteFile(path, 'new contents')).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['weights.safetensors']);
  });
});
