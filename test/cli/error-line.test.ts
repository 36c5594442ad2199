/** The pieces of the CLI's error path and config schema, one by one. */
import { describe, expect, it } from 'vitest';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { oneLine, reportError } from '../../src/cli/error-line.js';
import { releaseTerminal, trackWidget } from '../../src/cli/terminal.js';
import { RuntimeFailure, UsageError } from '../../src/cli/usage-error.js';
import { SpecError } from '../../src/specs/spec-error.js';
import { CheckpointError } from '../../src/train/checkpoint-error.js';
import { describeValue, mergeConfig, parseConfigObject, TRAIN_DEFAULTS } from '../../src/train/run-config.js';
import { parseConfigFlags } from '../../src/cli/config/config-flags.js';
import { startPlaygroundServer } from '../../src/cli/commands/playground.js';
import { signalExitCode } from '../../src/cli/signals.js';
import { runCliInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('reportError', () => {
  it('one line, the command prefix once, the location in parentheses', () => {
    const r = reportError('train', new UsageError('train: unknown key\n  more detail', { where: 'config file a.json' }));
    expect(r.line).toBe('descent train: unknown key; more detail (config file a.json)');
    expect(r.exitCode).toBe(2);
  });

  it('exit code 2 for input errors of every layer, 1 for failures while running', () => {
    expect(reportError('train', new SpecError('x')).exitCode).toBe(2);
    expect(reportError('eval', new CheckpointError('a.json', 'weights', 'bad')).exitCode).toBe(2);
    const data = Object.assign(new Error('csv'), { name: 'DataError' });
    expect(reportError('train', data).exitCode).toBe(2);
    expect(reportError('train', new RuntimeFailure('disk full')).exitCode).toBe(1);
    expect(reportError('train', new Error('boom')).exitCode).toBe(1);
    expect(reportError('train', new TypeError('x is not a function')).exitCode).toBe(1);
  });

  it("commander's errors become the same one-line form (exit 2; help and version exit 0)", () => {
    const err = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--optimizr'\n(Did you mean --optimizer?)");
    const r = reportError('train', err);
    expect(r.line).toBe("descent train: unknown option '--optimizr'; did you mean --optimizer? (see descent train --help)");
    expect(r.exitCode).toBe(2);
    expect(reportError(undefined, new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')).exitCode).toBe(0);
  });

  it('keeps the stack for DESCENT_DEBUG, never in the line', () => {
    const r = reportError('train', new Error('boom', { cause: new Error('root cause') }));
    expect(r.line).toBe('descent train: boom');
    expect(r.debug).toMatch(/Error: boom\n\s+at /);
    expect(r.debug).toContain('caused by: Error: root cause');
  });

  it('oneLine folds lines and spaces', () => {
    expect(oneLine('a\n\n  b  c\r\nd')).toBe('a; b c; d');
  });
});

describe('terminal', () => {
  it('releaseTerminal clears progress widgets and shows the cursor and line wrap on a TTY only', () => {
    let cleared = 0;
    trackWidget({ clear: () => void cleared++ });
    let written = '';
    const tty = { isTTY: true, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    releaseTerminal(tty);
    expect(cleared).toBe(1);
    expect(written).toBe('\x1b[?25h\x1b[?7h');
    written = '';
    releaseTerminal({ isTTY: false, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream);
    expect(cleared).toBe(1); // released once
    expect(written).toBe('');
  });

  it('signal exit codes are 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });
});

describe('the config schema', () => {
  it('accepts every key of the defaults, and the defaults merge under file and flags', () => {
    expect(parseConfigObject(JSON.parse(JSON.stringify({ ...TRAIN_DEFAULTS, out: 'runs/a' })), 'f')).toEqual({ ...TRAIN_DEFAULTS, out: 'runs/a' });
    const merged = mergeConfig({ epochs: 3, hyperParameters: { learningRate: 0.1 } }, { epochs: 5, hyperParameters: { beta1: 0.8 } });
    expect(merged.epochs).toBe(5);
    expect(merged.hyperParameters).toEqual({ learningRate: 0.1, beta1: 0.8 });
    expect(merged.dataset).toBe(TRAIN_DEFAULTS.dataset);
  });

  it('flags are parsed as the same keys: numbers from text, "full" batches, names checked', () => {
    expect(parseConfigFlags({ epochs: '7', batchSize: 'full', testFraction: '.25', model: 'mlp:2-4-2' })).toEqual({ epochs: 7, batchSize: 'full', testFraction: 0.25, model: 'mlp:2-4-2' });
    expect(() => parseConfigFlags({ epochs: '1e400' })).toThrow(/--epochs: expected an integer >= 0, got '1e400'/);
    expect(() => parseConfigFlags({ epochs: '0x10' })).toThrow(/--epochs: expected an integer >= 0, got '0x10'/);
    expect(() => parseConfigFlags({ testFraction: 'NaN' })).toThrow(/--test-fraction/);
  });

  it('names the type of a wrong value', () => {
    expect(describeValue('0.5')).toBe('the string "0.5"');
    expect(describeValue(42)).toBe('the number 42');
    expect(describeValue(true)).toBe('the boolean true');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({})).toBe('an object');
    expect(describeValue([1])).toBe('an array ([1])');
  });
});

describe('--help', () => {
  it('documents the exit codes and the one-line errors, for the program and for train', async () => {
    const top = await runCliInProcess('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*usage error/);
    expect(top.stdout).toContain('DESCENT_DEBUG=1');
    const train = await runCliInProcess('train', '--help');
    expect(train.stdout).toContain('Exit codes:');
    expect(train.stdout).toContain('Resuming: --resume <dir>');
  });
});

describe('playground server', () => {
  it('close() ends idle keep-alive connections and, after a second, half-sent requests (a stalled browser)', async () => {
    const root = tempDir('playground');
    writeFileSync(join(root, 'index.html'), '<p>hi</p>');
    const server = await startPlaygroundServer({ port: 0, root });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', ok);
      });
      req.on('error', fail);
      req.end();
    });
    // A request whose headers never finish: server.close() alone would wait for headersTimeout (60 s).
    const stalled = connect(server.port, '127.0.0.1');
    await new Promise<void>((ok) => stalled.once('connect', () => ok()));
    stalled.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const closed = new Promise<void>((ok) => stalled.once('close', () => ok()));
    stalled.on('error', () => undefined);
    const started = performance.now();
    await server.close();
    await closed;
    expect(performance.now() - started).toBeLessThan(3000);
    agent.destroy();
  });
});
