import axe from 'axe-core';
import type { Page } from 'playwright-core';

// Callbacks of page.evaluate/waitForFunction run in the browser; the project compiles without the
// DOM library, so their browser globals are declared loosely here, for this file only.
declare const document: any;
declare const window: any;

/** Resolves when `selector`'s text contains `expected`. */
export const waitForText = (page: Page, selector: string, expected: string) =>
  page.waitForFunction(
    ([s, want]) => document.querySelector(s)?.textContent?.includes(want),
    [selector, expected] as const,
    { timeout: 15_000 },
  );

/**
 * Resolves once the charts of `ids` have no animation left (what ECharts checks before its
 * 'finished' event, which may have fired before we could listen): their frames are final.
 */
export const chartsSettled = (page: Page, ids: readonly string[] = ['prefecture-chart', 'trend-chart']) =>
  page.waitForFunction(
    (chartIds) =>
      chartIds.every((id) => {
        const chart = window.echarts?.getInstanceByDom(document.getElementById(id));
        return chart !== undefined && chart.getZr().animation.isFinished();
      }),
    ids,
    { timeout: 15_000, polling: 'raf' },
  );

/** The five cards as shown: rate key → { value, fraction, title }. */
export const cardsOf = (page: Page): Promise<Record<string, { value: string; fraction: string; title: string }>> =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#headline .card')].map((card: any) => [
        card.dataset.rate,
        {
          value: card.querySelector('.card-value').textContent,
          fraction: card.querySelector('.card-fraction').textContent,
          title: card.title,
        },
      ]),
    ),
  );

/** Every tile of the prefecture map: code → its live state ('loading', 'slow', 'done', 'unavailable'). */
export const tileStates = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#prefecture-grid .tile')].map((t: any) => [t.dataset.code, t.dataset.live]),
    ),
  );

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Runs axe-core (the installed devDependency, injected through the DevTools protocol: the page's
 * Content-Security-Policy forbids inline scripts) over the page; its serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
