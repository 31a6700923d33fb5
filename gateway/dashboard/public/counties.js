// The counties of one prefecture (drill-down only), live from its shard under the filter bar: each
// county's signed and started projects, agreed investment and funds in place; a row filters the
// project list by that county.
import { el, grouped, moneyProvinceNumber, panelTable, pickableRow } from './format.js';
import { t } from './i18n.js';

/**
 * 开工: under construction through at capacity, the stages lib/metrics-rules/stage-sets.ts counts
 * as started (the start rate's numerator), so this column and the 开工率 card mean the same.
 */
const STARTED = ['underConstruction', 'partiallyProducing', 'operating', 'atCapacity'];
const startedOf = (byStage) => STARTED.reduce((sum, field) => sum + byStage[field], 0);

/**
 * Draws `rows` (CountyStats, in the API's order) as a table; `onPick(county)` on a county's row.
 * Projects without a county (county null) get a row of their own that filters nothing: the
 * project list's county filter cannot name "none".
 */
export function drawCounties(container, rows, { selected, onPick }) {
  if (!rows.length) {
    container.replaceChildren(el('p', { className: 'muted' }, t('noDataShort')));
    return;
  }
  container.replaceChildren(
    panelTable(
      t('counties'),
      [
        [t('county')],
        [t('signedProjectsHead'), 'num'],
        [t('started'), 'num'],
        [t('agreedProvinceUnit'), 'num'],
        [t('fundsProvinceUnit'), 'num'],
      ],
      rows.map(({ county, stats }) =>
        el(
          'tr',
          county === null
            ? { className: 'muted' }
            : pickableRow({ selected: county === selected, dataset: { county }, onPick: () => onPick(county) }),
          el('th', { scope: 'row' }, county ?? t('countyUnfilled')),
          el('td', { className: 'num' }, grouped(stats.signed)),
          el('td', { className: 'num' }, grouped(startedOf(stats.byStage))),
          el('td', { className: 'num' }, moneyProvinceNumber(stats.agreedInvestment)),
          el('td', { className: 'num' }, moneyProvinceNumber(stats.fundsInPlace)),
        ),
      ),
    ),
  );
}
