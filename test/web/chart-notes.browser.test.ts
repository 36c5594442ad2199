/**
 * The network lab's charts in headless Chromium on a race where two of three runs diverge: each
 * diverged run gets one "<run>: diverged" label, inside the plot area, no two labels overlapping;
 * the log sharpness axis has at least three ticks and its 2/η line is labelled on the chart.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, SHOTS, usePlaygroundBrowser } from '../helpers/playground-browser.js';

const RACE = 'dataset=moons&loss=mse&o=sgd:learningRate=20&o=adam&o=sgd:learningRate=0.5&batch=0&speed=0&play=1&avg=ema';

describe.skipIf(chromiumMissing())('diverged-run labels and log ticks on the lab charts', () => {
  const { page, server, errors } = usePlaygroundBrowser();

  it('one label per diverged run, inside the plot, none overlapping; ≥ 3 ticks on the sharpness axis', async () => {
    await page.goto(`${server.url}#networks?${RACE}`);
    await page.waitForFunction(() => (window.descentChartNotes?.['nw-loss-chart'] ?? []).length >= 2, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const notes = await page.evaluate(() => window.descentChartNotes?.['nw-loss-chart'] ?? []);
    const width = await page.evaluate(() => (document.getElementById('nw-loss-chart') as HTMLCanvasElement).width);
    await page.locator('#nw-loss-chart').screenshot({ path: join(SHOTS, 'lab-diverged-notes.png') });
    await page.locator('#nw-sharp-chart').screenshot({ path: join(SHOTS, 'lab-sharpness-ticks.png') });
    expect(notes.map((n) => n.text).sort()).toEqual(['SGD, η 0.5: diverged', 'SGD, η 20: diverged'].sort());
    for (const n of notes) {
      // Inside the plot area: right of the y tick labels (left padding 66 px), below its top border.
      expect(n.x, n.text).toBeGreaterThan(66);
      expect(n.y, n.text).toBeGreaterThan(10);
      expect(n.x + n.w, n.text).toBeLessThanOrEqual(width - 12);
    }
    const [a, b] = notes as [(typeof notes)[0], (typeof notes)[0]];
    const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
    expect(apart, JSON.stringify(notes)).toBe(true);
    const ticks = await page.evaluate(() => window.descentChartTicks?.['nw-sharp-chart'] ?? []);
    expect(ticks.length, ticks.join(' ')).toBeGreaterThanOrEqual(3);
    // Adam's dashed 2/η line (η = 0.03) is labelled where it is drawn.
    const tags = await page.evaluate(() => (window.descentChartNotes?.['nw-sharp-chart'] ?? []).map((n) => n.text));
    expect(tags).toContain('2/η = 66.67');
    expect(errors).toEqual([]);
  }, 120_000);

  it('runs sharing a 2/η line share one tag; tags of nearby lines do not cover each other', async () => {
    const same = 'dataset=moons&o=sgd:learningRate=0.1&o=sgd:learningRate=0.1,momentum=0.9&o=sgd:learningRate=0.11&sharp=5&steps=60&speed=0&play=1';
    await page.goto(`${server.url}#networks?${same}`);
    // This configuration's three runs at their step cap (the previous test's rows are replaced first).
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('#nw-runs-body tr'));
      return rows.length === 3 && rows.every((t) => t.dataset.step === '60' && t.dataset.stopped === 'step cap');
    }, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => (window.descentChartNotes?.['nw-sharp-chart'] ?? []).length > 0, undefined, { timeout: 10_000 });
    await page.waitForTimeout(500);
    const tags = await page.evaluate(() => window.descentChartNotes?.['nw-sharp-chart'] ?? []);
    await page.locator('#nw-sharp-chart').screenshot({ path: join(SHOTS, 'lab-sharpness-tags.png') });
    expect(tags.map((t) => t.text).sort()).toEqual(['2/η = 18.18', '2/η = 20']);
    const [a, b] = tags as [(typeof tags)[0], (typeof tags)[0]];
    const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
    expect(apart, JSON.stringify(tags)).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
