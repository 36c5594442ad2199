/**
 * Headless Chromium (Debian's, through playwright-core) loads the FMA build of the wasm kernels by
 * default (relaxed SIMD is on in Chromium >= 114: no flag), the plain one with `fma: false`, and the
 * FMA build's products have the same bits there as in Node (the same V8 code for relaxed_madd).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, instantiateKernels } from '../../src/backend/wasm/index.js';
import { chromiumMissing, openPlaygroundBrowser, type PlaygroundBrowser } from '../helpers/playground-browser.js';
import { tempDir } from '../helpers/temp-dir.js';
import { fmaInputs, type FmaReport } from './wasm-fma-page.js';

/** Bundles wasm-fma-page.ts for the browser (src/platform's browser side) with an index.html. */
function buildFmaPage(): string {
  const out = tempDir('fma-page');
  buildSync({ entryPoints: [join('test', 'backend', 'wasm-fma-page.ts')], outfile: join(out, 'app.js'), bundle: true, format: 'iife', platform: 'browser', target: ['es2022'], logLevel: 'warning' });
  writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>descent fma</title><script src="app.js"></script>\n');
  return out;
}

describe.skipIf(chromiumMissing())('the FMA build in headless Chromium', () => {
  let browser: PlaygroundBrowser;
  let report: FmaReport;

  beforeAll(async () => {
    browser = await openPlaygroundBrowser(buildFmaPage);
    await browser.page.goto(browser.server.url);
    await browser.page.waitForFunction(() => window.runFmaTest !== undefined);
    report = await browser.page.evaluate(() => window.runFmaTest!());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads the FMA build by default and the plain one with fma: false', () => {
    const chromium = /Chrome\/(\d+)/.exec(report.userAgent);
    expect(Number(chromium?.[1])).toBeGreaterThanOrEqual(114);
    expect(report.relaxedSimd).toBe(true);
    expect(report.fma).toEqual([true, false]);
    expect(report.fused).toEqual([2 ** -24, 0]); // a fused multiply-add there, a multiply then an add here
    expect(browser.errors).toEqual([]);
  });

  it('gives the same bits as the FMA build in Node', () => {
    const { a, b, m, k, n } = fmaInputs();
    const node = createWasmBackend(instantiateKernels(false, true));
    expect(node.fma).toBe(true);
    const out = new Float32Array(m * n);
    node.matmul(a, b, out, m, k, n, false, true, Int32Array.of(0), Int32Array.of(0));
    expect(report.product).toEqual(Array.from(out));
  });
});
