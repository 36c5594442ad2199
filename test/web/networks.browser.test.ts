/**
 * The network lab in headless Chromium: a link opens it with a configuration and `play=1` starts
 * it; spirals from the defaults reach ≥ 95% held-out accuracy within 20 s of Play on this 2-core
 * machine; a race shows two different curves from the same start; the sharpness readout agrees
 * with λmax computed in Node on the same weights; a landscape slice completes (and one is
 * cancelled; one on the trajectory's principal directions spans the frame); the keyboard works; no console errors; frame rate and long tasks measured.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/index.js';
import { powerIteration } from '../../web/networks/sharpness.js';
import { writeFlat } from '../../src/analysis/parameters.js';
import type { LandscapeResult } from '../../web/networks/landscape.js';
import { LabTrainer } from '../../web/networks/trainer.js';
import { decodeLabState } from '../../web/networks/url-state.js';
import { chromiumMissing, openPhonePage, SHOTS, usePlaygroundBrowser } from '../helpers/playground-browser.js';

/**
 * The longest Pause may take on an 8 × 64 race measuring λmax. Measured at load average 4–6 on 2
 * cores: 1.3–2.2 s when a measurement was one uninterrupted task; 80–650 ms (worst of five Pauses
 * 245–645 ms) a product at a time: the rest of the slice, one product, and the paused frame (four
 * boundary grids, the hidden units) built and painted.
 */
const PAUSE_BOUND_MS = 800;

/** One row of the runs table. */
interface Row {
  optimizer: string;
  step: number;
  testError: number;
  lambda: number;
  stopped: string;
}

async function rows(page: Page): Promise<Row[]> {
  return page.$$eval('#nw-runs-body tr', (trs) =>
    trs.map((t) => {
      const d = (t as HTMLElement).dataset;
      return { optimizer: d.optimizer!, step: Number(d.step), testError: d.testError === '' ? NaN : Number(d.testError), lambda: d.lambda === '' ? NaN : Number(d.lambda), stopped: d.stopped ?? '' };
    }),
  );
}

/** The projected trajectory's larger extent over its axis's range (1: it spans the frame). */
function pathExtent(slice: LandscapeResult): number {
  return Math.max(...[slice.alphas, slice.betas].map((axis, k) => {
    const xs = slice.path.map((p) => p[k]!);
    return (Math.max(...xs) - Math.min(...xs)) / (axis.at(-1)! - axis[0]!);
  }));
}

/** A label's or a rectangle's box on a canvas, in backing-store pixels. */
interface Box {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Records, from now on, the box of each upright label (fillText) and each outlined rectangle
 * (strokeRect, as text 'rect') drawn on the canvas `id`; {@link drawnBoxes} reads them back.
 */
async function recordLabels(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as { drawnBoxes: Box[] };
    w.drawnBoxes = [];
    const { fillText, strokeRect } = CanvasRenderingContext2D.prototype;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      const t = this.getTransform();
      if (this.canvas.id === id && t.b === 0 && t.c === 0) {
        const m = this.measureText(text);
        // actualBoundingBoxLeft/Right/Ascent/Descent are measured from (x, y) for the current alignment and baseline.
        w.drawnBoxes.push({ text, x0: t.a * (x - m.actualBoundingBoxLeft) + t.e, x1: t.a * (x + m.actualBoundingBoxRight) + t.e, y0: t.d * (y - m.actualBoundingBoxAscent) + t.f, y1: t.d * (y + m.actualBoundingBoxDescent) + t.f });
      }
      fillText.call(this, text, x, y, maxWidth);
    };
    CanvasRenderingContext2D.prototype.strokeRect = function (this: CanvasRenderingContext2D, x: number, y: number, width: number, height: number) {
      const t = this.getTransform();
      if (this.canvas.id === id) w.drawnBoxes.push({ text: 'rect', x0: t.a * x + t.e, x1: t.a * (x + width) + t.e, y0: t.d * y + t.f, y1: t.d * (y + height) + t.f });
      strokeRect.call(this, x, y, width, height);
    };
  }, id);
}

/** The labels and rectangles recorded since {@link recordLabels} (each once: repaints draw them again), and the canvas' backing-store size. */
async function drawnBoxes(page: Page, id: string): Promise<{ width: number; height: number; labels: Box[]; rects: Box[] }> {
  const { width, height, boxes } = await page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    return { width: c.width, height: c.height, boxes: (window as unknown as { drawnBoxes: Box[] }).drawnBoxes };
  }, id);
  const unique = [...new Map(boxes.map((b) => [JSON.stringify(b), b])).values()];
  return { width, height, labels: unique.filter((b) => b.text !== 'rect'), rects: unique.filter((b) => b.text === 'rect') };
}

/** Every label on the canvas and 2 px or more clear of the others. */
function expectLabelsClear(labels: Box[], width: number, height: number): void {
  for (const b of labels) expect([b.text, b.x0 >= 0 && b.y0 >= 0 && b.x1 <= width && b.y1 <= height]).toEqual([b.text, true]);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) expect([a.text, b.text, a.x1 + 2 <= b.x0 || b.x1 + 2 <= a.x0 || a.y1 + 2 <= b.y0 || b.y1 + 2 <= a.y0]).toEqual([a.text, b.text, true]);
  }
}

async function open(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}#networks?${query}`);
  await page.waitForSelector('#nw-runs-body tr', { timeout: 30_000 });
}

describe.skipIf(chromiumMissing())('the network lab in headless Chromium', () => {
  const { page, context, server, errors } = usePlaygroundBrowser({ longTasks: true, setup: () => setBackend('js') });

  it('a link with play=1 trains spirals from the defaults to ≥ 95% held-out accuracy within 20 s, at ≥ 30 fps, with no long task', { retry: 2, timeout: 60_000 }, async () => {
    const t0 = Date.now();
    await open(page, server.url, 'dataset=spirals&play=1');
    // Long tasks are counted from the first frame on: the page's own start-up is not the lab's work.
    const since = await page.evaluate(() => performance.now());
    expect(await page.getAttribute('#nw-play', 'aria-pressed')).toBe('true');
    const reached = await page.waitForFunction(() => {
      const node = document.getElementById('nw-accuracy');
      const e = node?.dataset.testError;
      return e !== undefined && Number(e) <= 0.05 ? { text: node!.textContent!, step: document.querySelector<HTMLElement>('#nw-runs-body tr')!.dataset.step } : null;
    }, undefined, { timeout: 20_000, polling: 100 });
    const seconds = (Date.now() - t0) / 1000;
    const { text, step } = (await reached.jsonValue())!;
    const fps = await page.evaluate(() => window.descentNetworks!.fps);
    expect(text).toMatch(/^held-out accuracy \d+\.\d%$/);
    expect(await page.textContent('#nw-step-count')).toMatch(/^step [\d\u2009]+$/);
    const longTasks = await page.evaluate((t0) => (window.longTasks ?? []).filter((t) => t.duration > 100 && t.start >= t0), since);
    // After the measurements: a screenshot is itself a long task.
    await page.locator('#networks').screenshot({ path: join(SHOTS, 'networks-spirals.png') });
    const maxPaint = await page.evaluate(() => window.descentNetworks!.maxPaintMs);
    console.log(`network lab: spirals ${text} at step ${step} after ${seconds.toFixed(1)} s; ${fps.toFixed(0)} fps; longest paint ${maxPaint.toFixed(1)} ms`);
    expect(fps).toBeGreaterThanOrEqual(30);
    expect(longTasks).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('four runs racing a long run keep the main thread mostly free and Pause answers at once', { retry: 2, timeout: 90_000 }, async () => {
    await open(page, server.url, 'dataset=moons&n=100&hidden=4&o=sgd:learningRate=0.1&o=adam&o=rmsprop&o=sgd:learningRate=0.05,momentum=0.9&steps=100000&speed=0&sharp=0&play=1');
    // Let the histories grow first: the cost the audit found grew with them.
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step) >= 25_000, undefined, { timeout: 60_000, polling: 500 });
    const since = await page.evaluate(() => performance.now());
    await page.waitForTimeout(6000);
    const { tasks, window: span, steps, points } = await page.evaluate((t0) => ({
      tasks: (window.longTasks ?? []).filter((t) => t.start >= t0).map((t) => t.duration),
      window: performance.now() - t0,
      steps: Number(document.querySelector<HTMLElement>('#nw-runs-body tr')!.dataset.step),
      points: window.descentNetworks!.frame!.runs[0]!.history.length,
    }), since);
    const t1 = Date.now();
    await page.click('#nw-play');
    await page.waitForFunction(() => window.descentNetworks!.frame?.playing === false, undefined, { timeout: 10_000, polling: 20 });
    const pauseMs = Date.now() - t1;
    const busy = tasks.reduce((a, b) => a + b, 0);
    const over100 = tasks.filter((d) => d > 100);
    console.log(`network lab, four runs at step ${steps} (${points} points kept): long tasks ${busy.toFixed(0)} ms of ${span.toFixed(0)} ms, ${over100.length} over 100 ms (longest ${Math.max(0, ...tasks).toFixed(0)} ms); Pause answered in ${pauseMs} ms`);
    expect(points).toBeLessThanOrEqual(1000);
    expect(over100.length).toBeLessThanOrEqual(2);
    expect(busy / span).toBeLessThan(0.2);
    expect(pauseMs).toBeLessThan(1000);
    // At 1300 px the four-run table shows every column, and no cell wraps ("4 000" on two lines).
    const table = await page.evaluate(() => {
      const t = document.getElementById('nw-runs-body')!.closest('table')!;
      const cells = Array.from(t.querySelectorAll('td, th')) as HTMLElement[];
      return { scroll: t.scrollWidth, client: t.clientWidth, wrapped: cells.filter((c) => c.getBoundingClientRect().height > 40).map((c) => c.textContent) };
    });
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    expect(table.wrapped).toEqual([]);
    // The headline names every run of the race.
    expect(await page.textContent('#nw-accuracy')).toMatch(/^held-out accuracy: SGD, η 0\.1 [\d.]+% · Adam[^·]* [\d.]+% · RMSprop[^·]* [\d.]+% · SGD, momentum 0\.9/);
  });

  it('an 8 × 64 race measuring λmax every 5 steps: Pause answers between Hessian-vector products, not after a whole measurement', { retry: 2, timeout: 90_000 }, async () => {
    const deep = Array(8).fill(64).join(',');
    await open(page, server.url, `dataset=spirals&hidden=${deep}&act=relu&o=sgd&o=adam&o=rmsprop&o=lion&steps=100000&speed=0&sharp=5&play=1`);
    await page.waitForFunction(() => (window.descentNetworks!.frame?.runs[3]?.sharpness.length ?? 0) >= 2, undefined, { timeout: 60_000, polling: 100 });
    // Most of the worker's time goes to measurements (80 products every 5 steps), so a Pause
    // pressed at an arbitrary moment usually lands inside one. Timed in the page: from the click
    // to the button saying Play, and to the first frame from the worker saying it paused.
    const rounds: Array<{ button: number; worker: number }> = [];
    for (let round = 0; round < 5; round++) {
      await page.waitForTimeout(150 + 110 * round);
      rounds.push(await page.evaluate(async () => {
        const d = window.descentNetworks!;
        const button = document.getElementById('nw-play')!;
        const t0 = performance.now();
        button.click();
        const buttonMs = button.getAttribute('aria-pressed') === 'false' ? performance.now() - t0 : NaN;
        while (d.frame?.playing !== false) await new Promise((r) => setTimeout(r, 2));
        return { button: buttonMs, worker: performance.now() - t0 };
      }));
      await page.click('#nw-play');
      await page.waitForFunction(() => window.descentNetworks!.frame?.playing === true, undefined, { timeout: 10_000, polling: 10 });
    }
    await page.click('#nw-play');
    // A measurement under way when Pause came goes on to its end (its point belongs to a step
    // already taken), while training stays paused: every run ends up measured at the same steps.
    const done = await page.waitForFunction(() => {
      const runs = window.descentNetworks!.frame!.runs;
      const steps = runs.map((r) => r.sharpness.map((p) => p.step));
      return runs.every((r) => r.sharpness.length === steps[0]!.length && r.sharpness[r.sharpness.length - 1]!.step === r.step - (r.step % 5)) ? steps : null;
    }, undefined, { timeout: 20_000, polling: 50 });
    const points = (await done.jsonValue())!;
    const worst = Math.max(...rounds.map((r) => r.worker));
    console.log(`network lab, 8 × 64 race, λmax every 5 steps: Pause → button ${rounds.map((r) => r.button.toFixed(0)).join(', ')} ms, → worker paused ${rounds.map((r) => r.worker.toFixed(0)).join(', ')} ms (worst ${worst.toFixed(0)} ms); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const r of rounds) expect(r.button).toBeLessThan(50);
    expect(worst).toBeLessThan(PAUSE_BOUND_MS);
    // Every run measured at the same steps, each a multiple of 5: the race stayed in lock-step.
    for (const steps of points) {
      expect(steps).toEqual(points[0]);
      for (const s of steps) expect(s % 5).toBe(0);
    }
    // Reset in the middle of a measurement drops it: the new runs start at step 0 with no points.
    await page.click('#nw-play');
    await page.waitForTimeout(400);
    const resetMs = await page.evaluate(async () => {
      const d = window.descentNetworks!;
      const t0 = performance.now();
      document.getElementById('nw-reset')!.click();
      while (d.frame?.runs[0]?.step !== 0) await new Promise((r) => setTimeout(r, 2));
      return performance.now() - t0;
    });
    await page.waitForTimeout(1000);
    const after = await page.evaluate(() => window.descentNetworks!.frame!.runs.map((r) => ({ step: r.step, points: r.sharpness.length })));
    console.log(`network lab, 8 × 64 race: Reset answered in ${resetMs.toFixed(0)} ms`);
    expect(after).toEqual([0, 0, 0, 0].map(() => ({ step: 0, points: 0 })));
    expect(resetMs).toBeLessThan(PAUSE_BOUND_MS + 500);
    expect(errors).toEqual([]);
  });

  it('the keyboard plays, pauses, steps and resets', async () => {
    await open(page, server.url, 'dataset=moons&speed=100');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('s');
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step === '2');
    await page.keyboard.press(' ');
    expect(await page.getAttribute('#nw-play', 'aria-pressed')).toBe('true');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step) > 20);
    await page.keyboard.press(' ');
    expect(await page.getAttribute('#nw-play', 'aria-pressed')).toBe('false');
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step === '0');
    // Fixed seeds: a reset replays the same run, weight for weight.
    const paramsAfter = async (steps: number): Promise<number[]> => {
      for (let i = 0; i < steps; i++) await page.keyboard.press('s');
      await page.waitForFunction((n) => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step === String(n), steps);
      return page.evaluate(() => Array.from(window.descentNetworks!.frame!.runs[0]!.params));
    };
    const first = await paramsAfter(3);
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.step === '0');
    expect(await paramsAfter(3)).toEqual(first);
    // The Surfaces panel did not also take the keys.
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
  }, 60_000);

  it('with no hash, Space with the pointer over the lab plays the lab, not the Surfaces panel', async () => {
    await page.goto(`${server.url}`);
    await page.waitForSelector('#nw-boundaries canvas');
    await page.locator('#nw-boundaries canvas').first().scrollIntoViewIfNeeded();
    // The pointer comes from outside the lab (an earlier test may have left it anywhere).
    await page.mouse.move(1, 1);
    await page.locator('#nw-boundaries canvas').first().hover();
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.getElementById('nw-play')?.getAttribute('aria-pressed') === 'true', undefined, { timeout: 5_000 });
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    // Pause while the worker is sending frames: a frame built before the pause reached it must not
    // turn the button back to "playing" (CI saw it once). Every change of the button is recorded.
    await page.evaluate(() => {
      const w = window as unknown as { playChanges: string[] };
      w.playChanges = [];
      new MutationObserver(() => w.playChanges.push(document.getElementById('nw-play')!.getAttribute('aria-pressed')!))
        .observe(document.getElementById('nw-play')!, { attributes: true, attributeFilter: ['aria-pressed'] });
    });
    for (let round = 0; round < 4; round++) {
      if (round > 0) {
        await page.keyboard.press(' ');
        await page.waitForFunction(() => document.getElementById('nw-play')?.getAttribute('aria-pressed') === 'true');
        await page.waitForTimeout(150);
      }
      await page.keyboard.press(' ');
      expect(await page.getAttribute('#nw-play', 'aria-pressed')).toBe('false');
      await page.waitForTimeout(300);
    }
    const changes = await page.evaluate(() => (window as unknown as { playChanges: string[] }).playChanges);
    expect(changes).toEqual(['false', 'true', 'false', 'true', 'false', 'true', 'false']);
  }, 60_000);

  it('race mode: SGD and Adam from the same initial weights draw two boundaries and two different curves', async () => {
    await open(page, server.url, 'dataset=circles&o=sgd&o=adam&steps=300&speed=0&play=1');
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('#nw-runs-body tr')).every((t) => t.dataset.stopped === 'step cap'), undefined, { timeout: 30_000 });
    expect(await page.$$eval('#nw-boundaries canvas', (c) => c.length)).toBe(2);
    const frame = await page.evaluate(() => {
      const f = window.descentNetworks!.frame!;
      return f.runs.map((r) => ({ first: r.history[0]!.trainLoss, last: r.history[r.history.length - 1]!.trainLoss, n: r.history.length }));
    });
    expect(frame).toHaveLength(2);
    expect(frame[0]!.first).toBe(frame[1]!.first);
    // Two runs at 1300 px: the runs table shows every column (the status column was clipped beside the boundaries).
    expect(await page.evaluate(() => {
      const t = document.getElementById('nw-runs-body')!.closest('table')!;
      return t.scrollWidth - t.clientWidth;
    })).toBeLessThanOrEqual(0);
    expect(frame[0]!.last).not.toBe(frame[1]!.last);
    const legend = await page.textContent('#networks');
    expect(legend).toContain('SGD');
    expect(legend).toContain('Adam');
    await page.locator('#networks').screenshot({ path: join(SHOTS, 'networks-race.png') });
  }, 60_000);

  it('the sharpness readout agrees with λmax computed in Node on the same weights', async () => {
    const query = 'dataset=moons&n=120&hidden=6&batch=0&o=sgd:learningRate=0.5&steps=210&speed=0&sharp=50&play=1';
    await open(page, server.url, query);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.stopped === 'step cap', undefined, { timeout: 30_000 });
    // Measured every 50 steps, stopped at 210: the λmax shown is step 200's, and its tooltip says so.
    const lambdaTitle = () => page.$eval('#nw-runs-body tr td:nth-child(6)', (td) => (td as HTMLElement).title);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.lambdaStep === '200');
    expect(await lambdaTitle()).toBe('λmax at step 200 (the run is at step 210)');
    await page.click('#nw-measure');
    await page.waitForFunction(() => window.descentNetworks!.frame!.runs[0]!.sharpness.at(-1)?.step === 210);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.lambdaStep === '210');
    const { params, lambda } = await page.evaluate(() => {
      const r = window.descentNetworks!.frame!.runs[0]!;
      return { params: Array.from(r.params), lambda: r.sharpness[r.sharpness.length - 1]!.lambda };
    });
    const [row] = await rows(page);
    expect(row!.lambda).toBe(lambda);
    // The Measure button measures the weights of now: step 210.
    expect(await lambdaTitle()).toBe('λmax at step 210');
    const trainer = new LabTrainer(decodeLabState(query).config);
    const run = trainer.runs[0]!;
    writeFlat(run.params().map(([, p]) => p), params);
    const node = powerIteration(() => trainer.loss(run, trainer.train.x, trainer.train.t), run.params(), { iterations: 1000, tol: 1e-12 });
    console.log(`network lab: λmax page ${lambda}, Node ${node.lambda}, relative difference ${Math.abs(lambda - node.lambda) / node.lambda}`);
    expect(Math.abs(lambda - node.lambda) / node.lambda).toBeLessThan(1e-4);
    expect(await page.textContent('#nw-sharp-chart + figcaption')).toContain('2/η');
  }, 60_000);

  it('the edge-of-stability preset: full-batch gradient descent drives λmax up to 2/η', async () => {
    await open(page, server.url, 'dataset=moons');
    await page.click('a[data-preset="edge of stability"]');
    await page.waitForFunction(() => window.descentNetworks!.frame?.runs[0]?.optimizer === 'sgd' && window.descentNetworks!.frame.playing);
    const hit = await page.waitForFunction(() => {
      const r = window.descentNetworks!.frame!.runs[0]!;
      const p = r.sharpness.find((q) => q.lambda >= 0.8 * (2 / q.learningRate));
      return p ? { step: p.step, lambda: p.lambda, edge: 2 / p.learningRate, first: r.sharpness[0]!.lambda } : null;
    }, undefined, { timeout: 40_000, polling: 250 });
    const { step, lambda, edge, first } = (await hit.jsonValue())!;
    console.log(`network lab: edge of stability — λmax ${first.toFixed(1)} at step 50, ${lambda.toFixed(1)} at step ${step}; 2/η = ${edge}`);
    expect(edge).toBe(40);
    // The controls show the preset's configuration.
    expect(await page.inputValue('#nw-dataset')).toBe('spirals');
    expect(await page.inputValue('#nw-loss')).toBe('mse');
    expect(await page.inputValue('#nw-batch')).toBe('0');
    expect(first).toBeLessThan(0.8 * edge);
    await page.click('#nw-play');
    await page.locator('#networks').screenshot({ path: join(SHOTS, 'networks-edge-of-stability.png') });
  }, 60_000);

  it('a 2-D landscape completes with progress; a slice can be cancelled; principal directions show the path', async () => {
    // Before any step the principal-directions slice has no trajectory: the page says to train first.
    await open(page, server.url, 'dataset=xor&steps=200&speed=0');
    await page.selectOption('#nw-ls-mode', '2d-pca');
    await page.click('#nw-ls-run-button');
    await page.waitForSelector('#nw-ls-job[data-state="error"]', { state: 'attached', timeout: 30_000 });
    expect(await page.textContent('#nw-ls-status')).toMatch(/^train first: /);
    await open(page, server.url, 'dataset=xor&steps=200&speed=0&play=1');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.stopped === 'step cap', undefined, { timeout: 30_000 });
    await page.selectOption('#nw-ls-mode', '2d');
    await page.fill('#nw-ls-steps', '61');
    await page.click('#nw-ls-run-button');
    expect(await page.getAttribute('#nw-ls-job', 'data-state')).toBe('running');
    await page.click('#nw-ls-cancel');
    expect(await page.getAttribute('#nw-ls-job', 'data-state')).toBe('cancelled');
    await page.fill('#nw-ls-steps', '25');
    await page.click('#nw-ls-run-button');
    await page.waitForSelector('#nw-ls-job[data-state="done"]', { state: 'attached', timeout: 30_000 });
    expect(await page.textContent('#nw-ls-status')).toMatch(/^done: 625 losses/);
    await page.locator('#nw-landscape').screenshot({ path: join(SHOTS, 'networks-landscape-2d.png') });
    const randomExtent = pathExtent(await page.evaluate(() => window.descentNetworks!.landscape!));
    await page.selectOption('#nw-ls-mode', '2d-pca');
    await recordLabels(page, 'nw-landscape');
    await page.click('#nw-ls-run-button');
    await page.waitForSelector('#nw-ls-job[data-state="done"]', { state: 'attached', timeout: 30_000 });
    // Every upright label lies on the canvas, 2 px or more from the others (β's end ticks were
    // centred on the frame's corners: the bottom one touched the first α tick, −5.73 above −11.4).
    const { width, height, labels } = await drawnBoxes(page, 'nw-landscape');
    expect(labels.length).toBeGreaterThanOrEqual(9);
    expectLabelsClear(labels, width, height);
    const slice = await page.evaluate(() => window.descentNetworks!.landscape!);
    const pca = { extent: pathExtent(slice), explained: slice.explained! };
    await page.locator('#nw-landscape').screenshot({ path: join(SHOTS, 'networks-landscape-pca.png') });
    console.log(`network lab landscape: path extent ${pca.extent.toFixed(2)} of the axis on the principal directions (PC1 ${(100 * pca.explained[0]!).toFixed(0)}%, PC2 ${(100 * pca.explained[1]!).toFixed(0)}%), ${randomExtent.toFixed(3)} on two random directions`);
    expect(pca.extent).toBeGreaterThanOrEqual(0.3);
    expect(pca.explained[0]!).toBeGreaterThanOrEqual(pca.explained[1]!);
    // The caption describes the slice shown: principal directions, the whole path, range ± unused (it said "random directions see little of it").
    const pcaCaption = (await page.textContent('#nw-landscape-caption'))!;
    expect(pcaCaption).toContain('principal directions');
    expect(pcaCaption).not.toContain('random');
    expect(await page.isDisabled('#nw-ls-range')).toBe(true);
    await page.selectOption('#nw-ls-mode', '2d');
    expect(await page.isDisabled('#nw-ls-range')).toBe(false);
    expect(await page.textContent('#nw-landscape-caption')).toBe(pcaCaption);
    await page.selectOption('#nw-ls-mode', '1d-init');
    await page.click('#nw-ls-run-button');
    await page.waitForSelector('#nw-ls-job[data-state="done"]', { state: 'attached', timeout: 30_000 });
    await page.locator('#nw-landscape').screenshot({ path: join(SHOTS, 'networks-landscape-1d.png') });
    expect(await page.textContent('#nw-landscape-caption')).toContain('to the initial weights');
    expect(errors).toEqual([]);
  }, 60_000);

  it('per-layer activations go into the link; regression draws its fit and reports RMSE', async () => {
    await open(page, server.url, 'dataset=regression&hidden=16,16&act=tanh&steps=1500&speed=0&sharp=0');
    await page.selectOption('#nw-activation-2', 'relu');
    await page.waitForFunction(() => location.hash.includes('act=tanh%2Crelu'));
    await page.click('#nw-play');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#nw-runs-body tr')?.dataset.stopped === 'step cap', undefined, { timeout: 30_000 });
    const text = (await page.textContent('#nw-accuracy'))!;
    expect(text).toMatch(/^held-out RMSE /);
    // Regression text, not the classification one.
    expect(await page.textContent('#nw-boundary-caption')).toContain('fitted curve');
    expect(await page.textContent('#nw-boundary-caption')).not.toContain('decision boundary');
    expect(await page.$$eval('#nw-runs-body', (b) => b[0]!.closest('table')!.tHead!.textContent)).toContain('RMSE');
    expect(Number(await page.getAttribute('#nw-accuracy', 'data-test-error'))).toBeLessThan(0.15);
    await page.locator('#nw-boundaries').screenshot({ path: join(SHOTS, 'networks-regression.png') });
  }, 60_000);

  it('an 8 × 64 ReLU network races four optimizers and keeps painting', async () => {
    await open(page, server.url, 'dataset=spirals&hidden=64,64,64,64,64,64,64,64&act=relu&o=sgd&o=adam&o=rmsprop&o=lion&speed=0&sharp=0&play=1');
    await recordLabels(page, 'nw-network');
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('#nw-runs-body tr')).every((t) => Number(t.dataset.step) >= 20), undefined, { timeout: 40_000 });
    expect(await page.$$eval('#nw-boundaries canvas', (c) => c.length)).toBe(4);
    await page.click('#nw-play');
    // All 515 units on the canvas, below the column names (at 4 px + 3 px a unit, 64 units took 448
    // px of 320: a third were off the canvas and the top ones covered the names); the names clear of each other.
    await page.waitForFunction(() => (window as unknown as { drawnBoxes: Box[] }).drawnBoxes.some((b) => b.text === 'rect'), undefined, { timeout: 10_000 }); // the paused frame's paint (one task)
    const { width, height, labels, rects } = await drawnBoxes(page, 'nw-network');
    expect(rects.length).toBe(2 + 8 * 64 + 1);
    const namesBottom = Math.max(...labels.filter((l) => /^(inputs|output|layer \d)/.test(l.text)).map((l) => l.y1));
    for (const r of rects) expect(r.x0 >= 0 && r.x1 <= width && r.y0 > namesBottom && r.y1 <= height).toBe(true);
    expectLabelsClear(labels, width, height);
    await page.locator('#networks').screenshot({ path: join(SHOTS, 'networks-8x64-race.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('at 390 px and devicePixelRatio 2 the lab fits the screen and its canvases are sharp', async () => {
    const phone = await openPhonePage({ context, errors });
    try {
      await phone.goto(`${server.url}#networks?hidden=8,8,8,8,8,8,8,8&o=sgd&o=adam&o=lion&o=rmsprop&features=x,y,x2,y2,xy,sinx,siny`);
      await phone.waitForSelector('#nw-runs-body tr');
      await phone.waitForTimeout(300);
      const canvases = await phone.$$eval('#networks canvas', (cs) => (cs as HTMLCanvasElement[]).map((c) => ({ id: c.id || c.className, backing: c.width, css: Number((c as HTMLElement).dataset.cssWidth), shown: c.getBoundingClientRect().width })));
      expect(canvases.length).toBeGreaterThanOrEqual(9);
      for (const c of canvases) {
        expect(c.backing, c.id).toBe(2 * c.css);
        expect(c.shown, c.id).toBeLessThanOrEqual(390);
      }
      const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: innerWidth }));
      expect(widths.doc).toBeLessThanOrEqual(widths.view);
    } finally {
      await phone.close();
    }
  }, 60_000);

  it('a bad configuration is explained, and clicked points train once there are two classes', async () => {
    await page.goto(`${server.url}#networks?dataset=clicked`);
    await page.waitForSelector('#nw-error:not([hidden])');
    expect(await page.textContent('#nw-error')).toContain('click at least two points');
    const canvas = page.locator('#nw-boundaries canvas').first();
    await canvas.click({ position: { x: 60, y: 60 } });
    await canvas.click({ position: { x: 250, y: 250 }, modifiers: ['Shift'] });
    await page.waitForSelector('#nw-runs-body tr');
    expect(await page.isHidden('#nw-error')).toBe(true);
    expect(page.url()).toContain('pts=');
  }, 60_000);
});
