import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { requestRun, waitForRun } from '../support/metrics-runs.js';
import { launchChromium, measureFirstLoad, requireChromium } from './dashboard-browser.js';

/** Month ends with metric runs, so the trend has points; the seed's figures are read on the last. */
const RUN_DATES = ['2026-08-31', '2026-09-30', '2026-10-31'];
const AS_OF = '2026-10-31';
/** 丽江市: stopped in the last test. */
const STOPPED = '530700';
const RESULTS = 'test-results';

// The callbacks of page.evaluate/waitForFunction run in the browser; the project compiles without
// the DOM library, so their browser globals are declared loosely here, for this file only.
declare const document: any;
declare const window: any;
declare const sessionStorage: any;

// Before anything is collected or started: without a browser the file fails at once, with one line.
requireChromium();

describe('the provincial dashboard in headless Chromium', () => {
  let harness: MetricsHubHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  let token: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    harness = await startMetricsHub();
    harness.startWorkers();
    for (const asOf of RUN_DATES) {
      const run = await waitForRun(harness, await requestRun(harness, asOf));
      if (run.state !== 'COMPLETED') throw new Error(`metric run of ${asOf} ended ${run.state}`);
    }
    origin = new URL(harness.hub.gatewayUrl).origin;
    token = await harness.hub.tokenFor(VIEWER);
    mkdirSync(RESULTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** A fresh tab (empty cache, empty session storage) that records console errors and CSP violations. */
  async function openTab(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const tab = await context.newPage();
    tab.on(
      'console',
      (message) =>
        message.type() === 'error' && problems.push(`console: ${message.text()} (${message.location().url})`),
    );
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return tab;
  }

  const text = (selector: string) => page.locator(selector).first().innerText();
  /**
   * Resolves once both charts have no animation left (what ECharts checks before its 'finished'
   * event, which may have fired before we could listen): their frames are final.
   */
  const chartsSettled = () =>
    page.waitForFunction(
      () =>
        ['prefecture-chart', 'trend-chart'].every((id) => {
          const chart = window.echarts?.getInstanceByDom(document.getElementById(id));
          return chart !== undefined && chart.getZr().animation.isFinished();
        }),
      undefined,
      { timeout: 15_000, polling: 'raf' },
    );
  const waitForText = (selector: string, expected: string) =>
    page.waitForFunction(
      ([s, want]) => document.querySelector(s)?.textContent?.includes(want),
      [selector, expected] as const,
      { timeout: 15_000 },
    );

  it('serves the page and its assets from the gateway with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${origin}/dashboard`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    const echarts = await fetch(`${origin}/dashboard/vendor/echarts.min.js`, { headers: { 'accept-encoding': 'br' } });
    expect(echarts.headers.get('content-encoding')).toBe('br');
    const again = await fetch(`${origin}/dashboard/app.js`, {
      headers: { 'if-none-match': (await fetch(`${origin}/dashboard/app.js`)).headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('asks for a token when it has none, and again when the gateway refuses it', async () => {
    page = await openTab();
    await page.goto(`${origin}/dashboard`);
    await page.locator('#token-form').waitFor({ state: 'visible' });
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    await page.locator('#token-input').fill('not-a-token');
    await page.locator('#token-form button[type=submit]').click();
    await waitForText('#token-error', '令牌无效或已过期');
    expect(await page.evaluate(() => sessionStorage.getItem('dashboard.token'))).toBeNull();
    await page.locator('#token-input').fill(`Bearer ${token}`);
    await page.locator('#token-form button[type=submit]').click();
    await page.locator('[data-rate=performanceRate] .card-value').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('dashboard.token'))).toBe(token);
    // Chromium logs the refused requests (401) as console errors: expected here, and only those.
    expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
    problems.length = 0;
  });

  it('loads with a ?token= it then hides, and draws its first chart (page weight and time measured)', async () => {
    page = await openTab();
    const load = await measureFirstLoad(page, `${origin}/dashboard?token=${encodeURIComponent(token)}`);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('dashboard.token'))).toBe(token);
    writeFileSync(`${RESULTS}/dashboard-metrics.json`, JSON.stringify(load, null, 2));
    console.log('dashboard first load (hub in this process):', load);
    expect(load.echartsBytes).toBeGreaterThan(100_000); // served compressed, from node_modules
    expect(load.pageAndAssetsBytes).toBeLessThan(400_000);
    // The times are recorded, not asserted: they measure the machine's load as much as the page.
    expect(load.firstChartMs).toBeGreaterThan(0);
  }, 60_000);

  it("shows the seed's 2018 headline rates for provincial major events: 履约率 76.4%, 开工率 52.7%", async () => {
    await page.locator('#filters input[name=asOf]').fill(AS_OF);
    await page.locator('#filters select[name=year]').selectOption('2018');
    await page.locator('#filters select[name=level]').selectOption('PROVINCIAL_MAJOR_EVENT');
    await page.locator('#filters button[type=submit]').click();
    await waitForText('[data-rate=performanceRate] .card-value', '76.4%');
    expect(await text('[data-rate=performanceRate] .card-label')).toBe('履约率');
    expect(await text('[data-rate=performanceRate] .card-fraction')).toBe('84 / 110 个');
    expect(await text('[data-rate=startRate] .card-value')).toBe('52.7%');
    expect(await text('[data-rate=startRate] .card-fraction')).toBe('58 / 110 个');
    expect(await text('[data-rate=productionRate] .card-label')).toBe('投产率');
    expect(await text('[data-rate=fundsRate] .card-label')).toBe('资金到位率');
    expect(await text('[data-rate=fundsRate] .card-fraction')).toMatch(/亿元$/);
    expect(await text('#as-of')).toContain(AS_OF);
    expect(new URL(page.url()).searchParams.get('year')).toBe('2018');
  });

  it('draws the 16 prefectures side by side and the monthly trend', async () => {
    await chartsSettled(); // the redraw animation after the new filters
    const chart = await page.evaluate(() => {
      const echarts = window.echarts;
      const read = (id: string) => {
        const container = document.getElementById(id)!;
        const instance = echarts.getInstanceByDom(container);
        const canvas = container.querySelector('canvas')!;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < pixels.length; i += 4)
          if (pixels[i + 3] > 0 && !(pixels[i] > 240 && pixels[i + 1] > 240 && pixels[i + 2] > 240)) coloured++;
        const option = instance.getOption();
        return {
          canvas: canvas.width > 0 && canvas.height > 0,
          coloured,
          categories: (option.yAxis[0].data ?? option.xAxis[0].data) as string[],
          seriesLengths: option.series.map((s: any) => s.data.length),
          drawnBars: instance.getModel().getSeriesByIndex(0).getData().count(),
          aria: container.getAttribute('aria-label') ?? '',
        };
      };
      return { prefectures: read('prefecture-chart'), trend: read('trend-chart') };
    });
    expect(chart.prefectures.canvas).toBe(true);
    expect(chart.prefectures.categories).toHaveLength(16);
    expect(chart.prefectures.categories).toEqual(
      expect.arrayContaining(['昆明市', '丽江市', '红河州', '西双版纳州', '迪庆州']),
    );
    expect(chart.prefectures.seriesLengths).toEqual([16, 16]);
    expect(chart.prefectures.drawnBars).toBe(16);
    expect(chart.prefectures.coloured).toBeGreaterThan(5_000);
    expect(chart.prefectures.aria).toContain('昆明市');
    expect(chart.trend.categories).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(chart.trend.seriesLengths).toEqual([3, 3, 3, 3]);
    expect(chart.trend.coloured).toBeGreaterThan(1_000);
    await page.screenshot({ path: `${RESULTS}/dashboard.png`, fullPage: true });
  });

  it('filters the stalled projects by prefecture and rule', async () => {
    await page.locator('#stall-prefecture').selectOption('530100');
    await page.waitForFunction(
      () => {
        const rows: any[] = [...document.querySelectorAll('#stall-rows tr')];
        return rows.length > 0 && rows.every((row) => row.children[1].textContent === '昆明市');
      },
      null,
      { timeout: 15_000 },
    );
    await page.locator('#stall-rule').selectOption('MISSING_REPORT');
    await page.waitForFunction(
      () => {
        const rows: any[] = [...document.querySelectorAll('#stall-rows tr')];
        return (
          rows.length > 0 &&
          rows.every((row) => row.children[1].textContent === '昆明市' && row.children[3].textContent === '未报送进度')
        );
      },
      null,
      { timeout: 15_000 },
    );
    expect(await text('#stall-rows tr td .sev')).toMatch(/红色|黄色/);
    expect(await text('#stall-rows tr td.evidence')).toContain('漏报期数');
  });

  it("opens a stalled project's detail: stage history, funds, obstacles, supervision", async () => {
    const row = page.locator('#stall-rows tr').first();
    const name = await row.locator('.name').innerText();
    const id = await row.getAttribute('data-project-id');
    await row.click();
    await waitForText('#detail-title', name);
    expect(await page.locator('#detail').evaluate((d: any) => d.open)).toBe(true);
    const facts = await text('#detail .facts');
    expect(facts).toContain(id!);
    expect(facts).toContain('昆明市');
    expect(facts).toMatch(/协议投资\s+[\d,.]+ (亿|万)元/);
    expect(await text('#detail .flags')).toContain('未报送进度');
    const sections = await page.locator('#detail .detail-section h3').allInnerTexts();
    expect(sections).toEqual(['阶段变更与修改记录', '资金到位记录', '要素保障问题', '督查记录']);
    const history = await page.locator('#detail .detail-section').first().locator('tbody tr').allInnerTexts();
    expect(history.length).toBeGreaterThan(0);
    expect(history[0]).toContain('创建');
    await page.screenshot({ path: `${RESULTS}/dashboard-detail.png` });
    await page.locator('#detail-close').click();
  });

  it('switches to English and back', async () => {
    await page.locator('#lang').click();
    await waitForText('[data-rate=performanceRate] .card-label', 'Contract performance');
    expect(await text('[data-rate=performanceRate] .card-fraction')).toBe('84 / 110 projects');
    expect(await text('h1')).toContain('Yunnan');
    await page.waitForFunction(() =>
      window.echarts
        .getInstanceByDom(document.getElementById('prefecture-chart'))
        ?.getOption()
        .yAxis[0].data.includes('Honghe'),
    );
    await chartsSettled(); // the charts redrawn with English labels
    await page.screenshot({ path: `${RESULTS}/dashboard-en.png` });
    await page.locator('#lang').click();
    await waitForText('[data-rate=performanceRate] .card-label', '履约率');
  });

  it('names the missing prefecture when its shard is down', async () => {
    expect(await page.locator('#missing').isHidden()).toBe(true);
    await harness.hub.stopShard(STOPPED);
    await page.reload();
    await waitForText('#missing-live', '丽江市');
    expect(await page.locator('#missing').isVisible()).toBe(true);
    expect(await text('#missing')).toContain('数据不完整');
    // The figures are the stored run's: still there, and the other prefectures' projects still open.
    await waitForText('[data-rate=performanceRate] .card-value', '76.4%');
    await page.screenshot({ path: `${RESULTS}/dashboard-missing.png` });
  });

  it('names the prefectures a partial metric run left out of the figures', async () => {
    const run = await waitForRun(harness, await requestRun(harness, '2026-07-31'));
    expect(run).toMatchObject({ state: 'PARTIAL', missingPrefectures: [STOPPED] });
    await page.goto(`${origin}/dashboard?asOf=2026-07-31&year=2018&level=PROVINCIAL_MAJOR_EVENT`);
    await waitForText('#missing-metrics', '丽江市');
    expect(await text('#missing-metrics')).toBe('以下州市未纳入本期指标：丽江市');
    expect(await text('#as-of')).toContain('2026-07-31');
  }, 60_000);

  it('raised no console error and no Content-Security-Policy violation', () => {
    expect(problems).toEqual([]);
  });
});
