/** A golden file that checks nothing, or cannot be read, is a usage error (exit 2) naming the file. */
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkParity, loadGoldenFile } from '../../src/parity/check.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import { runInProcess, spawnDescent } from '../helpers/cli-run.js';
import { specError } from '../helpers/thrown.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('parity');
function golden(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const check = (path: string, sections: string[] = []): unknown => checkParity(loadGoldenFile(path), sections, path);

describe('parity: a file with no cases is an error, never "0 passed, 0 failed"', () => {
  it('no known section: names the file and the keys it found', () => {
    const path = golden('meta-only.json', '{"schema": 1, "meta": {"torch": "2.3"}}');
    expect(specError(() => check(path)).message).toBe(`parity: ${path} has no cases to check: it has no section ops, optimizers, schedulers, averaging (its keys: schema, meta)`);
    const empty = golden('empty.json', '{}');
    expect(specError(() => check(empty)).message).toBe(`parity: ${empty} has no cases to check: it has no section ops, optimizers, schedulers, averaging (its keys: none)`);
  });

  it('sections without cases: names them', () => {
    const path = golden('no-cases.json', '{"ops": {"cases": []}, "schedulers": {"cases": []}}');
    expect(specError(() => check(path)).message).toBe(`parity: ${path} has no cases to check: its sections 'ops', 'schedulers' hold no cases`);
    expect(specError(() => check(path, ['ops'])).message).toBe(`parity: ${path} has no cases to check in the sections asked for (ops): its sections 'ops', 'schedulers' hold no cases`);
  });

  it('a malformed section is a failed case, not a crash', () => {
    const path = golden('null-ops.json', '{"ops": null, "averaging": 3}');
    const results = check(path) as { ok: boolean; detail: string }[];
    expect(results.map((r) => [r.ok, r.detail])).toEqual([
      [false, 'the ops section has no cases array'],
      [false, "the section has no 'cases' list"],
    ]);
    const nullCase = golden('null-case.json', '{"ops": {"cases": [null]}}');
    expect(check(nullCase)).toEqual([{ section: 'ops', name: 'case 0', ok: false, detail: 'error: the case is not an object' }]);
  });

  it('unreadable, invalid or non-object files and unknown sections are SpecErrors naming the file', () => {
    const missing = join(dir, 'no-such.json');
    expect(specError(() => loadGoldenFile(missing)).message).toBe(`parity: cannot read ${missing}: no such file`);
    expect(specError(() => loadGoldenFile(dir)).message).toBe(`parity: cannot read ${dir}: it is a directory, not a golden JSON file`);
    const bad = golden('bad.json', '{"ops": ');
    expect(specError(() => loadGoldenFile(bad)).message).toMatch(new RegExp(`^parity: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON: `));
    for (const [name, text, found] of [['array.json', '[]', 'an array'], ['null.json', 'null', 'null'], ['number.json', '42', '42']] as const) {
      const path = golden(name, text);
      expect(specError(() => loadGoldenFile(path)).message).toBe(`parity: ${path} is not a golden file: expected a JSON object with sections ops, optimizers, schedulers, averaging, found ${found}`);
    }
    expect(specError(() => checkParity({}, ['ops', 'gradients'])).message).toBe("parity: unknown section 'gradients'; valid sections: ops, optimizers, schedulers, averaging");
  });

  it('the command exits 2 with the message on stderr (and the other cases are usage errors too)', async () => {
    const path = golden('cli-empty.json', '{"meta": {}}');
    const empty = await spawnDescent('parity', path);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain(`parity: ${path} has no cases to check: it has no section ops, optimizers, schedulers, averaging (its keys: meta)`);
    const section = await runInProcess('parity', path, '--section', 'gradients');
    expect(isUsageError(section.error)).toBe(true);
    expect(section.error?.message).toBe("parity: unknown section 'gradients'; valid sections: ops, optimizers, schedulers, averaging");
    const missing = await runInProcess('parity', join(dir, 'missing.json'));
    expect(isUsageError(missing.error)).toBe(true);
    expect(missing.error?.message).toBe(`parity: cannot read ${join(dir, 'missing.json')}: no such file`);
  });
});
