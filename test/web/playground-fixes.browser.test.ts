/**
 * The Surfaces panel's fixes from issue 15, in headless Chromium: diverged runs clipped on the loss
 * chart, a legend and distinct colours, variant labels and symbols, runs that stop and say why,
 * non-finite starts and invalid formulas stopping the runs, HiDPI canvases and a 390 px layout,
 * map ticks and colour bar, stationary-point labels only where ∇f ≈ 0.
 */
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, openPhonePage, runRows, SHOTS, usePlaygroundBrowser } from '../helpers/playground-browser.js';

/** Opens the page at `query` and waits for the Surfaces panel. */
async function open(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}${query}`);
  await page.waitForSelector('#runs-body tr, #expr-error:not([hidden])');
  await page.waitForSelector('#map[data-heatmap="ready"]', { state: 'attached' }); // the worker's heat map is in
}

describe.skipIf(chromiumMissing())('playground fixes (issue 15) in headless Chromium', () => {
  const { page, context, server, errors } = usePlaygroundBrowser();

  it('a diverged run (RAdam at 0.05 on Beale) does not stretch the loss axis; it is marked diverged', async () => {
    await open(page, server.url, '?fn=beale&speed=50&o=sgd&o=adam&o=radam');
    for (let i = 0; i < 400; i++) await page.keyboard.press('s');
    const r = await runRows(page);
    const radam = r.find((x) => x.optimizer === 'radam')!;
    expect(radam.stopped).toBe('diverged');
    expect(radam.status).toContain('diverged at step');
    const chart = await page.$eval('#loss-chart', (c) => ({ ...(c as HTMLElement).dataset }));
    // Beale's loss starts at f − f* = 41.25; the finite runs set the axis, not RAdam's blow-up.
    expect(Number(chart.yMax)).toBeLessThan(1e3);
    expect(Number(chart.yMax)).toBeGreaterThan(41);
    expect(chart.clipped).toBe(radam.label);
    expect(await page.textContent('#loss-legend')).toContain(`${radam.label} (diverged)`);
    await page.locator('#surfaces').screenshot({ path: join(SHOTS, 'fixes-diverged-clipped.png') });
  });

  it('19 optimizers get 19 different colours, and the loss chart has a legend naming each', async () => {
    const names = ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'rprop', 'asgd', 'lbfgs', 'lion', 'sgd-schedule-free', 'adamw-schedule-free', 'muon', 'quickprop', 'lecture-nesterov', 'newton'];
    await open(page, server.url, `?fn=quadratic&${names.map((n) => `o=${n}`).join('&')}`);
    await page.click('#step');
    const swatches = await page.$$eval('#runs-body tr .swatch', (s) => s.map((e) => (e as HTMLElement).style.backgroundColor));
    expect(swatches.length).toBe(names.length);
    expect(new Set(swatches).size).toBe(names.length);
    const legendItems = await page.$$eval('#loss-legend li', (li) => li.map((l) => l.textContent!.trim()));
    expect(legendItems.length).toBe(names.length);
    expect(legendItems).toContain('Nesterov (lecture form)');
  });

  it('runs are labelled by their variant; sliders by their symbols, without overlap', async () => {
    await open(page, server.url, '?fn=beale&o=sgd&o=sgd:momentum=0.9&o=sgd:momentum=0.9,nesterov=true&o=lecture-nesterov&o=adam');
    const labels = (await runRows(page)).map((r) => r.label);
    expect(labels).toEqual(['SGD', 'SGD, momentum 0.9', 'SGD + Nesterov, momentum 0.9', 'Nesterov (lecture form)', 'Adam']);
    const cardTitles = await page.$$eval('.optimizer-card .card-title-text', (t) => t.map((e) => e.textContent));
    expect(cardTitles).toEqual(labels);
    const adamLabels = await page.$$eval('.optimizer-card[data-optimizer="adam"] .param label', (l) => l.map((e) => e.textContent));
    expect(adamLabels.slice(0, 4)).toEqual(['η learning rate', 'β₁', 'β₂', 'ε']);
    // Changing momentum renames the run.
    const momentum = '.optimizer-card[data-optimizer="sgd"] >> nth=0 >> input[type=number][id*=momentum]';
    await page.fill(momentum, '0.5');
    await page.press(momentum, 'Enter');
    expect((await runRows(page))[0]!.label).toBe('SGD, momentum 0.5');
    // Adagrad's long option name must not run under its slider.
    await open(page, server.url, '?fn=beale&o=adagrad');
    const overlaps = await page.$$eval('.optimizer-card .param', (params) =>
      params.map((p) => {
        const label = p.querySelector('label')!.getBoundingClientRect();
        const next = (p.querySelector('input[type=range]') ?? p.querySelector('input, select'))!.getBoundingClientRect();
        return label.right > next.left + 0.5 && label.left < next.right ? p.querySelector('label')!.textContent : null;
      }),
    );
    expect(overlaps.filter((o) => o !== null)).toEqual([]);
  });

  it('one number format: typographic minus signs, round symlog ticks', async () => {
    // x² − y² has negative values: the chart is symlog, the table shows negative numbers.
    await open(page, server.url, '?fn=custom&expr=' + encodeURIComponent('x^2 - y^2') + '&start=1,0.5&o=sgd:learningRate=0.1');
    for (let i = 0; i < 30; i++) await page.keyboard.press('s');
    const text = await page.textContent('#surfaces');
    expect(text).toMatch(/−\d/);
    // No ASCII minus in a number of a readout.
    const cells = await page.$$eval('#runs-body td.num, #curvature-body td.num', (tds) => tds.map((t) => t.textContent!));
    for (const c of cells) expect(c, c).not.toMatch(/-\d/);
    const ticks = await page.evaluate(() => window.descentChartTicks?.['loss-chart'] ?? []);
    expect(ticks.length).toBeGreaterThan(2);
    // One style (web/format.ts): decimals from 0.001 to 1000, powers of ten (10⁻⁴, 10⁶) beyond.
    for (const t of ticks) expect(t, t).toMatch(/^(0|−?1(0{0,3})|−?0\.0{0,2}1|−?10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
  });

  it('runs stop at the step cap, on convergence or on divergence, and say why; play then stops', async () => {
    await open(page, server.url, '?fn=quadratic&speed=50&o=sgd:learningRate=0.05&o=adam&o=sgd:learningRate=1.5');
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play')!.getAttribute('aria-pressed') === 'false', undefined, { timeout: 45_000 });
    const r = await runRows(page);
    expect(r.map((x) => x.stopped)).toEqual(['converged', expect.stringMatching(/converged|step cap/), 'diverged']);
    for (const x of r) {
      expect(x.steps).toBeLessThanOrEqual(10_000);
      expect(x.status.length).toBeGreaterThan(5);
    }
    expect(r[0]!.status).toContain('converged at step');
    // Play on stopped runs does nothing.
    await page.click('#play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
  });

  it('a start where f is not finite (log x at x < 0) is explained and nothing runs', async () => {
    await open(page, server.url, '?fn=custom&expr=log(x)&o=sgd&o=adam&o=adagrad');
    expect(await page.isVisible('#start-error')).toBe(true);
    expect(await page.textContent('#start-error')).toContain('not defined at the start point');
    await page.click('#step');
    for (const x of await runRows(page)) {
      expect(x.stopped).toBe('invalid start');
      expect(x.steps).toBe(0);
    }
    // A click where log x is defined starts the runs.
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.5);
    expect(await page.isHidden('#start-error')).toBe(true);
    await page.click('#step');
    for (const x of await runRows(page)) expect(x.steps, x.optimizer).toBe(1);
  });

  it('an invalid formula stops the runs (the old function does not keep running)', async () => {
    await open(page, server.url, '?fn=custom&expr=' + encodeURIComponent('x^2 + y^2') + '&speed=1&o=sgd');
    await page.click('#play');
    await page.fill('#expr', 'x^2 + * y');
    await page.press('#expr', 'Enter');
    await page.waitForSelector('#expr-error:not([hidden])');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    expect(await page.$$('#runs-body tr')).toHaveLength(0);
    expect(await page.$$('#curvature-body tr')).toHaveLength(0);
    expect(await page.getAttribute('#loss-chart', 'data-y-max')).toBe('');
    await page.click('#play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    expect(await page.textContent('#step-count')).toBe('0');
  });

  it('the map has ticks and a colour bar; only stationary points are called minimum or saddle', async () => {
    await open(page, server.url, '?fn=beale&o=adam');
    const scale = await page.textContent('#map-scale');
    expect(scale).toMatch(/\d.*\d/);
    expect(await page.isVisible('#map-scale .scale-bar')).toBe(true);
    // Beale's start (1, 1.5) has ‖∇f‖ ≈ 64: whatever the curvature, not a minimum.
    const startKind = await page.$eval('#curvature-body tr', (t) => (t as HTMLElement).dataset.kind);
    expect(startKind).toBe('not stationary');
    expect(await page.textContent('#curvature-body tr')).toContain('not stationary');
    // At Beale's minimum (3, 0.5) it is a minimum.
    await open(page, server.url, '?fn=beale&start=3,0.5&o=adam');
    expect(await page.$eval('#curvature-body tr', (t) => (t as HTMLElement).dataset.kind)).toBe('minimum');
  });

  it('sharp canvases at devicePixelRatio 2 and no horizontal overflow at 390 px', async () => {
    const phone = await openPhonePage({ context, errors });
    try {
      await phone.goto(server.url);
      await phone.waitForSelector('#runs-body tr');
      await phone.waitForSelector('#km-table tr', { timeout: 60_000 });
      await phone.waitForSelector('#bs-table tr', { timeout: 60_000 });
      expect(await phone.evaluate(() => devicePixelRatio)).toBe(2);
      // The MNIST panel draws its canvases when it comes near the viewport (not at page load).
      await phone.locator('#mnist').scrollIntoViewIfNeeded();
      await phone.waitForSelector('#mn-chart-loss[data-css-width]', { state: 'attached' });
      const canvases = await phone.$$eval('canvas', (cs) => cs.map((c) => ({ id: c.id, backing: c.width, css: Number((c as HTMLElement).dataset.cssWidth), shown: c.getBoundingClientRect().width })));
      expect(canvases.length).toBeGreaterThan(5);
      for (const c of canvases) {
        expect(c.backing, c.id).toBe(2 * c.css);
        expect(c.shown, c.id).toBeLessThanOrEqual(390);
      }
      const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: innerWidth }));
      expect(widths.view).toBe(390);
      expect(widths.doc).toBeLessThanOrEqual(390);
      expect(widths.body).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: join(SHOTS, 'fixes-390px-dpr2.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
