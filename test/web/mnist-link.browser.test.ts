/**
 * The MNIST panel says what of a link it clamped or ignored, in headless Chromium: `epochs=500`
 * shows 50 in the epochs box *and* a message saying so under the controls; Train (the address then
 * holds the settings as run) and a link that is fine hide it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_NOTES_ID } from '../../web/mnist/link-notes.js';
import { MAX_EPOCHS } from '../../web/mnist/url-state.js';
import { buildPage } from './build-page.js';
import { chromiumMissing, openPlaygroundBrowser, type PlaygroundBrowser } from '../helpers/playground-browser.js';

describe.skipIf(chromiumMissing())('MNIST panel link notes (headless Chromium)', () => {
  let browser: PlaygroundBrowser;
  const notes = `#${LINK_NOTES_ID}`;
  beforeAll(async () => void (browser = await openPlaygroundBrowser(buildPage)), 120_000);
  afterAll(() => browser?.close());
  /** The page, once beforeAll has opened it. */
  const tab = (): Page => browser.page;

  it('a link asking for 500 epochs shows 50 and says why, under the controls', async () => {
    await tab().goto(`${browser.server.url}#mnist?epochs=500&lr=fast`);
    await tab().waitForFunction(() => window.descentMnist?.state !== 'idle', undefined, { timeout: 30_000 });
    expect(await tab().inputValue('#mn-epochs')).toBe(String(MAX_EPOCHS));
    expect(await tab().isVisible(notes)).toBe(true);
    const text = await tab().textContent(notes);
    expect(text).toContain(`epochs=500 is more than the panel runs: it trains ${MAX_EPOCHS} epochs`);
    expect(text).toContain('lr=fast is not a positive learning rate: using 0.002.');
    // Right under the row of controls it explains.
    expect(await tab().$eval(notes, (p) => p.previousElementSibling?.classList.contains('controls'))).toBe(true);
  }, 60_000);

  it('Train hides the message: the address now holds the settings as run', async () => {
    await tab().fill('#mn-epochs', '1');
    await tab().click('#mn-train');
    expect(await tab().isHidden(notes)).toBe(true);
    expect(tab().url()).toContain('epochs=1');
  }, 60_000);

  it('a new link that is fine leaves no message; a wrong one brings it back', async () => {
    await tab().evaluate(() => (location.hash = '#mnist?model=mlp&optimizer=sgd&lr=0.1&batch=16&epochs=1&seed=3'));
    await tab().waitForFunction(() => window.descentMnist?.config?.optimizer === 'sgd', undefined, { timeout: 30_000 });
    expect(await tab().isHidden(notes)).toBe(true);
    await tab().evaluate(() => (location.hash = '#mnist?model=resnet&epochs=1'));
    await tab().waitForFunction((id) => !document.getElementById(id)!.hidden, LINK_NOTES_ID, { timeout: 30_000 });
    expect(await tab().textContent(notes)).toBe('This link: model=resnet is not a network here (mlp or conv): using mlp.');
    expect(await tab().$$eval(notes, (ps) => ps.length)).toBe(1); // one message element, reused
  }, 60_000);

  it('logged no console errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
