import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { ledgerXlsx, readXlsx, validRow } from '../ledger/ledger-file.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { launchChromium, requireChromium } from './dashboard-browser.js';
import { seriousAxeViolations, waitForText } from './dashboard-page.js';

// The dashboard's ledger files in headless Chromium against the hub the dashboard tests start (16
// real shards with demo data): an officer's import screen (preview with errors, cancel, confirm) and
// the project list's "导出 Excel". What was written is checked through the API, not the page.

const KUNMING = '530100';
const officer = officerOf(KUNMING);

declare const document: any;

requireChromium();

describe('ledger import and export on the dashboard', { timeout: 120_000 }, () => {
  let harness: MetricsHubHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    harness = await startMetricsHub();
    origin = new URL(harness.hub.gatewayUrl).origin;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** A fresh tab on the dashboard as `actor` (token handed over in the address), its project list loaded. */
  async function openAs(actor: Parameters<MetricsHubHarness['hub']['tokenFor']>[0]): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const token = await harness.hub.tokenFor(actor);
    await page.goto(`${origin}/dashboard?token=${encodeURIComponent(token)}`);
    await page.locator('#project-rows tr[data-project-id]').first().waitFor({ timeout: 20_000 });
  }

  async function projectsWithLedgerNumber(ledgerNumber: string) {
    const answer = await harness.hub.query<{
      projects: { edges: { node: { id: string; prefectureCode: string; history: { source: string | null }[] } }[] };
    }>(
      'query($n: String) { projects(first: 5, filter: { ledgerNumber: $n }) { edges { node { id prefectureCode history { source } } } } }',
      { n: ledgerNumber },
      ADMIN,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.projects.edges.map((e) => e.node);
  }

  async function kunmingTotal(): Promise<number> {
    const answer = await harness.hub.query<{ projectStats: { total: number } }>(
      'query($p: [String!]) { projectStats(filter: { prefectures: $p }) { total } }',
      { p: [KUNMING] },
      ADMIN,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.projectStats.total;
  }

  /** Chooses `bytes` as the import file and asks for the preview; resolves when it is shown. */
  async function preview(name: string, bytes: Buffer): Promise<void> {
    await page.locator('#ledger-file').setInputFiles({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    await page.locator('#ledger-import form button[type=submit]').click();
    await page.locator('#ledger-import .ledger-totals').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** The preview's counts as shown: action → number. */
  const countsShown = (): Promise<Record<string, string>> =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('#ledger-import .ledger-count')].map((c: any) => [
          c.dataset.action,
          c.textContent,
        ]),
      ),
    );

  /** The preview table's rows: [row number, action, column, message]. */
  const tableShown = (): Promise<string[][]> =>
    page.evaluate(() =>
      [...document.querySelectorAll('#ledger-import tbody tr')].map((tr: any) =>
        [...tr.cells].map((td: any) => td.textContent),
      ),
    );

  it('offers no import to a viewer', async () => {
    await openAs(VIEWER);
    expect(await page.locator('#ledger-import-open').isHidden()).toBe(true);
    // The screen's code is not even loaded.
    expect(await page.evaluate(() => document.getElementById('ledger-import'))).toBeNull();
  });

  it('previews an officer’s file with errors, and cancelling writes nothing', async () => {
    const before = await kunmingTotal();
    await openAs(officer);
    await page.locator('#ledger-import-open').click();
    await page.locator('#ledger-import').waitFor({ state: 'visible' });
    // Officers import into their own prefecture: named, not chosen.
    expect(await page.locator('#ledger-prefecture').isHidden()).toBe(true);
    expect(await page.locator('#ledger-import').innerText()).toContain('昆明市');
    const template = await page.locator('#ledger-import a[download]').getAttribute('href');
    const templateResponse = await fetch(`${origin}${template}`);
    expect(templateResponse.status).toBe(200);
    expect((await readXlsx(Buffer.from(await templateResponse.arrayBuffer()))).getCell(1, 1).value).toBe('台账编号');

    const tag = `E2E-${process.pid}`;
    const withErrors = await ledgerXlsx([
      validRow({ ledgerNumber: `${tag}-OK` }),
      validRow({ ledgerNumber: `${tag}-DATE`, signedOn: '2024-13-01' }),
      validRow({ ledgerNumber: `${tag}-MONEY`, agreedInvestment: '100.125' }),
    ]);
    await preview('有错误的台账.xlsx', withErrors);
    expect(await countsShown()).toEqual({ CREATE: '新增 1', UPDATE: '更新 0', UNCHANGED: '无变化 0', ERROR: '错误 2' });
    const rows = await tableShown();
    expect(rows[0]).toEqual(['3', '新增', '—', expect.any(String)]);
    expect(rows[1]).toEqual(['4', '错误', '签约日期', expect.stringContaining('日期')]);
    expect(rows[2]).toEqual(['5', '错误', '协议投资额（元）', expect.stringContaining('两位小数')]);
    expect(await page.locator('#ledger-import').innerText()).toContain('尚未写入');

    // The screen with a preview in it: keyboard reachable, labelled, no serious axe violations.
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.locator('#ledger-import .ledger-actions button', { hasText: '取消' }).click();
    await waitForText(page, '#ledger-status', '未写入任何数据');
    expect(await page.locator('#ledger-import tbody tr').count()).toBe(0);
    expect(await projectsWithLedgerNumber(`${tag}-OK`)).toEqual([]);
    expect(await kunmingTotal()).toBe(before);

    // In English the same preview speaks English.
    await page.locator('#ledger-import button', { hasText: '关闭' }).click();
    await page.locator('#lang').click();
    await page.locator('#ledger-import-open').click();
    await preview('ledger-with-errors.xlsx', withErrors);
    const english = await tableShown();
    expect(english[1].slice(1, 3)).toEqual(['Error', 'Signed on']);
    expect(english[1][3]).toMatch(/date/i);
    await page.locator('#ledger-import .ledger-actions button', { hasText: 'Cancel' }).click();
    await page.locator('#ledger-import button', { hasText: 'Close' }).click();
    await page.locator('#lang').click();
    expect(await kunmingTotal()).toBe(before);
  });

  it('imports an officer’s valid file on confirm, with the file named in the history', async () => {
    const before = await kunmingTotal();
    const tag = `E2E-${process.pid}-V`;
    const valid = await ledgerXlsx([
      validRow({ ledgerNumber: `${tag}-1`, name: `导入测试甲 ${process.pid}` }),
      validRow({ ledgerNumber: `${tag}-2`, name: `导入测试乙 ${process.pid}` }),
    ]);
    await page.locator('#ledger-import-open').click();
    await preview('昆明台账.xlsx', valid);
    expect(await countsShown()).toMatchObject({ CREATE: '新增 2', ERROR: '错误 0' });
    expect(await projectsWithLedgerNumber(`${tag}-1`)).toEqual([]);

    await page.locator('#ledger-import .ledger-actions button', { hasText: '确认导入' }).click();
    await waitForText(page, '#ledger-status', '导入完成');
    expect(await countsShown()).toMatchObject({ CREATE: '新增 2', ERROR: '错误 0' });
    for (const n of [1, 2]) {
      const [project] = await projectsWithLedgerNumber(`${tag}-${n}`);
      expect(project.prefectureCode).toBe(KUNMING);
      expect(project.history.some((h) => h.source?.startsWith('ledger:昆明台账.xlsx#'))).toBe(true);
    }
    expect(await kunmingTotal()).toBe(before + 2);
    await page.keyboard.press('Escape');
    await page.locator('#ledger-import').waitFor({ state: 'hidden' });
  });

  it('downloads the project list as an xlsx holding the rows the list shows', async () => {
    // The officer's view: Kunming, newest signed first; the list's own search narrows it further.
    const expected = await harness.hub.query<{ projects: { totalCount: number } }>(
      'query($p: [String!]) { projects(first: 1, filter: { prefectures: $p }) { totalCount } }',
      { p: [KUNMING] },
      ADMIN,
    );
    const total = expected.data!.projects.totalCount;
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#project-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const sheet = await readXlsx(await readFile(await download.path()));
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const ledgerColumn = headers.indexOf('台账编号');
    expect(ledgerColumn).toBeGreaterThan(0);
    // Two header rows (Chinese, English) above the data.
    const ledgerNumbers: string[] = [];
    sheet.eachRow((row, n) => n > 2 && ledgerNumbers.push(row.getCell(ledgerColumn).text));
    expect(ledgerNumbers).toHaveLength(total);
    expect(ledgerNumbers).toEqual(expect.arrayContaining([`E2E-${process.pid}-V-1`, `E2E-${process.pid}-V-2`]));

    // With a search in the list, the export follows it.
    await page.locator('#project-search input[name=q]').fill(`导入测试甲 ${process.pid}`);
    await page.locator('#project-search button[type=submit]').click();
    await page.waitForFunction(
      () => document.querySelectorAll('#project-rows tr[data-project-id]').length === 1,
      null,
      {
        timeout: 15_000,
      },
    );
    const [narrowed] = await Promise.all([page.waitForEvent('download'), page.locator('#project-export').click()]);
    const narrowedSheet = await readXlsx(await readFile(await narrowed.path()));
    expect(narrowedSheet.actualRowCount).toBe(3);
    expect(narrowedSheet.getRow(3).getCell(ledgerColumn).text).toBe(`E2E-${process.pid}-V-1`);
  });

  it('downloads the stalled list and the cohort metrics, and logged no page errors', async () => {
    for (const id of ['#stall-export', '#metrics-export']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(id).click()]);
      const sheet = await readXlsx(await readFile(await download.path()));
      expect(sheet.actualRowCount, id).toBeGreaterThanOrEqual(2);
    }
    expect(problems).toEqual([]);
  });
});
