/**
 * The package from `npm pack` output, bundled for the browser as a user would, with no flag and no
 * plugin: `esbuild app.ts --bundle --platform=browser`, and `vite build`. The page trains an MLP on
 * moons with Adam after `await loadWasmBackendAsync()`, reads a CSV from a Blob, and calls a Node-only
 * function; headless Chromium (Debian's, driven by playwright-core) loads each bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/cli/commands/playground.js';
import { BIN, installInProject, packedTarball, REPO } from './packed.js';
import { peerMissing } from '../helpers/peers.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';

/** The page: what a user's app.ts would do. Its outcome goes to `window.result`. */
const PAGE = `import { Adam, DataLoader, Linear, ReLU, Sequential, argmax, atomicWriteFile, crossEntropy, getBackendName, loadWasmBackendAsync, moons, noGrad, readCsv } from 'descent';

async function main() {
  const before = getBackendName();
  const wasm = await loadWasmBackendAsync();
  const backend = getBackendName();
  const started = performance.now();
  const data = moons({ samples: 512, noise: 0.1, seed: 1 });
  const model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 2));
  const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
  const loader = new DataLoader(data, { batchSize: 32, seed: 1 });
  for (let epoch = 1; epoch <= 20; epoch++) {
    for (const { x, y } of loader) {
      optimizer.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      optimizer.step();
    }
  }
  const predicted = noGrad(() => argmax(model.forward(data.features), 1));
  const accuracy = predicted.data.filter((c, i) => c === data.labels.data[i]).length / data.length;
  const csv = await readCsv(new Blob(['x,y,label\\n0,1,a\\n1,0,b\\n2,2,a\\n']), { label: 'label' });
  let nodeOnly = '';
  try {
    await atomicWriteFile('model.safetensors', 'bytes');
  } catch (e) {
    nodeOnly = e.message;
  }
  return { before, backend, threads: wasm && wasm.threads, accuracy, ms: performance.now() - started, csvRows: csv.length, nodeOnly };
}

main().then((r) => (window.result = r), (e) => (window.result = { error: String(e && e.stack || e) }));
`;

interface PageResult {
  before: string;
  backend: string;
  threads: number | null;
  accuracy: number;
  ms: number;
  csvRows: number;
  nodeOnly: string;
  error?: string;
}

describe.skipIf(peerMissing('Chromium', existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (apt-get install chromium)`))('the packed package bundled for the browser', () => {
  let app: string;
  let profile: string;
  let context: BrowserContext;
  const servers: PlaygroundServer[] = [];

  beforeAll(async () => {
    app = installInProject(await packedTarball(), { name: 'web-app', version: '1.0.0', type: 'module', private: true });
    writeFileSync(join(app, 'app.ts'), PAGE);
    profile = tempDir('chromium');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await Promise.all(servers.map((s) => s.close()));
    for (const dir of [app, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Serves `root` (cross-origin isolated, as the playground is) and returns what the page reported. */
  async function runPage(root: string): Promise<PageResult> {
    const server = await startPlaygroundServer({ port: 0, root });
    servers.push(server);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Nothing may come from the network: only the local server answers.
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 });
    const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  function expectTrained(result: PageResult): void {
    expect(result.error).toBeUndefined();
    expect(result.before).toBe('js'); // browsers start on the TypeScript kernels...
    expect(result.backend).toBe('wasm'); // ...and loadWasmBackendAsync switches to WebAssembly
    expect(result.threads).toBeGreaterThanOrEqual(1);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.csvRows).toBe(3);
    expect(result.nodeOnly).toMatch(/^atomicWriteFile works only in Node\.js/);
  }

  it('esbuild --bundle --platform=browser (no other flag) bundles a page that trains on wasm', async () => {
    const out = join(app, 'esbuild-out');
    execFileSync(join(BIN, 'esbuild'), ['app.ts', '--bundle', '--platform=browser', `--outfile=${join(out, 'app.js')}`], { cwd: app, stdio: 'pipe' });
    writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>descent</title><script src="app.js"></script>\n');
    expect(readFileSync(join(out, 'app.js'), 'utf8')).not.toMatch(/require\("node:/);
    expectTrained(await runPage(out));
  });

  it('vite build (no config) bundles a page that trains on wasm', async () => {
    writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><title>descent</title><script type="module" src="/app.ts"></script>\n');
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: app, stdio: 'pipe' });
    const out = join(app, 'dist');
    expect(readdirSync(join(out, 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
    expectTrained(await runPage(out));
  });
});
