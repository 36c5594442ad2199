/**
 * The K-means and batch panels compute in a Web Worker (issue 15): progress shows while they run,
 * Cancel stops a run without drawing anything, the page's main thread never has a task over 100 ms
 * meanwhile, and the numbers are the ones the panels computed on the main thread before the move.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, longTasksSince, usePlaygroundBrowser } from '../helpers/playground-browser.js';

/** A main-thread task longer than this during a run fails the test (the issue asks ≤ 50 ms of work per frame). */
const LONG_TASK_MS = 100;

/**
 * The tables as the panels drew them before the worker (captured from the main-thread build of
 * commit ad22ffa): rows' text, and for K-means the median final cost with full precision.
 */
const BEFORE = {
  defaults: {
    km: [' online (SGD, 1 point)300012.542.4092.299 – 2.656|2.40854221914834', ' mini-batch19012.542.4552.299 – 2.520|2.4546024052630884', ' batch (Lloyd)512.542.4532.298 – 2.559|2.4531300650407224'],
    bs: ['10.70000.66211.0570.02424', '20.31550.33110.95280.009675', '40.18120.16551.0950.003873', '80.076220.082770.92090.002783', '160.039190.041380.94690.001148', '320.018710.020690.90436.25×10⁻⁴', '640.010330.010350.99891.92×10⁻⁴', '1280.0056100.0051731.0841.66×10⁻⁴', '2560.0025440.0025860.98366.57×10⁻⁵'],
  },
  // bs: N 64, 50 steps, 5 runs; km: 200 points, 3 seeds, batch 1, 3 epochs (other inputs at their defaults).
  small: {
    km: [' online (SGD, 1 point)6006.2782.3132.276 – 2.434|2.3133473079073252', ' mini-batch6006.2782.3132.276 – 2.434|2.3133473079073252', ' batch (Lloyd)36.2782.4052.380 – 2.718|2.404673411532528'],
    bs: ['10.66380.63241.0500.01063', '20.32980.31621.0430.01004', '40.15110.15810.95580.006569', '80.077070.079050.97490.004698', '160.037530.039520.94970.001624', '320.019740.019760.99882.62×10⁻⁴', '640.010650.0098811.0785.79×10⁻⁴'],
  },
};

declare global {
  interface Window {
    statusSeen?: Record<string, string[]>;
  }
}

async function tables(page: Page): Promise<{ km: string[]; bs: string[] }> {
  return page.evaluate(() => ({
    km: Array.from(document.querySelectorAll<HTMLElement>('#km-table tr')).map((t) => `${t.textContent}|${t.dataset.finalCost}`),
    bs: Array.from(document.querySelectorAll('#bs-table tr')).map((t) => t.textContent ?? ''),
  }));
}

async function state(page: Page, prefix: string): Promise<string | undefined> {
  return page.$eval(`#${prefix}-job`, (e) => (e as HTMLElement).dataset.state);
}

async function waitState(page: Page, prefix: string, wanted: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`#${prefix}-job[data-state="${wanted}"]`, { state: 'attached', timeout });
}

async function controls(page: Page, prefix: string): Promise<{ runDisabled: boolean; cancelHidden: boolean; barHidden: boolean }> {
  return page.evaluate((p) => ({
    runDisabled: (document.getElementById(`${p}-run`) as HTMLButtonElement).disabled,
    cancelHidden: (document.getElementById(`${p}-cancel`) as HTMLButtonElement).hidden,
    barHidden: (document.getElementById(`${p}-progress`) as HTMLProgressElement).hidden,
  }), prefix);
}

describe.skipIf(chromiumMissing())('panels in a Web Worker (headless Chromium)', () => {
  const { page, server, errors } = usePlaygroundBrowser({
    // Before any page script: record every long task and every status text the panels show.
    longTasks: true,
    initScript: () => {
      window.statusSeen = { km: [], bs: [] };
      document.addEventListener('DOMContentLoaded', () => {
        for (const p of ['km', 'bs']) {
          const node = document.getElementById(`${p}-status`);
          if (node) new MutationObserver(() => window.statusSeen![p]!.push(node.textContent ?? '')).observe(node, { childList: true, characterData: true, subtree: true });
        }
      });
    },
    setup: async ({ page, server }) => {
      await page.goto(server.url);
      await waitState(page, 'km', 'done');
      await waitState(page, 'bs', 'done');
    },
  });

  it('serves the worker script', async () => {
    const response = await page.request.get(`${server.url}panel-worker.js`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('javascript');
  });

  it('the long-task observer sees a main-thread task over 100 ms (so its silence below means something)', async () => {
    const since = await page.evaluate(() => performance.now());
    // A deliberate 250 ms block in a page task (DevTools' own evaluate calls are not reported as long tasks).
    await page.evaluate(() => {
      setTimeout(() => {
        const end = performance.now() + 250;
        while (performance.now() < end);
      }, 0);
    });
    await page.waitForTimeout(500); // long-task entries arrive after the task
    expect((await longTasksSince(page, since)).some((t) => t.duration > LONG_TASK_MS)).toBe(true);
  });

  it('draws the same numbers as the main-thread panels did, on load', async () => {
    expect(await tables(page)).toEqual(BEFORE.defaults);
  });

  // Retried: on CI two browsers and the rest of the suite share two cores, and a starved page can
  // stretch one task past 100 ms once (seen once in many runs); a real regression fails every try.
  it('a moderately heavy batch run shows progress and keeps every main-thread task under 100 ms', { retry: 2, timeout: 90_000 }, async () => {
    await page.fill('#bs-n', '1024');
    await page.fill('#bs-steps', '1000');
    await page.fill('#bs-repeats', '30');
    const since = await page.evaluate(() => {
      window.statusSeen!.bs = [];
      return performance.now();
    });
    await page.click('#bs-run');
    expect(await controls(page, 'bs')).toEqual({ runDisabled: true, cancelHidden: false, barHidden: false });
    await waitState(page, 'bs', 'done', 60_000);
    const percents = (await page.evaluate(() => window.statusSeen!.bs!)).filter((s) => /^\d+ %$/.test(s)).map((s) => Number.parseInt(s, 10));
    // More than the start and the end: the bar moved through the run.
    expect(new Set(percents.filter((p) => p > 0 && p < 100)).size).toBeGreaterThanOrEqual(3);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const tasks = await longTasksSince(page, since);
    console.log(`main-thread tasks ≥ 50 ms during the batch run: ${tasks.map((t) => `${t.duration.toFixed(0)} ms`).join(', ') || 'none'}`);
    expect(tasks.filter((t) => t.duration > LONG_TASK_MS)).toEqual([]);
    expect(await controls(page, 'bs')).toEqual({ runDisabled: false, cancelHidden: true, barHidden: true });
    expect(await page.$$eval('#bs-table tr', (rows) => rows.length)).toBe(11); // b = 1, 2, …, 1024
  });

  it('Cancel stops the heavy batch and K-means runs: nothing drawn, controls restored, page responsive', async () => {
    const before = await tables(page);
    await page.fill('#bs-n', '4096');
    await page.fill('#bs-steps', '2000');
    await page.fill('#bs-repeats', '100');
    await page.fill('#km-n', '5000');
    await page.fill('#km-seeds', '30');
    await page.fill('#km-epochs', '50');
    await page.fill('#km-batch', '1');
    const since = await page.evaluate(() => performance.now());
    await page.click('#bs-run');
    await page.click('#km-run');
    expect(await state(page, 'bs')).toBe('running');
    expect(await state(page, 'km')).toBe('running');
    // Both report progress while the page keeps answering (each evaluate is a main-thread round trip).
    await page.waitForFunction(() => /^[1-9]\d* %$/.test(document.getElementById('km-status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.waitForFunction(() => /^[1-9]\d* %$/.test(document.getElementById('bs-status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.click('#bs-cancel');
    await page.click('#km-cancel');
    expect(await state(page, 'bs')).toBe('cancelled');
    expect(await state(page, 'km')).toBe('cancelled');
    expect(await controls(page, 'bs')).toEqual({ runDisabled: false, cancelHidden: true, barHidden: true });
    expect(await controls(page, 'km')).toEqual({ runDisabled: false, cancelHidden: true, barHidden: true });
    // A cancelled run never draws, even later.
    await page.waitForTimeout(1500);
    expect(await tables(page)).toEqual(before);
    expect(await state(page, 'bs')).toBe('cancelled');
    expect(await longTasksSince(page, since).then((ts) => ts.filter((t) => t.duration > LONG_TASK_MS))).toEqual([]);
  }, 90_000);

  it('after a cancel, a normal run draws the same numbers as the main-thread panels did', async () => {
    await page.fill('#bs-n', '64');
    await page.fill('#bs-steps', '50');
    await page.fill('#bs-repeats', '5');
    await page.fill('#km-n', '200');
    await page.fill('#km-seeds', '3');
    await page.fill('#km-epochs', '3');
    await page.fill('#km-batch', '1');
    await page.click('#bs-run');
    await page.click('#km-run');
    await waitState(page, 'bs', 'done');
    await waitState(page, 'km', 'done');
    expect(await tables(page)).toEqual(BEFORE.small);
  }, 60_000);

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
