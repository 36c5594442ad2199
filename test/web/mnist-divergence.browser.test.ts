/**
 * The MNIST panel says what went wrong (issue 15), in headless Chromium: SGD at η = 50 stops with
 * "diverged at step N", the accuracy axis keeps 0–100%, the caption does not claim over-fitting
 * for a network at chance, 500 epochs is refused by name rather than clamped in silence, the
 * curves follow the network lab's convention (training solid, held-out dashed), and drawing on
 * the pad logs no getImageData warning.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MnistPanelState } from '../../web/mnist/panel.js';
import { chromiumMissing, usePlaygroundBrowser } from '../helpers/playground-browser.js';

async function mnist(page: Page): Promise<MnistPanelState> {
  return page.evaluate(() => window.descentMnist!);
}

describe.skipIf(chromiumMissing())('the MNIST panel on a bad run (headless Chromium)', () => {
  const warnings: string[] = [];
  const { page, server, errors } = usePlaygroundBrowser({
    setup: ({ page }) => {
      page.on('console', (m) => {
        if (m.type() === 'warning') warnings.push(m.text());
      });
    },
  });

  it('SGD at η = 50 stops early and says it diverged; the axis keeps 0–100%; no over-fitting claimed', async () => {
    await page.goto(`${server.url}#mnist?model=mlp&optimizer=sgd&lr=50&batch=32&epochs=5&seed=1`);
    await page.waitForFunction(() => ['done', 'diverged', 'error'].includes(window.descentMnist?.state ?? ''), undefined, { timeout: 90_000 });
    const s = await mnist(page);
    expect(s.state).toBe('diverged');
    expect(s.step).toBeLessThan(1250); // 5 epochs of 8 000 digits in batches of 32
    expect(await page.textContent('#mn-status')).toMatch(/^diverged at step \d+ \(loss [^)]+\)/);
    await page.waitForTimeout(300); // the last progress is drawn in an animation frame
    const ticks = await page.evaluate(() => window.descentChartTicks?.['mn-chart-accuracy'] ?? []);
    expect(ticks[0]).toBe('0');
    expect(ticks[ticks.length - 1]).toBe('100');
    expect(await page.textContent('#mnist figure:has(#mn-chart-accuracy) figcaption')).not.toContain('gap between the curves is over-fitting');
  }, 120_000);

  it('500 epochs is refused by name, not clamped in silence', async () => {
    await page.fill('#mn-epochs', '500');
    await page.click('#mn-train');
    expect((await mnist(page)).state).toBe('error');
    expect(await page.textContent('#mn-status')).toContain('from 1 to 50, not "500"');
  });

  it('training solid, held-out dashed, as in the network lab', async () => {
    const swatches = await page.$$eval('#mn-legend li', (lis) => lis.map((li) => `${li.textContent!.trim().split(' ')[0]}:${li.querySelector('.swatch')!.className}`));
    expect(swatches).toEqual(['training:swatch', 'held-out:swatch dashed']);
  });

  it('drawing on the pad logs no getImageData readback warning', async () => {
    const box = (await page.locator('#mn-pad').boundingBox())!;
    await page.mouse.move(box.x + 100, box.y + 60);
    await page.mouse.down();
    for (let i = 0; i < 8; i++) await page.mouse.move(box.x + 140, box.y + 60 + 20 * i, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    expect(warnings.filter((w) => w.includes('willReadFrequently'))).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
