/**
 * The playground in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * Screenshots go to test-results/ (ignored by git).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPlaygroundServer } from '../../src/cli/commands/playground.js';
import { buildThreadsPage } from '../helpers/build-page.js';
import { chromiumMissing, runRows, SHOTS, usePlaygroundBrowser } from '../helpers/playground-browser.js';

/** Adam (learning rate 0.05 on the page) must cut Beale's loss from (1, 1.5) at least this much in 200 steps. */
const ADAM_FACTOR = 100;

describe.skipIf(chromiumMissing())('playground in headless Chromium', () => {
  const { page, context, errors } = usePlaygroundBrowser({
    setup: async ({ page, server }) => {
      await page.goto(server.url);
      await page.waitForSelector('#runs-body tr');
      await page.waitForSelector('#km-table tr');
    },
  });

  it('is cross-origin isolated (COOP/COEP)', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  it('runs on the wasm backend, on a thread per core (Web Workers over shared memory)', async () => {
    await page.waitForFunction(() => window.descentPlaygroundBackend !== undefined);
    const chosen = await page.evaluate(() => window.descentPlaygroundBackend!);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(chosen).toEqual({ name: 'wasm', threads: Math.min(8, cores) });
    expect(await page.textContent('#version')).toContain('wasm');
  });

  it('the wasm backend on two Web Workers gives the same bits as one thread: matmul 512, conv2d and both gradients', async () => {
    const threadsRoot = buildThreadsPage();
    const threadsServer = await startPlaygroundServer({ port: 0, root: threadsRoot });
    const other = await context.newPage();
    try {
      other.on('pageerror', (e) => errors.push(`threads page error: ${e.message}`));
      await other.goto(threadsServer.url);
      const report = await other.evaluate(() => window.runThreadsTest!());
      console.log(`in Chromium, ms on [2 threads, 1 thread]: ${Object.entries(report.ms).map(([k, [a, b]]) => `${k} ${a.toFixed(1)} / ${b.toFixed(1)}`).join(', ')}`);
      expect(report.isolated).toBe(true);
      expect(report.serving).toBe(1); // the Web Worker started
      expect(report.ranHere).toBeLessThan(16); // and took jobs
      expect(report.threads).toEqual([2, 1]);
      expect(report.mismatches).toEqual({ matmul: 0, conv2d: 0, conv2dInputGrad: 0, conv2dWeightGrad: 0 });
    } finally {
      await other.close();
      threadsServer.server.closeAllConnections(); // the browser keeps its connections open
      await threadsServer.close();
      rmSync(threadsRoot, { recursive: true, force: true });
    }
  });

  // A timing measurement: on a busy machine one run can catch a stall, so it may be re-measured.
  it('animates six optimizers smoothly (frame times measured)', { retry: 2 }, async () => {
    expect((await runRows(page)).length).toBe(6);
    // The page's work is measured over these 3 seconds of play only (not the loading before them).
    await page.evaluate(() => (window.descentPlaygroundStats!.work.length = 0));
    await page.click('#play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('true');
    // Intervals between animation frames over 3 seconds of play.
    const intervals = await page.evaluate(
      () =>
        new Promise<number[]>((done) => {
          const out: number[] = [];
          let last = performance.now();
          const t0 = last;
          const frame = (t: number) => {
            out.push(t - last);
            last = t;
            if (t - t0 < 3000) requestAnimationFrame(frame);
            else done(out.slice(1));
          };
          requestAnimationFrame(frame);
        }),
    );
    const work = await page.evaluate(() => window.descentPlaygroundStats!.work.slice());
    await page.click('#play');
    const longest = Math.max(...intervals);
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
    const p95 = [...intervals].sort((a, b) => a - b)[Math.floor(0.95 * intervals.length)]!;
    const longestWork = Math.max(...work);
    const meanWork = work.reduce((a, b) => a + b, 0) / work.length;
    const p95Work = [...work].sort((a, b) => a - b)[Math.floor(0.95 * work.length)]!;
    console.log(
      `frame times with 6 optimizers on a 400×400 map: ${intervals.length} frames, interval mean ${mean.toFixed(1)} ms, 95th percentile ${p95.toFixed(1)} ms, longest ${longest.toFixed(1)} ms; ` +
        `work per frame mean ${meanWork.toFixed(2)} ms, longest ${longestWork.toFixed(1)} ms`,
    );
    await page.screenshot({ path: join(SHOTS, 'playground-six-optimizers.png') });
    expect(intervals.length).toBeGreaterThan(10);
    // The page's own work in a frame (optimizer steps, drawing) is what it controls: 95% of frames
    // are held to the 50 ms target and none may take 150 ms. The wall-clock time of even the page's
    // own work carries the machine's scheduling (CI runs other test files, another browser among
    // them, on the same two cores), so a single frame is not held to 50 ms; the intervals between
    // frames carry it even more (a starved headless compositor skips frames), so they are measured
    // and reported above, not asserted.
    expect(work.length).toBeGreaterThan(10);
    expect(p95Work).toBeLessThan(50);
    expect(longestWork).toBeLessThan(150);
    expect((await runRows(page)).every((r) => r.steps > 0)).toBe(true);
  });

  it('Beale with four optimizers: 200 steps, every trajectory moves, Adam’s loss falls', async () => {
    await page.selectOption('#fn', 'beale');
    await page.click('#clear-optimizers');
    for (const name of ['sgd', 'lecture-nesterov', 'rmsprop', 'adam']) {
      await page.selectOption('#add-optimizer', name);
      await page.click('#add');
    }
    await page.click('#reset');
    let rows = await runRows(page);
    expect(rows.map((r) => r.optimizer)).toEqual(['sgd', 'lecture-nesterov', 'rmsprop', 'adam']);
    expect(rows.every((r) => r.steps === 0 && r.x === 1 && r.y === 1.5)).toBe(true);
    // Keyboard only: Enter on the focused Step button, then the S shortcut.
    await page.focus('#step');
    for (let i = 0; i < 100; i++) await page.keyboard.press('Enter');
    for (let i = 0; i < 100; i++) await page.keyboard.press('s');
    expect(await page.textContent('#step-count')).toBe('200');
    rows = await runRows(page);
    for (const r of rows) {
      expect(r.steps, r.optimizer).toBe(200);
      expect(Math.hypot(r.x - 1, r.y - 1.5), `${r.optimizer} moved`).toBeGreaterThan(0.1);
      expect(Number.isFinite(r.loss), r.optimizer).toBe(true);
    }
    const adam = rows.find((r) => r.optimizer === 'adam')!;
    expect(adam.startLoss).toBeCloseTo(41.25, 10);
    expect(adam.startLoss / adam.loss).toBeGreaterThan(ADAM_FACTOR);
    await page.screenshot({ path: join(SHOTS, 'playground-beale-200-steps.png') });

    // Space toggles play/pause.
    await page.focus('#map');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('true');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
  });

  it('the URL holds the whole configuration', async () => {
    await page.fill('.optimizer-card[data-optimizer="adam"] input[type=number][id*=learningRate]', '0.2');
    await page.press('.optimizer-card[data-optimizer="adam"] input[type=number][id*=learningRate]', 'Enter');
    const url = page.url();
    expect(url).toContain('fn=beale');
    expect(url).toContain('o=adam%3AlearningRate%3D0.2');
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForSelector('#runs-body tr');
    expect((await runRows(other)).map((r) => r.optimizer)).toEqual(['sgd', 'lecture-nesterov', 'rmsprop', 'adam']);
    expect(await other.inputValue('.optimizer-card[data-optimizer="adam"] input[type=number][id*=learningRate]')).toBe('0.2');
    await other.close();
  });

  it('a typed f(x, y) runs; a malformed one shows an inline error', async () => {
    await page.selectOption('#fn', 'custom');
    await page.fill('#expr', 'x^2 + 3*y^2 - x*y');
    await page.press('#expr', 'Enter');
    await page.waitForFunction(() => document.querySelector('#runs-body tr')?.getAttribute('data-start-loss') === '20');
    expect(await page.isHidden('#expr-error')).toBe(true);
    await page.click('#step');
    for (let i = 0; i < 49; i++) await page.keyboard.press('s');
    const rows = await runRows(page);
    for (const r of rows) {
      expect(r.startLoss).toBe(20); // f(−2, 2) = 4 + 12 + 4
      expect(r.loss, r.optimizer).toBeLessThan(r.startLoss);
    }
    await page.screenshot({ path: join(SHOTS, 'playground-custom-function.png') });
    await page.fill('#expr', 'x^2 + * y');
    await page.press('#expr', 'Enter');
    await page.waitForSelector('#expr-error:not([hidden])');
    const message = await page.textContent('#expr-error');
    expect(message).toContain("unexpected '*'");
    expect(message).toContain('at position 7');
    expect(await page.getAttribute('#expr', 'aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'playground-parse-error.png') });
  });

  it('K-means: the cost decreases for online, mini-batch and batch updates', async () => {
    const rows = await page.$$eval('#km-table tr', (trs) =>
      trs.map((t) => ({ method: (t as HTMLElement).dataset.method!, initial: Number((t as HTMLElement).dataset.initialCost), final: Number((t as HTMLElement).dataset.finalCost) })),
    );
    expect(rows.map((r) => r.method)).toEqual(['online', 'mini-batch', 'batch']);
    for (const r of rows) expect(r.final, r.method).toBeLessThan(r.initial / 2);
    await page.locator('#kmeans').screenshot({ path: join(SHOTS, 'playground-kmeans.png') });
  });

  it('batch size: measured gradient variance follows 1/b', async () => {
    const ratios = await page.$$eval('#bs-table tr td:nth-child(4)', (tds) => tds.map((t) => Number(t.textContent)));
    expect(ratios.length).toBeGreaterThan(5);
    for (const r of ratios) expect(r).toBeGreaterThan(0.7), expect(r).toBeLessThan(1.3);
    await page.locator('#batch').screenshot({ path: join(SHOTS, 'playground-batch-size.png') });
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
