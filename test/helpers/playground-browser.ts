/**
 * The playground in headless Chromium for the browser tests: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), the page built from source and served by the
 * playground's own server, nothing from the network, console errors collected.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/cli/commands/playground.js';
import { buildPage } from './build-page.js';
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

/** The window size the browser tests see unless they ask for another. */
export const VIEWPORT = { width: 1300, height: 1000 };

/**
 * Serves the page that `build` writes (a folder, removed on close) and opens a blank tab on it
 * (call `page.goto(server.url)`); requests to anything but that server are aborted. Console errors
 * and uncaught page errors go into `errors` (a new list unless given). Most tests want
 * {@link usePlaygroundBrowser}, which calls this in `beforeAll` and closes it in `afterAll`.
 */
export async function openPlaygroundBrowser(build: () => string, viewport = VIEWPORT, errors: string[] = []): Promise<PlaygroundBrowser> {
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
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await throttleFromEnvironment(context, page);
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

/**
 * `DESCENT_TEST_CPU_THROTTLE=8 npx vitest run test/web` runs every browser test with the page's main
 * thread slowed 8 times (Chromium's CPU throttling; workers run at full speed): the loaded CI machine
 * made quickly. It finds tests that read the page before it is ready (the MNIST link test read the
 * HTML's default before the panel started: red in CI, green here, until throttled). The timing bounds
 * (long tasks, frame rates) then fail by design; any other failure is a race to fix.
 */
async function throttleFromEnvironment(context: BrowserContext, page: Page): Promise<void> {
  const rate = Number(process.env.DESCENT_TEST_CPU_THROTTLE ?? '1');
  if (!(rate > 1)) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** What {@link usePlaygroundBrowser} opens, beyond the playground page in a 1300 × 1000 window. */
export interface PlaygroundBrowserOptions {
  /** Writes the folder to serve and returns it; default {@link buildPage}, the playground. */
  build?: () => string;
  /** The tab's window size; default {@link VIEWPORT}. */
  viewport?: { width: number; height: number };
  /** Record the main thread's long tasks from the first page load on ({@link recordLongTasks}). */
  longTasks?: boolean;
  /**
   * Runs in the page before any of its own scripts, on every load (`page.addInitScript`), after the
   * long-task recorder: to watch what the page does from its first moment.
   */
  initScript?: () => void;
  /** Runs last in `beforeAll`, with everything open: to load the page and wait until it is ready. */
  setup?: (browser: PlaygroundBrowser) => Promise<void> | void;
  /** `beforeAll`'s timeout in ms, building the page and starting Chromium included; default 120 000. */
  timeout?: number;
}

/** The open playground of a describe block: its tab, that tab's browser profile, the server, the errors. */
export type PlaygroundTab = Omit<PlaygroundBrowser, 'close'>;

/**
 * Opens the playground in headless Chromium for the tests of the enclosing describe block: registers
 * a `beforeAll` that builds and serves the page, launches the browser and applies `options`, and an
 * `afterAll` that closes it all. Call it in the describe block's body, once.
 *
 * `page`, `context` and `server` are stand-ins made before the browser exists: each forwards to the
 * real object once `beforeAll` has opened it, so tests use them as they are, and touching one while
 * the describe block is still being collected throws, naming the mistake. `errors` is the real list
 * of console errors and uncaught page errors, empty until the page logs one.
 *
 * @example
 * describe.skipIf(chromiumMissing())('the lab', () => {
 *   const { page, server, errors } = usePlaygroundBrowser({
 *     longTasks: true,
 *     setup: async ({ page, server }) => void (await page.goto(`${server.url}#networks`)),
 *   });
 *   it('logged no console errors', () => expect(errors).toEqual([]));
 * });
 */
export function usePlaygroundBrowser(options: PlaygroundBrowserOptions = {}): PlaygroundTab {
  let browser: PlaygroundBrowser | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    // The tests hold `errors` from before the browser exists: the page's errors go into that list.
    browser = await openPlaygroundBrowser(options.build ?? buildPage, options.viewport, errors);
    if (options.longTasks) await recordLongTasks(browser.page);
    if (options.initScript) await browser.page.addInitScript(options.initScript);
    await options.setup?.(browser);
  }, options.timeout ?? 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  const opened = (): PlaygroundBrowser => {
    if (browser === undefined) throw new Error('usePlaygroundBrowser: the browser opens in beforeAll; use page, context and server inside a test or hook, not in the describe body');
    return browser;
  };
  return { page: forwarding(() => opened().page), context: forwarding(() => opened().context), server: forwarding(() => opened().server), errors };
}

/**
 * An object that forwards every property read and write to `current()`, the real object at the
 * time of use; methods are bound to it, so `this` inside them is the real object.
 */
function forwarding<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
  });
}

/** The phone {@link openPhonePage} emulates: CSS pixels, device pixels per CSS pixel. */
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, mobile: true };

/**
 * A second tab in the same browser profile that emulates a phone ({@link PHONE}: 390 px wide at
 * devicePixelRatio 2), its uncaught errors added to `errors` as "phone page error: …". Blank:
 * call `goto`; close it when done.
 */
export async function openPhonePage({ context, errors }: Pick<PlaygroundTab, 'context' | 'errors'>): Promise<Page> {
  const phone = await context.newPage();
  try {
    phone.on('pageerror', (e) => errors.push(`phone page error: ${e.message}`));
    // Emulated through the DevTools protocol: a context's viewport and scale factor are fixed at launch.
    const cdp = await context.newCDPSession(phone);
    await cdp.send('Emulation.setDeviceMetricsOverride', PHONE);
    return phone;
  } catch (e) {
    await phone.close();
    throw e;
  }
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
