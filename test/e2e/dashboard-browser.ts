import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (apt package `chromium`); `npx playwright install` cannot download here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Callbacks of page.evaluate run in the browser; the project compiles without the DOM library.
declare const performance: any;

/** Throws one line saying how to get Chromium when it is missing (npm run test:setup installs it). */
export function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(`Chromium not found at ${CHROMIUM}: run npm run test:setup (or set CHROMIUM_PATH)`);
}

/** Launches headless Chromium; fails loudly, saying how to install it, when it is missing. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export interface FirstLoad {
  /** Navigation start → DOMContentLoaded (ECharts and the modules parsed and run). */
  readonly domContentLoadedMs: number;
  /** Navigation start → the first chart's first frame with data. */
  readonly firstChartMs: number;
  /** Navigation start → that chart's entry animation done. */
  readonly firstChartFinishedMs: number;
  /** Navigation start → both charts (trend, prefectures) drawn. */
  readonly bothChartsMs: number;
  /** Bytes on the wire (headers + encoded bodies) of the page and its assets under /dashboard. */
  readonly pageAndAssetsBytes: number;
  readonly echartsBytes: number;
  /** Bytes of the GraphQL answers of that load. */
  readonly graphqlBytes: number;
  readonly requests: number;
}

/**
 * Opens `url` in `page` (a fresh context: empty cache) and measures what a reader waits for and
 * downloads until the first chart is drawn and the network is idle.
 */
export async function measureFirstLoad(page: Page, url: string): Promise<FirstLoad> {
  const transfers: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request.sizes().then(
        (sizes) => {
          transfers.push({ url: request.url(), bytes: sizes.responseHeadersSize + sizes.responseBodySize });
        },
        () => undefined,
      ),
    );
  });
  await page.goto(url);
  await page.waitForFunction(
    () =>
      ['dashboard:first-chart-finished', 'dashboard:drawn:prefecture-chart', 'dashboard:drawn:trend-chart'].every(
        (name) => performance.getEntriesByName(name).length > 0,
      ),
    null,
    { timeout: 30_000 },
  );
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  // (No named functions inside: tsx would wrap them in a helper the page does not have.)
  const timing = await page.evaluate(() => {
    const [firstChartMs, firstChartFinishedMs, prefecturesMs, trendMs] = [
      'first-chart',
      'first-chart-finished',
      'drawn:prefecture-chart',
      'drawn:trend-chart',
    ].map((name) => Math.round(performance.getEntriesByName(`dashboard:${name}`)[0].startTime));
    const domContentLoadedMs = Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    return { domContentLoadedMs, firstChartMs, firstChartFinishedMs, bothChartsMs: Math.max(prefecturesMs, trendMs) };
  });
  const sum = (pick: (path: string) => boolean) =>
    transfers.filter((t) => pick(new URL(t.url).pathname)).reduce((total, t) => total + t.bytes, 0);
  return {
    ...timing,
    pageAndAssetsBytes: sum((path) => path.startsWith('/dashboard')),
    echartsBytes: sum((path) => path.includes('/vendor/echarts')),
    graphqlBytes: sum((path) => path === '/graphql'),
    requests: transfers.length,
  };
}
