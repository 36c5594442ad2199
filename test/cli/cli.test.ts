/** The `descent` command line: help, version, usage errors (exit 2) and the parity command. */
import { afterAll, describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { VERSION } from '../../src/index.js';
import { removeBundledCli, runDescent } from '../helpers/bundled-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

afterAll(() => removeBundledCli());

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GOLDEN = join(ROOT, '..', 'shared', 'golden', 'public.json');
const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `descent ...args` as a process (the bundled CLI: see bundled-cli.ts). */
async function descent(...args: string[]): Promise<Run> {
  const run = await runDescent(args);
  const { code, stdout, stderr } = await run.done;
  return { code, stdout, stderr };
}

/** Parses argv in process, capturing what commander prints; returns the CommanderError it throws. */
async function parseInProcess(...args: string[]): Promise<{ out: string; err: string; error: CommanderError | undefined }> {
  let out = '';
  let err = '';
  const program = buildProgram();
  // Subcommands copy the output settings when created, so configure each of them too.
  for (const cmd of [program, ...program.commands]) cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  let error: CommanderError | undefined;
  try {
    await program.parseAsync(['node', 'descent', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    error = e;
  }
  return { out, err, error };
}

describe('buildProgram (in process)', () => {
  it('--version prints the version of package.json', async () => {
    expect(VERSION).toBe(packageVersion);
    const { out, error } = await parseInProcess('--version');
    expect(out.trim()).toBe(packageVersion);
    expect(error?.exitCode).toBe(0);
  });

  it('--help lists the commands and options', async () => {
    const { out, error } = await parseInProcess('--help');
    expect(out).toContain('Usage: descent [options] [command]');
    expect(out).toMatch(/parity \[options\] <file>/);
    expect(out).toContain('-v, --version');
    expect(error?.exitCode).toBe(0);
    const sub = await parseInProcess('parity', '--help');
    expect(sub.out).toContain('--section <name...>');
  });

  it('rejects unknown commands and options with a usage error', async () => {
    // Commander prints nothing itself: runCli turns its errors into the one-line form.
    const cmd = await parseInProcess('frobnicate');
    expect(cmd.err).toBe('');
    expect(cmd.error?.message).toContain("error: unknown command 'frobnicate'");
    expect(cmd.error?.exitCode).not.toBe(0);
    const flag = await parseInProcess('--frobnicate');
    expect(flag.error?.message).toContain("error: unknown option '--frobnicate'");
    const missing = await parseInProcess('parity');
    expect(missing.error?.message).toContain("error: missing required argument 'file'");
  });

  it('parity names a missing file and an unknown section', async () => {
    await expect(parseInProcess('parity', join(ROOT, 'no-such-file.json'))).rejects.toThrow(/^parity: cannot read .*no-such-file\.json/);
    await expect(parseInProcess('parity', GOLDEN, '--section', 'gradients')).rejects.toThrow(
      "parity: unknown section 'gradients'; valid sections: ops, optimizers, schedulers, averaging",
    );
  });
});

describe.concurrent('descent as a process', () => {
  it('--version exits 0 and prints the package version', async () => {
    const r = await descent('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(packageVersion);
  });

  it('an unknown command exits 2', async () => {
    const r = await descent('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("descent: unknown command 'frobnicate' (see descent --help)\n");
  });

  it('an unknown flag exits 2', async () => {
    const r = await descent('parity', GOLDEN, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("descent parity: unknown option '--frobnicate' (see descent parity --help)\n");
  });

  it('parity --section ops passes the public file: one line per case, then 42 passed, 0 failed', async () => {
    const r = await descent('parity', GOLDEN, '--section', 'ops');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(43);
    expect(lines.slice(0, 42).every((l) => l.startsWith('PASS ops/'))).toBe(true);
    expect(lines[42]).toBe('42 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('parity exits 1 on a failing case and on a file without cases', async () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { ops: { cases: Array<{ name: string; output: { data: number[] } }> } };
    const exp = golden.ops.cases.find((c) => c.name === 'exp')!;
    exp.output.data[0]! += 1e-6;
    const dir = tempDir('parity');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ops: golden.ops }));
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ ops: { cases: [] } }));
    const [bad, empty] = await Promise.all([descent('parity', join(dir, 'bad.json'), '--section', 'ops'), descent('parity', join(dir, 'empty.json'))]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL ops\/exp {2}output\[0\]: expected /m);
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('41 passed, 1 failed');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no cases to check');
  });
});
