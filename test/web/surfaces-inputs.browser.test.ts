/**
 * The Surfaces panel explains what it does with its inputs (issue 15), in headless Chromium: a
 * gradient-noise σ out of range is named with the valid range and the σ still in effect, σ and its
 * seed stay on one line at 1300 px, the colour bar says it is clipped at percentiles, and a bad
 * surface constant is explained in view.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing, usePlaygroundBrowser } from '../helpers/playground-browser.js';

async function open(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}${query}`);
  await page.waitForSelector('#runs-body tr');
  await page.waitForSelector('#map[data-heatmap="ready"]', { state: 'attached' });
}

describe.skipIf(chromiumMissing())('Surfaces inputs and colour bar (headless Chromium, 1300 px)', () => {
  const { page, server, errors } = usePlaygroundBrowser();

  it('σ = −1 or 1e9 is refused with a message naming 0 to 1000 and the σ in effect; a valid σ clears it', async () => {
    await open(page, server.url, '?fn=quadratic&o=sgd&noise=0.5&seed=2');
    for (const bad of ['-1', '1e9']) {
      await page.fill('#noise', bad);
      await page.press('#noise', 'Enter');
      expect(await page.isVisible('#noise-error')).toBe(true);
      const text = await page.textContent('#noise-error');
      expect(text).toContain('from 0 to 1');
      expect(text).toContain('000');
      expect(text).toContain(`not "${bad}"`);
      expect(text).toContain('σ = 0.5');
      expect(await page.getAttribute('#noise', 'aria-invalid')).toBe('true');
      expect(page.url()).toContain('noise=0.5');
    }
    await page.fill('#noise', '2');
    await page.press('#noise', 'Enter');
    expect(await page.isVisible('#noise-error')).toBe(false);
    expect(page.url()).toContain('noise=2');
  });

  it('σ and its seed sit on one line at 1300 px and narrower', async () => {
    for (const width of [1300, 1100, 900, 700]) {
      await page.setViewportSize({ width, height: 1000 });
      const boxes = await page.$$eval('#noise, #noise-seed', (inputs) => inputs.map((i) => i.getBoundingClientRect().top));
      expect(Math.abs(boxes[0]! - boxes[1]!), `at ${width} px`).toBeLessThan(4);
    }
    await page.setViewportSize({ width: 1300, height: 1000 });
  });

  it("Beale's colour bar says its colours are clipped at the 1st–99th percentile", async () => {
    await open(page, server.url, '?fn=beale&o=adam');
    await page.waitForSelector('#map-scale:not([hidden])');
    expect(await page.textContent('#map-scale')).toContain('clipped at the 1st–99th percentile');
  });

  it('a constant the surface rejects, or an empty one, is explained where it can be seen', async () => {
    await open(page, server.url, '?fn=quadratic&o=sgd');
    await page.fill('#const-kappa', '-1');
    await page.press('#const-kappa', 'Enter');
    expect(await page.isVisible('#constant-error')).toBe(true);
    expect(await page.textContent('#constant-error')).toContain('kappa');
    await page.fill('#const-kappa', '');
    await page.press('#const-kappa', 'Enter');
    expect(await page.isVisible('#constant-error')).toBe(true);
    expect(await page.textContent('#constant-error')).toContain('must be a number, not ""');
    await page.fill('#const-kappa', '10');
    await page.press('#const-kappa', 'Enter');
    expect(await page.isVisible('#constant-error')).toBe(false);
    await page.waitForSelector('#runs-body tr');
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
