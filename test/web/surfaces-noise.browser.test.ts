/** The Surfaces panel's gradient-noise row in headless Chromium: read from the link, kept in it, replayed by Reset. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, runRows, usePlaygroundBrowser } from '../helpers/playground-browser.js';

async function steps(page: Page, n: number): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // the keys step only outside inputs
  for (let i = 0; i < n; i++) await page.keyboard.press('s');
}

describe.skipIf(chromiumMissing())('surfaces gradient noise (headless Chromium)', () => {
  const { page, server, errors } = usePlaygroundBrowser();

  it('a link with noise=σ&seed=s sets the row, and noisy SGD stays off the minimum where exact SGD reaches it', async () => {
    await page.goto(`${server.url}?fn=quadratic&start=1,1&o=sgd:learningRate=0.05&noise=0.5&seed=3`);
    await page.waitForSelector('#runs-body tr');
    expect(await page.inputValue('#noise')).toBe('0.5');
    expect(await page.inputValue('#noise-seed')).toBe('3');
    await steps(page, 300);
    const noisy = (await runRows(page))[0]!;
    // Reset replays the same noise: the same point after the same steps.
    await page.keyboard.press('r');
    await steps(page, 300);
    const again = (await runRows(page))[0]!;
    expect([again.x, again.y]).toEqual([noisy.x, noisy.y]);
    // σ = 0 from the row: exact gradients, and the link drops the noise.
    await page.fill('#noise', '0');
    await page.press('#noise', 'Enter');
    await steps(page, 300);
    const exact = (await runRows(page))[0]!;
    expect(exact.loss).toBeLessThan(1e-6);
    expect(noisy.loss).toBeGreaterThan(1e-4);
    expect(page.url()).not.toContain('noise=');
    // A new σ goes into the link.
    await page.fill('#noise', '2');
    await page.press('#noise', 'Enter');
    expect(page.url()).toContain('noise=2');
    expect(page.url()).toContain('seed=3');
    expect(errors).toEqual([]);
  }, 90_000);
});
