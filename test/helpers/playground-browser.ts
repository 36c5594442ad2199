/**
 * The playground in headless Chromium for the browser tests: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), the page built from source and served by the
 * playground's own server, nothing from the network, console errors collected.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/cli/commands/playground.js';
import { peerMissing } from './peers.js';
import { tempDir } from './temp-dir.js';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests put their screenshots (ignored by git). */
export const SHOTS = 'test-results';

/** True (with the skip message printed) when Chromium is not installed; see peers.ts. */
export function chromiumMissing(): boolean {
  return peerMissing('Chromium', existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (apt-get install chromium)`);
}

/** A page of the playground in a fresh browser profile, and what closes it all. */
export interface PlaygroundBrowser {
  page: Page;
  context: BrowserContext;
  server: PlaygroundServer;
  /** Console errors and uncaught page errors so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Serves the page that `build` writes (a folder, removed on close) and opens a blank tab on it
 * (call `page.goto(server.url)`); requests to anything but that server are aborted.
 */
export async function openPlaygroundBrowser(build: () => string, viewport = { width: 1300, height: 1000 }): Promise<PlaygroundBrowser> {
  mkdirSync(SHOTS, { recursive: true });
  const root = build();
  const server = await startPlaygroundServer({ port: 0, root });
  const profile = tempDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // Nothing may come from the network: only the local server answers.
  await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
  return {
    page,
    context,
    server,
    errors,
    async close() {
      await context.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One row of the Surfaces panel's run table, from its data attributes. */
export interface RunRow {
  optimizer: string;
  /** The run's label ("SGD, momentum 0.9"). */
  label: string;
  /** Why the run stopped ('' while it runs). */
  stopped: string;
  /** The status cell's text. */
  status: string;
  steps: number;
  loss: number;
  startLoss: number;
  x: number;
  y: number;
}

/** The Surfaces panel's run table. */
export async function runRows(page: Page): Promise<RunRow[]> {
  return page.$$eval('#runs-body tr', (trs) =>
    trs.map((t) => {
      const d = (t as HTMLElement).dataset;
      return {
        optimizer: d.optimizer!,
        label: d.label ?? '',
        stopped: d.stopped ?? '',
        status: t.lastElementChild?.textContent ?? '',
        steps: Number(d.steps),
        loss: Number(d.loss),
        startLoss: Number(d.startLoss),
        x: Number(d.x),
        y: Number(d.y),
      };
    }),
  );
}

/** A main-thread task the long-task observer saw (page time, ms). */
export interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    /** Every long task (> 50 ms) of the main thread since the page loaded ({@link recordLongTasks}). */
    longTasks?: LongTask[];
  }
}

/**
 * From the next page load on, before any page script runs, records every main-thread long task in
 * `window.longTasks` (the browser reports tasks over 50 ms).
 */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * The long tasks that ended after `since` (page time, `performance.now()`), once the browser has
 * reported them: an entry arrives only after its task, so this waits `settleMs` first.
 */
export async function longTasksSince(page: Page, since: number, settleMs = 0): Promise<LongTask[]> {
  if (settleMs > 0) await page.waitForTimeout(settleMs);
  return page.evaluate((t) => (window.longTasks ?? []).filter((x) => x.start + x.duration >= t), since);
}
