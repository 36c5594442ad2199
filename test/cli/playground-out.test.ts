import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePlaygroundFiles } from '../../src/cli/commands/playground.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A stand-in for the built page (dist/web): the files writePlaygroundFiles copies. */
function fakePage(version: string): string {
  const root = tempDir('playground-page');
  writeFileSync(join(root, 'index.html'), `<html>${version}</html>`);
  writeFileSync(join(root, 'app.js'), `// ${version}`);
  return root;
}

describe('descent playground --out: the same rule as train --out', () => {
  it('writes into a new folder and into an empty one', () => {
    const base = tempDir('playground-out');
    const page = fakePage('v1');
    writePlaygroundFiles(join(base, 'new', 'site'), page);
    expect(readdirSync(join(base, 'new', 'site')).sort()).toEqual(['_headers', 'app.js', 'index.html']);
    mkdirSync(join(base, 'empty'));
    expect(writePlaygroundFiles(join(base, 'empty'), page)).toHaveLength(3);
  });

  it('refuses a folder holding other files, and changes nothing in it', () => {
    const out = tempDir('playground-out');
    writeFileSync(join(out, 'index.html'), 'my own page');
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    expect(() => writePlaygroundFiles(out, fakePage('v1'))).toThrow(`--out ${out} holds files that are not the playground's (notes.txt); choose a new or empty folder, or one the playground was written into before`);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('my own page');
    expect(readdirSync(out).sort()).toEqual(['index.html', 'notes.txt']);
  });

  it('refuses a file', () => {
    const file = join(tempDir('playground-out'), 'site');
    writeFileSync(file, 'x');
    expect(() => writePlaygroundFiles(file, fakePage('v1'))).toThrow(`--out ${file} is a file, not a folder`);
  });

  it('replaces the files of a playground written there before (an upgrade), leaving no temporary files', () => {
    const out = tempDir('playground-out');
    writePlaygroundFiles(out, fakePage('v1'));
    // A write killed mid-way left a temporary file: still the playground's own.
    writeFileSync(join(out, '.app.js.999999.tmp'), 'partial');
    writePlaygroundFiles(out, fakePage('v2'));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<html>v2</html>');
    expect(readFileSync(join(out, 'app.js'), 'utf8')).toBe('// v2');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp') && !n.includes('999999'))).toEqual([]);
    expect(existsSync(join(out, '_headers'))).toBe(true);
  });
});
