import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { loadTrustedDocuments } from '../../schema/trusted-documents.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { requestRun, waitForRun } from '../support/metrics-runs.js';
import { shardProxies } from '../support/shard-proxies.js';
import { launchChromium, measureFirstLoad, requireChromium } from './dashboard-browser.js';
import { cardsOf, chartsSettled, seriousAxeViolations, tileStates, waitForText } from './dashboard-page.js';
import { readXlsx } from '../ledger/ledger-file.js';
import { downloadLink, exportLink } from '../ledger/ledger-http.js';

/** Month ends with metric runs, so the trend has points; the seed's figures are read on the last. */
const RUN_DATES = ['2026-08-31', '2026-09-30', '2026-10-31'];
const AS_OF = '2026-10-31';
/** 丽江市: stopped in the last tests. */
const STOPPED = '530700';
/** 保山市: behind a proxy that can hold its shard's answers back. */
const SLOW = '530500';
const KUNMING = '530100';
const RESULTS = 'test-results';
/** Committed screenshots (README shows the province view). */
const SCREENSHOTS = 'docs/screenshots';
const RATES = ['performanceRate', 'startRate', 'productionRate', 'fundsRate', 'landingRate'] as const;
/** Issue 14: page weight within 1.25× of the README's 246 KB on the wire when the issue was written. */
const PAGE_WEIGHT_BUDGET = 1.25 * 246_000;

// The callbacks of page.evaluate/waitForFunction run in the browser; the project compiles without
// the DOM library, so their browser globals are declared loosely here, for this file only.
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
declare const location: any;

// Before anything is collected or started: without a browser the file fails at once, with one line.
requireChromium();

const grouped = (n: number, digits = 0) =>
  n.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** What a card must show for an API RateValue: "76.4%" and "84 / 110 个" (funds in 亿元, from fen). */
function expectedCard(key: string, rate: { percent: number | null; numerator: string; denominator: string }) {
  const value = rate.percent == null ? '无数据' : `${rate.percent.toFixed(1)}%`;
  const fraction =
    key === 'fundsRate'
      ? `${grouped(Number(rate.numerator) / 1e10, 2)} / ${grouped(Number(rate.denominator) / 1e10, 2)} 亿元`
      : `${grouped(Number(rate.numerator))} / ${grouped(Number(rate.denominator))} 个`;
  return { value, fraction };
}

const METRICS = `query M($asOf: LocalDate, $cohort: CohortInput, $prefecture: String) {
  metrics(asOf: $asOf, cohort: $cohort, prefecture: $prefecture) {
    performanceRate { percent numerator denominator } startRate { percent numerator denominator }
    productionRate { percent numerator denominator } fundsRate { percent numerator denominator }
    landingRate { percent numerator denominator }
  }
}`;

describe('the provincial dashboard in headless Chromium', { timeout: 90_000 }, () => {
  let harness: MetricsHubHarness;
  const shards = shardProxies({ only: [SLOW] });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  let token: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    harness = await startMetricsHub({ urlFor: shards.urlFor });
    harness.startWorkers();
    for (const asOf of RUN_DATES) {
      const run = await waitForRun(harness, await requestRun(harness, asOf));
      if (run.state !== 'COMPLETED') throw new Error(`metric run of ${asOf} ended ${run.state}`);
    }
    origin = new URL(harness.hub.gatewayUrl).origin;
    token = await harness.hub.tokenFor(VIEWER);
    mkdirSync(RESULTS, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await shards.close();
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

  /** Opens the dashboard at `query` (?…) with `withToken` handed over once in the address. */
  async function openDashboard(query = '', withToken = token): Promise<void> {
    const separator = query ? '&' : '?';
    await page.goto(`${origin}/dashboard${query}${separator}token=${encodeURIComponent(withToken)}`);
    await page.locator('[data-rate=performanceRate] .card-value').waitFor();
  }

  const text = (selector: string) => page.locator(selector).first().innerText();
  const param = (name: string) => new URL(page.url()).searchParams.get(name);
  const api = async (query: string, variables: Record<string, unknown>) => {
    const answer = await harness.hub.query(query, variables);
    if (answer.errors?.length || !answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };
  /**
   * The operation names and variables of the GraphQL requests the page sends from now on (a known
   * document goes out as its trusted-document hash: the manifest gives its text).
   */
  const recordRequests = () => {
    const manifest = loadTrustedDocuments();
    const sent: { name: string; variables: Record<string, any> }[] = [];
    const listener = (request: Request) => {
      if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
      const body = JSON.parse(request.postData() ?? '{}');
      const hash = body.extensions?.persistedQuery?.sha256Hash;
      const text: string = body.query ?? manifest[`sha256:${hash}`] ?? '';
      sent.push({ name: /query (\w+)/.exec(text)?.[1] ?? '', variables: body.variables ?? {} });
    };
    page.on('request', listener);
    return { sent, stop: () => page.off('request', listener) };
  };
  const allLiveDone = () =>
    page.waitForFunction(
      () => [...document.querySelectorAll('#prefecture-grid .tile')].every((t: any) => t.dataset.live === 'done'),
      null,
      { timeout: 20_000 },
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
    // Every module the page preloads is served.
    for (const [, path] of html.matchAll(/href="(\/dashboard\/[\w.-]+\.js)"/g))
      expect((await fetch(`${origin}${path}`)).status, path).toBe(200);
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
    await waitForText(page, '#token-error', '令牌无效或已过期');
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
    expect(load.pageAndAssetsBytes).toBeLessThan(PAGE_WEIGHT_BUDGET);
    // The times are recorded, not asserted: they measure the machine's load as much as the page.
    expect(load.firstChartMs).toBeGreaterThan(0);
  });

  it("shows the seed's 2018 rates for provincial major events (履约率 76.4%, 开工率 52.7%), each card equal to the API's", async () => {
    await page.locator('#filters input[name=asOf]').fill(AS_OF);
    await page.locator('#filters select[name=year]').selectOption('2018');
    await page.locator('#filters select[name=level]').selectOption('PROVINCIAL_MAJOR_EVENT');
    await page.locator('#filters button[type=submit]').click();
    await waitForText(page, '[data-rate=performanceRate] .card-value', '76.4%');
    expect(await text('[data-rate=performanceRate] .card-label')).toBe('履约率');
    expect(await text('[data-rate=performanceRate] .card-fraction')).toBe('84 / 110 个');
    expect(await text('[data-rate=startRate] .card-value')).toBe('52.7%');
    expect(await text('[data-rate=landingRate] .card-label')).toBe('落地率');
    // The definition of 落地 in force is named on its card.
    expect(await text('[data-rate=landingRate] .card-note')).toBe('落地口径：已注册本地公司');
    const cohort = { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_EVENT' };
    const { metrics } = await api(METRICS, { asOf: AS_OF, cohort });
    const cards = await cardsOf(page);
    for (const key of RATES) {
      const expected = expectedCard(key, metrics[key]);
      expect(cards[key], key).toMatchObject(expected);
      // Hover: numerator and denominator.
      expect(cards[key].title, key).toMatch(/^分子 .+ · 分母 .+/);
    }
    expect(cards.fundsRate.fraction).toMatch(/亿元$/);
    expect(await text('#as-of')).toContain(AS_OF);
    expect(param('year')).toBe('2018');
    expect(param('level')).toBe('PROVINCIAL_MAJOR_EVENT');
  });

  it('compares the 16 prefectures by the rate the reader chooses, and draws the monthly trend as lines', async () => {
    await chartsSettled(page);
    const read = () =>
      page.evaluate(() => {
        const chart = window.echarts.getInstanceByDom(document.getElementById('prefecture-chart'));
        const trend = window.echarts.getInstanceByDom(document.getElementById('trend-chart'));
        const option = chart.getOption();
        return {
          categories: option.yAxis[0].data as string[],
          values: option.series[0].data.map((d: any) => d.value),
          name: option.series[0].name as string,
          trendMonths: trend.getOption().xAxis[0].data as string[],
          trendSeries: trend.getOption().series.map((s: any) => `${s.type}:${s.data.length}`),
          aria: document.getElementById('prefecture-chart').getAttribute('aria-label') ?? '',
        };
      });
    const before = await read();
    expect(before.categories).toHaveLength(16);
    expect(before.categories).toEqual(expect.arrayContaining(['昆明市', '丽江市', '红河州', '西双版纳州', '迪庆州']));
    expect(before.name).toBe('履约率');
    expect(before.aria).toContain('昆明市');
    expect(before.trendMonths).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(before.trendSeries).toEqual(Array(5).fill('line:3'));
    await page.locator('#rate-select').selectOption('landingRate');
    await page.waitForFunction(
      () =>
        window.echarts.getInstanceByDom(document.getElementById('prefecture-chart')).getOption().series[0].name ===
        '落地率',
    );
    expect(param('rate')).toBe('landingRate');
    const { prefectures } = await api(
      `query P($asOf: LocalDate, $cohort: CohortInput) { prefectures { code metrics(asOf: $asOf, cohort: $cohort) { landingRate { percent } } } }`,
      { asOf: AS_OF, cohort: { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_EVENT' } },
    );
    expect((await read()).values).toEqual(prefectures.map((p: any) => p.metrics?.landingRate.percent ?? null));
    // The map's tiles carry the same rate, with its fraction for hover and screen readers.
    const kunmingTile = page.locator(`#prefecture-grid .tile[data-code="${KUNMING}"]`);
    const kunming = prefectures.find((p: any) => p.code === KUNMING).metrics.landingRate.percent;
    expect(await kunmingTile.locator('.tile-value').innerText()).toBe(
      kunming == null ? '无数据' : `${kunming.toFixed(1)}%`,
    );
    // Its accessible name is its visible text plus the rate's name; hovering gives the fraction.
    expect(await kunmingTile.textContent()).toMatch(/^昆明市落地率/);
    expect(await kunmingTile.getAttribute('title')).toMatch(/^昆明市 · 落地率 .+ · 分子 .+ · 分母 /);
    await page.goBack();
    await page.waitForFunction(
      () =>
        window.echarts.getInstanceByDom(document.getElementById('prefecture-chart')).getOption().series[0].name ===
        '履约率',
    );
    expect(param('rate')).toBeNull();
    await chartsSettled(page);
    await page.screenshot({ path: `${SCREENSHOTS}/province-zh.png` });
    await allLiveDone();
    await page
      .locator('#map-title')
      .locator('..')
      .screenshot({ path: `${SCREENSHOTS}/map-zh.png` });
  });

  it('says so instead of drawing dots when the period has fewer than two runs', async () => {
    await openDashboard(`?asOf=${RUN_DATES[0]}`);
    await waitForText(page, '#trend-empty', '只有 1 次指标运行');
    expect(await page.locator('#trend-chart').isHidden()).toBe(true);
  });

  it('names rules, severities and stages in its stalled list exactly as the Excel export of that list does', async () => {
    await openDashboard(`?asOf=${AS_OF}`);
    await page.locator('#stall-rows tr[data-project-id]').first().waitFor();
    const shown: { id: string; severity: string; rule: string; stage: string }[] = await page.evaluate(() =>
      [...document.querySelectorAll('#stall-rows tr[data-project-id]')].map((r: any) => ({
        id: r.dataset.projectId,
        severity: r.querySelector('.sev').textContent,
        rule: r.cells[3].textContent,
        stage: r.cells[2].querySelector('small').textContent.split(' · ')[1],
      })),
    );
    expect(shown.length).toBeGreaterThan(0);
    // The list's own export (what its "导出 Excel" asks for): the same flags, in the same order.
    const { url, errors } = await exportLink(harness.hub, VIEWER, { kind: 'STALLED', asOf: AS_OF, filter: '{}' });
    expect(errors).toEqual([]);
    const sheet = await readXlsx((await downloadLink(harness.hub, VIEWER, url!)).bytes);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1).value;
    const exported = shown.map((_, i) => ({
      id: cell(i + 3, '项目ID'),
      severity: cell(i + 3, '等级'),
      rule: cell(i + 3, '规则'),
      stage: cell(i + 3, '项目阶段'),
    }));
    expect(exported).toEqual(shown);
  });

  it('shows 无数据 for a prefecture with no signed project in the cohort: tile, comparison and its cards', async () => {
    // The seed's 2018 provincial major projects leave some prefecture without any (迪庆州 in the seed).
    const cohort = { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_PROJECT' };
    await openDashboard(`?asOf=${AS_OF}&year=2018&level=PROVINCIAL_MAJOR_PROJECT`);
    const { prefectures } = await api(
      `query P($asOf: LocalDate, $cohort: CohortInput) { prefectures { code metrics(asOf: $asOf, cohort: $cohort) { performanceRate { percent } } } }`,
      { asOf: AS_OF, cohort },
    );
    const percentOf = (p: any): number | null => p.metrics?.performanceRate.percent ?? null;
    const empty: string[] = prefectures.filter((p: any) => percentOf(p) == null).map((p: any) => p.code);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThan(16);
    await page.waitForFunction(
      (codes: string[]) =>
        codes.every(
          (code) =>
            document.querySelector(`#prefecture-grid .tile[data-code="${code}"] .tile-value`)?.textContent === '无数据',
        ),
      empty,
      { timeout: 15_000 },
    );
    const tiles: Record<string, string> = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('#prefecture-grid .tile')].map((t: any) => [
          t.dataset.code,
          t.querySelector('.tile-value').textContent,
        ]),
      ),
    );
    for (const p of prefectures) {
      const percent = percentOf(p);
      expect(tiles[p.code], p.code).toBe(percent == null ? '无数据' : `${percent.toFixed(1)}%`);
    }
    // The comparison chart draws no bar for them and names them "… · 无数据".
    await chartsSettled(page);
    const chart = await page.evaluate(() => {
      const option = window.echarts.getInstanceByDom(document.getElementById('prefecture-chart')).getOption();
      const axis = option.yAxis[0];
      return {
        values: option.series[0].data.map((d: any) => d.value ?? null),
        labels: axis.data.map((name: string, i: number) => axis.axisLabel.formatter(name, i)) as string[],
      };
    });
    expect(chart.values).toEqual(prefectures.map(percentOf));
    prefectures.forEach((p: any, i: number) =>
      expect(chart.labels[i].endsWith(' · 无数据'), p.code).toBe(percentOf(p) == null),
    );
    // Drilled into one of them, every card says 无数据 (the API's figures: no denominator).
    await page.locator(`#prefecture-grid .tile[data-code="${empty[0]}"]`).click();
    await page.waitForFunction(
      (code: string) => new URL(location.href).searchParams.get('prefecture') === code,
      empty[0],
    );
    const { metrics } = await api(METRICS, { asOf: AS_OF, cohort, prefecture: empty[0] });
    await waitForText(page, '[data-rate=performanceRate] .card-value', '无数据');
    const cards = await cardsOf(page);
    for (const key of RATES) {
      expect(metrics[key].percent, key).toBeNull();
      expect(cards[key], key).toMatchObject(expectedCard(key, metrics[key]));
    }
  });

  it('makes the stalled list and the project list follow the cohort filter', async () => {
    await openDashboard(`?asOf=${AS_OF}`);
    const counts = async (year: number | null) => {
      const cohort = year ? { year } : {};
      const data = await api(
        `query C($asOf: LocalDate, $stall: StallFilterInput, $filter: ProjectFilter) {
          stalledProjects(asOf: $asOf, filter: $stall, first: 1) { totalCount }
          projects(filter: $filter, first: 1) { totalCount }
        }`,
        { asOf: AS_OF, stall: { cohort }, filter: year ? { cohortYears: [year] } : {} },
      );
      return { stalled: data.stalledProjects.totalCount as number, projects: data.projects.totalCount as number };
    };
    const all = await counts(null);
    const of2019 = await counts(2019);
    expect(of2019.stalled).toBeLessThan(all.stalled);
    expect(of2019.projects).toBeLessThan(all.projects);
    await waitForText(page, '#stall-count', `共 ${grouped(all.stalled)} 条预警`);
    await waitForText(page, '#project-count', `共 ${grouped(all.projects)} 个项目`);
    expect(await page.locator('#industries-note').isVisible()).toBe(false);
    await page.locator('#filters select[name=year]').selectOption('2019');
    await page.locator('#filters button[type=submit]').click();
    await waitForText(page, '#stall-count', `共 ${grouped(of2019.stalled)} 条预警`);
    await waitForText(page, '#project-count', `共 ${grouped(of2019.projects)} 个项目`);
    // The industries table has no cohort figures to show (runs keep industry and cohort apart): it says so.
    expect(await page.locator('#industries-note').textContent()).toContain('全部签约批次');
    expect(await page.locator('#industries-note').isVisible()).toBe(true);
    // The rows shown are the API's first pages for the cohort (same order), and all of the cohort.
    const rowsOf = (tbody: string): Promise<string[]> =>
      page.evaluate(
        (selector: string) =>
          [...document.querySelectorAll(`${selector} tr[data-project-id]`)].map((r: any) => r.dataset.projectId),
        tbody,
      );
    const lists = await api(
      `query L($asOf: LocalDate, $stall: StallFilterInput, $filter: ProjectFilter) {
        stalledProjects(asOf: $asOf, filter: $stall, first: 20) { items { projectId } }
        projects(filter: $filter, first: 50, orderBy: SIGNED_ON_DESC) { edges { node { id cohortYear } } }
      }`,
      { asOf: AS_OF, stall: { cohort: { year: 2019 } }, filter: { cohortYears: [2019] } },
    );
    const stalledIds = await rowsOf('#stall-rows');
    const projectIds = await rowsOf('#project-rows');
    expect(stalledIds.length).toBeGreaterThan(0);
    expect(projectIds.length).toBeGreaterThan(0);
    expect(stalledIds).toEqual(lists.stalledProjects.items.map((item: any) => item.projectId));
    expect(projectIds).toEqual(lists.projects.edges.map((edge: any) => edge.node.id));
    expect(lists.projects.edges.every((edge: any) => edge.node.cohortYear === 2019)).toBe(true);
    const flagged = [...new Set(stalledIds)];
    const years = await api(
      `query Y { ${flagged.map((id, i) => `p${i}: project(id: ${JSON.stringify(id)}) { cohortYear }`).join(' ')} }`,
      {},
    );
    expect(Object.values(years).map((p: any) => p.cohortYear)).toEqual(flagged.map(() => 2019));
  });

  it('drills down from the comparison chart: cards, trend and lists of the prefecture; Back returns', async () => {
    await chartsSettled(page);
    const target = await page.evaluate((code: string) => {
      const container = document.getElementById('prefecture-chart');
      const chart = window.echarts.getInstanceByDom(container);
      const option = chart.getOption();
      const names: string[] = option.yAxis[0].data;
      const index = names.indexOf(code === '530100' ? '昆明市' : code);
      const value = option.series[0].data[index].value;
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [value / 2, index]);
      const box = container.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y, value };
    }, KUNMING);
    expect(target.value).toBeGreaterThan(5);
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('prefecture') === '530100');
    await waitForText(page, '#scope-title', '昆明市');
    const { metrics } = await api(METRICS, { asOf: AS_OF, cohort: { year: 2019 }, prefecture: KUNMING });
    await waitForText(
      page,
      '[data-rate=performanceRate] .card-value',
      expectedCard('performanceRate', metrics.performanceRate).value,
    );
    // The stalled list follows: Kunming's flags of the 2019 cohort only (which are not all of Kunming's,
    // and may be none: then the list says 无数据).
    const { cohortFlags, allFlags } = await api(
      `query S($asOf: LocalDate, $cohort: StallFilterInput, $all: StallFilterInput) {
        cohortFlags: stalledProjects(asOf: $asOf, filter: $cohort, first: 1) { totalCount }
        allFlags: stalledProjects(asOf: $asOf, filter: $all, first: 1) { totalCount }
      }`,
      {
        asOf: AS_OF,
        cohort: { prefectures: [KUNMING], cohort: { year: 2019 } },
        all: { prefectures: [KUNMING] },
      },
    );
    expect(cohortFlags.totalCount).toBeLessThan(allFlags.totalCount);
    await waitForText(page, '#stall-count', `共 ${grouped(cohortFlags.totalCount)} 条预警`);
    const places: string[] = await page.evaluate(() =>
      [...document.querySelectorAll('#stall-rows tr[data-project-id] td:nth-child(2)')].map(
        (td: any) => td.textContent,
      ),
    );
    expect(places).toEqual(Array(Math.min(20, cohortFlags.totalCount)).fill('昆明市'));
    if (!places.length) expect(await text('#stall-rows')).toBe('无数据');
    const cards = await cardsOf(page);
    for (const key of RATES) expect(cards[key], key).toMatchObject(expectedCard(key, metrics[key]));
    // Its trend, industries and projects: the API's figures for Kunming (the trend for the cohort too).
    const drill = await api(
      `query D($from: LocalDate!, $to: LocalDate!, $asOf: LocalDate, $cohort: CohortInput, $prefecture: String!, $filter: ProjectFilter) {
        metricsTrend(from: $from, to: $to, cohort: $cohort, prefecture: $prefecture) {
          asOf performanceRate { percent } startRate { percent } productionRate { percent } fundsRate { percent } landingRate { percent }
        }
        metricsBreakdown(asOf: $asOf, prefecture: $prefecture, by: "INDUSTRY") { industry }
        projects(filter: $filter, first: 1) { totalCount }
      }`,
      {
        from: '2025-11-01',
        to: AS_OF,
        asOf: AS_OF,
        cohort: { year: 2019 },
        prefecture: KUNMING,
        filter: { prefectures: [KUNMING], cohortYears: [2019] },
      },
    );
    await waitForText(page, '#project-count', `共 ${grouped(drill.projects.totalCount)} 个项目`);
    const industries = drill.metricsBreakdown.map((m: any) => m.industry).sort();
    expect(industries.length).toBeGreaterThan(0);
    await page.waitForFunction(
      (expected: string) =>
        JSON.stringify(
          [...document.querySelectorAll('#industries tr[data-industry]')].map((r: any) => r.dataset.industry).sort(),
        ) === expected,
      JSON.stringify(industries),
      { timeout: 15_000 },
    );
    await chartsSettled(page);
    const trend = await page.evaluate(() => {
      const option = window.echarts.getInstanceByDom(document.getElementById('trend-chart')).getOption();
      return { months: option.xAxis[0].data as string[], series: option.series.map((s: any) => s.data) };
    });
    expect(drill.metricsTrend.length).toBeGreaterThanOrEqual(2);
    expect(trend.months).toEqual(drill.metricsTrend.map((m: any) => m.asOf.slice(0, 7)));
    expect(trend.series).toEqual(RATES.map((key) => drill.metricsTrend.map((m: any) => m[key].percent)));
    expect(await page.locator(`#prefecture-grid .tile[data-code="${KUNMING}"]`).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('prefecture'));
    await waitForText(page, '#scope-title', '云南省');
  });

  it("shows a drilled-down prefecture's counties as the API counts them under the filter; a county row filters the project list", async () => {
    await openDashboard(`?asOf=${AS_OF}&year=2019`);
    // The province view has no counties panel.
    expect(await page.locator('#counties-panel').isHidden()).toBe(true);
    await page.locator(`#prefecture-grid .tile[data-code="${KUNMING}"]`).click();
    await waitForText(page, '#scope-title', '昆明市');
    const filter = { prefectures: [KUNMING], cohortYears: [2019] };
    const { countyStats } = await api(
      `query Counties($prefecture: String!, $filter: ProjectFilter) {
        countyStats(prefecture: $prefecture, filter: $filter) { county stats { signed } }
      }`,
      { prefecture: KUNMING, filter },
    );
    const named = countyStats.filter((c: any) => c.county !== null);
    expect(named.length).toBeGreaterThan(1);
    const expected = countyStats.map((c: any) => [c.county ?? '未填写县区', grouped(c.stats.signed)]);
    await page.waitForFunction(
      (want: string) =>
        JSON.stringify(
          [...document.querySelectorAll('#counties tbody tr')].map((r: any) => [
            r.cells[0].textContent,
            r.cells[1].textContent,
          ]),
        ) === want,
      JSON.stringify(expected),
      { timeout: 15_000 },
    );
    expect(await page.locator('#counties caption').innerText()).toBe('县区分布');
    // Enter on a county's row (the second, so not merely the first in the list) filters the project list by it.
    const county: string = named[1].county;
    const row = page.locator(`#counties tr[data-county="${county}"]`);
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((want: string) => new URL(location.href).searchParams.get('county') === want, county);
    expect(param('prefecture')).toBe(KUNMING);
    const { projects } = await api(
      `query P($filter: ProjectFilter) { projects(filter: $filter, first: 1) { totalCount } }`,
      { filter: { ...filter, counties: [county] } },
    );
    expect(projects.totalCount).toBeGreaterThan(0);
    await waitForText(page, '#project-count', `共 ${grouped(projects.totalCount)} 个项目`);
    expect(await row.getAttribute('aria-current')).toBe('true');
    // A click on the chosen county's row lifts the filter again.
    await row.click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('county'));
  });

  it('drills down from the map with the keyboard, and shows the prefecture view', async () => {
    await openDashboard(`?asOf=${AS_OF}`);
    const tile = page.locator(`#prefecture-grid .tile[data-code="${STOPPED}"]`);
    await tile.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (code: string) => new URL(location.href).searchParams.get('prefecture') === code,
      STOPPED,
    );
    await waitForText(page, '#scope-title', '丽江市');
    const { metrics } = await api(METRICS, { asOf: AS_OF, prefecture: STOPPED });
    await waitForText(page, '[data-rate=startRate] .card-value', expectedCard('startRate', metrics.startRate).value);
    await chartsSettled(page);
    await allLiveDone();
    await page.screenshot({ path: `${SCREENSHOTS}/prefecture-zh.png` });
  });

  it('pages through a prefecture with keyset cursors and opens a project whose history shows funding amounts', async () => {
    const { projects } = await api(
      `query K($filter: ProjectFilter) { projects(filter: $filter, first: 1, orderBy: ID_ASC) { totalCount edges { node { id } } } }`,
      { filter: { prefectures: [KUNMING] } },
    );
    // Ten more projects through the API, so that Kunming has more than one page of 50.
    const creates = Array.from(
      { length: 10 },
      (_, i) =>
        `p${i}: createProject(input: { prefectureCode: "${KUNMING}", name: "翻页测试项目${i}", eventKind: OTHER, ` +
        `signingLevel: PREFECTURE, signedOn: "2025-03-0${(i % 9) + 1}", industry: "现代物流", investorName: "测试投资方", ` +
        `agreedInvestment: "5000000.00" }) { id }`,
    );
    const created = await harness.hub.query(`mutation { ${creates.join(' ')} }`, {}, officerOf(KUNMING), {
      'idempotency-key': randomUUID(),
    });
    expect(created.errors).toBeUndefined();
    const total = projects.totalCount + 10;
    expect(total).toBeGreaterThan(50); // more than one page
    // A funding entry recorded through the API, by Kunming's officer.
    const projectId: string = projects.edges[0].node.id;
    const recorded = await harness.hub.query(
      `mutation R($input: RecordFundingInput!) { recordFunding(input: $input) { id amount } }`,
      { input: { projectId, receivedOn: '2026-10-15', amount: '12345678.90', source: '企业自筹' } },
      officerOf(KUNMING),
      { 'idempotency-key': randomUUID() },
    );
    expect(recorded.errors).toBeUndefined();

    page = await openTab();
    await openDashboard(`?prefecture=${KUNMING}`);
    // The first list (default order) loads on its own; record only what the order change asks.
    await page.locator('#project-rows tr[data-project-id]').first().waitFor();
    const requests = recordRequests();
    await page.locator('#project-search select[name=order]').selectOption('ID_ASC');
    await page.locator('#project-search button[type=submit]').click();
    await page.waitForFunction(
      () => document.querySelectorAll('#project-rows tr[data-project-id]').length === 50,
      null,
      {
        timeout: 15_000,
      },
    );
    expect(param('order')).toBe('ID_ASC');
    await page.locator('#project-end').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (all: number) => document.querySelectorAll('#project-rows tr[data-project-id]').length === Math.min(100, all),
      total,
      { timeout: 15_000 },
    );
    requests.stop();
    const pages = requests.sent.filter((r) => r.name === 'ProjectList' && r.variables.orderBy === 'ID_ASC');
    expect(pages.map((p) => p.variables.filter.prefectures)).toEqual([[KUNMING], [KUNMING]]);
    expect(pages[0].variables.after).toBeNull();
    // The second page asked after the first page's last cursor (base64url of [order, sortValue, id]).
    const cursor = JSON.parse(Buffer.from(pages[1].variables.after, 'base64url').toString());
    const rowIds: string[] = await page.evaluate(() =>
      [...document.querySelectorAll('#project-rows tr[data-project-id]')].map((r: any) => r.dataset.projectId),
    );
    expect(cursor[2]).toBe(rowIds[49]);
    expect([...rowIds].sort()).toEqual(rowIds);
    expect(new Set(rowIds).size).toBe(rowIds.length);
    await page.locator('#projects').screenshot({ path: `${SCREENSHOTS}/projects-zh.png` });

    await page.locator(`#project-rows tr[data-project-id="${projectId}"]`).click();
    await page.waitForFunction((id: string) => new URL(location.href).searchParams.get('project') === id, projectId);
    const history = page.locator('#detail .detail-section').first();
    await history.locator('tbody tr').first().waitFor();
    const funding = (await history.locator('tbody tr').allInnerTexts()).find((row) => row.includes('资金到位'));
    expect(funding).toContain('1,234.57 万元');
    expect(await text('#detail .facts')).toMatch(/协议投资\s+[\d,.]+ 万元/);
    // One money unit on a project's page: 万元 everywhere, never 亿元.
    expect(await text('#detail')).not.toContain('亿元');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('project'));
  });

  it('lands an officer on their own prefecture, a viewer on the province', async () => {
    page = await openTab();
    await openDashboard('', await harness.hub.tokenFor(officerOf('532900')));
    await waitForText(page, '#scope-title', '大理白族自治州');
    expect(param('prefecture')).toBe('532900');
    // The panels are Dali's, not the province's: its cards and its project list.
    const dali = await api(
      `query O($filter: ProjectFilter) {
        metrics(prefecture: "532900") { performanceRate { percent numerator denominator } }
        projects(filter: $filter, first: 1) { totalCount }
      }`,
      { filter: { prefectures: ['532900'] } },
    );
    await waitForText(
      page,
      '[data-rate=performanceRate] .card-fraction',
      expectedCard('performanceRate', dali.metrics.performanceRate).fraction,
    );
    await waitForText(page, '#project-count', `共 ${grouped(dali.projects.totalCount)} 个项目`);
    page = await openTab();
    await openDashboard('');
    await waitForText(page, '#scope-title', '云南省');
    expect(param('prefecture')).toBeNull();
  });

  it('switches to English and back (screenshots of every view in both languages)', async () => {
    await openDashboard(`?asOf=${AS_OF}`);
    await page.locator('#lang').click();
    await waitForText(page, '[data-rate=performanceRate] .card-label', 'Contract performance');
    expect(await text('h1')).toContain('Yunnan');
    await page.waitForFunction(() =>
      window.echarts
        .getInstanceByDom(document.getElementById('prefecture-chart'))
        ?.getOption()
        .yAxis[0].data.includes('Honghe'),
    );
    await chartsSettled(page);
    await allLiveDone();
    await page.screenshot({ path: `${SCREENSHOTS}/province-en.png` });
    await page
      .locator('#map-title')
      .locator('..')
      .screenshot({ path: `${SCREENSHOTS}/map-en.png` });
    await page.locator(`#prefecture-grid .tile[data-code="${KUNMING}"]`).click();
    await waitForText(page, '#scope-title', 'Kunming');
    await chartsSettled(page);
    await allLiveDone();
    await page.screenshot({ path: `${SCREENSHOTS}/prefecture-en.png` });
    await page.locator('#project-rows tr[data-project-id]').first().waitFor();
    await page.locator('#projects').screenshot({ path: `${SCREENSHOTS}/projects-en.png` });
    await page.locator('#lang').click();
    await waitForText(page, '[data-rate=performanceRate] .card-label', '履约率');
  });

  it('has no serious or critical accessibility violation (axe-core): province, prefecture, a project open', async () => {
    await openDashboard(`?asOf=${AS_OF}`);
    await chartsSettled(page);
    await allLiveDone();
    await page.locator('#project-rows tr[data-project-id]').first().waitFor();
    await page.locator('#stall-rows tr[data-project-id]').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await openDashboard(`?asOf=${AS_OF}&prefecture=${KUNMING}`);
    await chartsSettled(page);
    await allLiveDone();
    await page.locator('#project-rows tr[data-project-id]').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('#project-rows tr[data-project-id]').first().click();
    await page.locator('#detail .detail-section').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("fills each prefecture's live figures as its answer lands: a shard held back holds back no other", async () => {
    const proxy = shards.get(SLOW);
    // Held until the other 15 are seen done (within the gateway's 5 s shard timeout), not for a
    // fixed time a loaded machine could outlast before the page has drawn them.
    proxy.mode = 'hold';
    try {
      await openDashboard(`?asOf=${AS_OF}`);
      // The 15 others done while the slow one is still marked slow.
      await page.waitForFunction(
        (slow: string) => {
          const tiles: any[] = [...document.querySelectorAll('#prefecture-grid .tile')];
          return (
            tiles.length === 16 &&
            tiles.every((t) => (t.dataset.code === slow ? t.dataset.live === 'slow' : t.dataset.live === 'done'))
          );
        },
        SLOW,
        { timeout: 15_000, polling: 50 },
      );
      expect(await page.locator(`#prefecture-grid .tile[data-code="${SLOW}"] .tile-live`).innerText()).toBe(
        '响应较慢，等待中…',
      );
      proxy.release();
      await page.waitForFunction(
        (slow: string) => document.querySelector(`#prefecture-grid .tile[data-code="${slow}"]`).dataset.live === 'done',
        SLOW,
        { timeout: 15_000 },
      );
      expect(Object.values(await tileStates(page))).toEqual(Array(16).fill('done'));
    } finally {
      proxy.release();
    }
  });

  it('names the missing prefecture when its shard is down', async () => {
    expect(await page.locator('#missing').isHidden()).toBe(true);
    await harness.hub.stopShard(STOPPED);
    await openDashboard(`?asOf=${AS_OF}&year=2018&level=PROVINCIAL_MAJOR_EVENT`);
    await waitForText(page, '#missing-live', '丽江市');
    expect(await page.locator('#missing').isVisible()).toBe(true);
    expect(await text('#missing')).toContain('数据不完整');
    expect((await tileStates(page))[STOPPED]).toBe('unavailable');
    // The figures are the stored run's: still there, and the other prefectures' projects still open.
    await waitForText(page, '[data-rate=performanceRate] .card-value', '76.4%');
    await page.screenshot({ path: `${RESULTS}/dashboard-missing.png` });
  });

  it('names the prefectures a partial metric run left out of the figures', async () => {
    const run = await waitForRun(harness, await requestRun(harness, '2026-07-31'));
    expect(run).toMatchObject({ state: 'PARTIAL', missingPrefectures: [STOPPED] });
    await page.goto(`${origin}/dashboard?asOf=2026-07-31&year=2018&level=PROVINCIAL_MAJOR_EVENT`);
    await waitForText(page, '#missing-metrics', '丽江市');
    expect(await text('#missing-metrics')).toBe('以下州市未纳入本期指标：丽江市');
    expect(await text('#as-of')).toContain('2026-07-31');
  });

  it('raised no console error and no Content-Security-Policy violation', () => {
    // The stopped shard's tile asks it and gets PREFECTURE_UNAVAILABLE in a 200 answer: no console error.
    expect(problems).toEqual([]);
  });
});
