import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import { GraphClient } from '../../lib/http/graph-client.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { waitUntil } from '../support/metrics-runs.js';
import { trustedDocumentNamed } from '../support/trusted-documents.js';
import { launchChromium, requireChromium } from './dashboard-browser.js';

const AS_OF = '2026-10-31';

// The callbacks of page.waitForFunction run in the browser; the project compiles without the DOM library.
declare const document: any;

requireChromium();

describe('the dashboard against a gateway that runs only trusted documents', () => {
  let harness: MetricsHubHarness;
  let browser: Browser;
  let page: Page;
  const bodies: Record<string, unknown>[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    harness = await startMetricsHub({ gateway: { trustedDocumentsOnly: true } });
    harness.startWorkers();
    // The analysts' CLI documents, by hash: the only way to ask for a run on this gateway.
    const cli = new GraphClient(harness.hub.gatewayUrl, await harness.hub.tokenFor(ANALYST));
    const { runMetrics } = await cli.request<{ runMetrics: { id: string } }>(trustedDocumentNamed('RunMetrics'), {
      asOf: AS_OF,
    });
    await waitUntil(
      'the metric run to complete',
      async () =>
        (await cli.request<{ metricRun: { state: string } }>(trustedDocumentNamed('MetricRun'), { id: runMetrics.id }))
          .metricRun.state === 'COMPLETED',
      60_000,
      250,
    );
    const context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql')
        bodies.push(request.postDataJSON() as Record<string, unknown>);
    });
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('draws its figures and opens a stalled project, sending hashes only', async () => {
    const token = await harness.hub.tokenFor(VIEWER);
    await page.goto(
      `${new URL(harness.hub.gatewayUrl).origin}/dashboard?token=${encodeURIComponent(token)}` +
        `&asOf=${AS_OF}&year=2018&level=PROVINCIAL_MAJOR_EVENT`,
    );
    await page.waitForFunction(
      () => document.querySelector('[data-rate=performanceRate] .card-value')?.textContent?.includes('76.4%'),
      undefined,
      { timeout: 30_000 },
    );
    await page.locator('#stall-rows tr').first().click();
    await page.waitForFunction(() => document.querySelector('dialog[open]') !== null, undefined, { timeout: 15_000 });
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    // Every operation the page sent was a hash of the manifest, never text.
    expect(bodies.length).toBeGreaterThanOrEqual(5);
    for (const body of bodies) {
      expect(body.query).toBeUndefined();
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.any(String) } });
    }
  }, 60_000);
});
