/**
 * Headless Chromium (Debian's, through playwright-core) loads the FMA build of the wasm kernels by
 * default (relaxed SIMD is on in Chromium >= 114: no flag), the plain one with `fma: false`, and the
 * FMA build's products have the same bits there as in Node (the same V8 code for relaxed_madd).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, instantiateKernels } from '../../src/backend/wasm/index.js';
import { bundleTestPage } from '../helpers/build-page.js';
import { chromiumMissing, usePlaygroundBrowser } from '../helpers/playground-browser.js';
import { fmaInputs, type FmaReport } from './wasm-fma-page.js';

describe.skipIf(chromiumMissing())('the FMA build in headless Chromium', () => {
  let report: FmaReport;
  const { errors } = usePlaygroundBrowser({
    // wasm-fma-page.ts bundled for the browser (src/platform's browser side).
    build: () => bundleTestPage(join('test', 'backend', 'wasm-fma-page.ts'), 'descent fma'),
    setup: async ({ page, server }) => {
      await page.goto(server.url);
      await page.waitForFunction(() => window.runFmaTest !== undefined);
      report = await page.evaluate(() => window.runFmaTest!());
    },
  });

  it('loads the FMA build by default and the plain one with fma: false', () => {
    const chromium = /Chrome\/(\d+)/.exec(report.userAgent);
    expect(Number(chromium?.[1])).toBeGreaterThanOrEqual(114);
    expect(report.relaxedSimd).toBe(true);
    expect(report.fma).toEqual([true, false]);
    expect(report.fused).toEqual([2 ** -24, 0]); // a fused multiply-add there, a multiply then an add here
    expect(errors).toEqual([]);
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
