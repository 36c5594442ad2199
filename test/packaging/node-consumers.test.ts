/**
 * The package from `npm pack` output, installed in fresh projects: the README example runs from a
 * CommonJS project (plain .cjs, and TypeScript through tsx with `"type": "commonjs"`, as `npm init -y`
 * writes it) and from an ES module project (plain .mjs); tsc type-checks it against the CommonJS
 * types; both builds loaded in one process share the active backend and the default generator;
 * publint and @arethetypeswrong/cli find no problem.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, installInProject, packedTarball, printedAccuracy, readmeExample } from './packed.js';

/** Runs `node args` in `cwd` with no inherited loader or backend settings; returns stdout. */
function node(cwd: string, args: string[]): string {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.DESCENT_BACKEND;
  delete env.DESCENT_THREADS;
  return execFileSync(process.execPath, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
}

describe('the packed package in Node projects', () => {
  let tarball: string;
  let cjsApp: string;
  let esmApp: string;

  beforeAll(async () => {
    tarball = await packedTarball();
    cjsApp = installInProject(tarball, { name: 'cjs-app', version: '1.0.0', type: 'commonjs' }, ['@types/node']);
    esmApp = installInProject(tarball, { name: 'esm-app', version: '1.0.0', type: 'module' });
  }, 180_000);

  afterAll(() => {
    for (const dir of [cjsApp, esmApp]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the README example from CommonJS (require)', () => {
    writeFileSync(join(cjsApp, 'readme.cjs'), transformSync(readmeExample(), { loader: 'ts', format: 'cjs' }).code);
    expect(printedAccuracy(node(cjsApp, ['readme.cjs']))).toBeGreaterThan(90);
  });

  it('runs the README example from an ES module (import)', () => {
    writeFileSync(join(esmApp, 'readme.mjs'), transformSync(readmeExample(), { loader: 'ts', format: 'esm' }).code);
    expect(printedAccuracy(node(esmApp, ['readme.mjs']))).toBeGreaterThan(90);
  });

  it('runs the README example with tsx in a "type": "commonjs" project, and tsc --module nodenext type-checks it', () => {
    writeFileSync(join(cjsApp, 'app.ts'), readmeExample());
    expect(printedAccuracy(node(cjsApp, [join(BIN, '..', 'tsx', 'dist', 'cli.mjs'), 'app.ts']))).toBeGreaterThan(90);
    // The CommonJS types (.d.cts) resolve for a CommonJS file; errors would make tsc exit non-zero.
    execFileSync(join(BIN, 'tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'app.ts'], { cwd: cjsApp, stdio: 'pipe' });
  });

  it('loads every entry point both ways; the subpaths work from CommonJS (vega is loaded on first use)', () => {
    writeFileSync(
      join(cjsApp, 'entries.cjs'),
      `const plot = require('descent/plot');
const experiments = require('descent/experiments');
plot.renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } })
  .then((svg) => console.log(JSON.stringify({ svg: svg.slice(0, 4), runPool: typeof experiments.runPool })));`,
    );
    expect(JSON.parse(node(cjsApp, ['entries.cjs']))).toEqual({ svg: '<svg', runPool: 'function' });
    writeFileSync(join(esmApp, 'entries.mjs'), `import * as plot from 'descent/plot'; import * as experiments from 'descent/experiments'; console.log(typeof plot.renderSvg, typeof experiments.runPool);`);
    expect(node(esmApp, ['entries.mjs']).trim()).toBe('function function');
  });

  it('shares state between the ES module and the CommonJS build loaded in one process (no dual-package hazard); a tensor of each in one op is refused by name', () => {
    writeFileSync(
      join(esmApp, 'both.mjs'),
      `import { createRequire } from 'node:module';
import * as esm from 'descent';
const cjs = createRequire(import.meta.url)('descent');
const seen = { distinctCopies: esm.setBackend !== cjs.setBackend, initial: [esm.getBackendName(), cjs.getBackendName()] };
cjs.setBackend('js');
seen.afterCjsSetBackend = esm.getBackendName();
esm.manualSeed(7);
seen.sameGenerator = esm.defaultRandom() === cjs.defaultRandom();
seen.gradInsideNoGrad = esm.noGrad(() => cjs.isGradEnabled());
// Tensors are not shared: one of each in an op is refused by name (it gave NaN before).
const refused = (f) => { try { f(); return 'no error'; } catch (e) { return /another copy of descent/.test(e.message); } };
seen.mixedAdd = refused(() => esm.tensor([1, 2]).add(cjs.tensor([3, 4])));
seen.mixedBackward = refused(() => { const x = esm.tensor([1, 2], { requiresGrad: true }); cjs.sum(x.mul(x)).backward(); });
console.log(JSON.stringify(seen));`,
    );
    expect(JSON.parse(node(esmApp, ['both.mjs']))).toEqual({ distinctCopies: true, initial: ['wasm', 'wasm'], afterCjsSetBackend: 'js', sameGenerator: true, gradInsideNoGrad: false, mixedAdd: true, mixedBackward: true });
  });

  it('without the optional peer BullMQ, the queue commands say what to install (exit 2); the package needs no BullMQ otherwise', () => {
    const cli = join(esmApp, 'node_modules', 'descent', 'dist', 'cli', 'main.js');
    expect(() => node(esmApp, ['-e', "import('bullmq')"])).toThrow(); // the consumer has no BullMQ
    for (const args of [['worker', '--queue', 'redis://127.0.0.1:1'], ['sweep', 'status', 'abc123', '--queue', 'redis://127.0.0.1:1']]) {
      let failure: { status: number; stderr: string } | null = null;
      try {
        node(esmApp, [cli, ...args]);
      } catch (err) {
        failure = err as { status: number; stderr: string };
      }
      expect(failure?.status, args.join(' ')).toBe(2);
      expect(failure?.stderr).toContain("--queue needs BullMQ, an optional peer dependency of descent that is not installed here: npm install bullmq@'^6.7.0'");
    }
  });

  it('ships its licence, and source maps that carry their sources (src/ is not in the package)', () => {
    const pkg = join(esmApp, 'node_modules', 'descent');
    expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const map = JSON.parse(readFileSync(join(pkg, 'dist', 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
  });

  it('passes publint and @arethetypeswrong/cli (strict profile)', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(tarball);
    const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'warning' });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
    // attw exits non-zero on any problem; its output says which.
    execFileSync(join(BIN, 'attw'), [tarball, '--format', 'ascii'], { cwd: cjsApp, stdio: 'pipe' });
  });
});
