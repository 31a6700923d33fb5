// The industries of the view (province or one prefecture) on the date: each industry's signed
// projects and chosen rate with its fraction; a row filters the whole page by that industry.
import { el, fraction, fractionTitle, grouped, panelTable, percent, pickableRow } from './format.js';
import { t } from './i18n.js';

/** Draws `breakdown` (Metrics of dimension INDUSTRY) as a table; `onPick(industry)` on a row. */
export function drawIndustries(container, breakdown, { rateKey, selected, onPick }) {
  if (!breakdown.length) {
    container.replaceChildren(el('p', { className: 'muted' }, t('noDataShort')));
    return;
  }
  const isMoney = rateKey === 'fundsRate';
  const rows = [...breakdown].sort((a, b) => b.signed - a.signed);
  container.replaceChildren(
    panelTable(
      t('industries'),
      [[t('industry')], [t('signed'), 'num'], [t(rateKey), 'num'], ['']],
      rows.map((m) =>
        el(
          'tr',
          pickableRow({
            selected: m.industry === selected,
            dataset: { industry: m.industry },
            onPick: () => onPick(m.industry),
          }),
          el('td', {}, m.industry),
          el('td', { className: 'num' }, grouped(m.signed)),
          el('td', { className: 'num', title: fractionTitle(m[rateKey], isMoney) }, percent(m[rateKey])),
          el('td', { className: 'muted' }, fraction(m[rateKey], isMoney)),
        ),
      ),
    ),
  );
}
