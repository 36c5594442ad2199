/**
 * The MNIST panel says what of a link it clamped or ignored, in headless Chromium: `epochs=500`
 * shows 50 in the epochs box *and* a message saying so under the controls; Train (the address then
 * holds the settings as run) and a link that is fine hide it.
 */
import { describe, expect, it } from 'vitest';
import { LINK_NOTES_ID } from '../../web/mnist/link-notes.js';
import { MAX_EPOCHS } from '../../web/mnist/url-state.js';
import { chromiumMissing, usePlaygroundBrowser } from '../helpers/playground-browser.js';

describe.skipIf(chromiumMissing())('MNIST panel link notes (headless Chromium)', () => {
  const { page, server, errors } = usePlaygroundBrowser();
  const notes = `#${LINK_NOTES_ID}`;

  it('a link asking for 500 epochs shows 50 and says why, under the controls', async () => {
    await page.goto(`${server.url}#mnist?epochs=500&lr=fast`);
    // `descentMnist` exists only once the panel has started (its own task, after the kernels are
    // chosen): `undefined !== 'idle'` would pass at once and read the page's HTML default of 5 epochs.
    await page.waitForFunction(() => window.descentMnist !== undefined && window.descentMnist.state !== 'idle', undefined, { timeout: 30_000 });
    expect(await page.inputValue('#mn-epochs')).toBe(String(MAX_EPOCHS));
    expect(await page.isVisible(notes)).toBe(true);
    const text = await page.textContent(notes);
    expect(text).toContain(`epochs=500 is more than the panel runs: it trains ${MAX_EPOCHS} epochs`);
    expect(text).toContain('lr=fast is not a positive learning rate: using 0.002.');
    // Right under the row of controls it explains.
    expect(await page.$eval(notes, (p) => p.previousElementSibling?.classList.contains('controls'))).toBe(true);
  }, 60_000);

  it('Train hides the message: the address now holds the settings as run', async () => {
    await page.fill('#mn-epochs', '1');
    await page.click('#mn-train');
    expect(await page.isHidden(notes)).toBe(true);
    expect(page.url()).toContain('epochs=1');
  }, 60_000);

  it('a new link that is fine leaves no message; a wrong one brings it back', async () => {
    await page.evaluate(() => (location.hash = '#mnist?model=mlp&optimizer=sgd&lr=0.1&batch=16&epochs=1&seed=3'));
    await page.waitForFunction(() => window.descentMnist?.config?.optimizer === 'sgd', undefined, { timeout: 30_000 });
    expect(await page.isHidden(notes)).toBe(true);
    await page.evaluate(() => (location.hash = '#mnist?model=resnet&epochs=1'));
    await page.waitForFunction((id) => !document.getElementById(id)!.hidden, LINK_NOTES_ID, { timeout: 30_000 });
    expect(await page.textContent(notes)).toBe('This link: model=resnet is not a network here (mlp or conv): using mlp.');
    expect(await page.$$eval(notes, (ps) => ps.length)).toBe(1); // one message element, reused
  }, 60_000);

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
