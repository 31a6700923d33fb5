// The industries of the view (province or one prefecture) on the date: each industry's signed
// projects and chosen rate with its fraction; a row filters the whole page by that industry.
import { el, fraction, fractionTitle, grouped, percent } from './format.js';
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
    el(
      'table',
      { className: 'detail-table' },
      el('caption', { className: 'visually-hidden' }, t('industries')),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, t('industry')),
          el('th', { scope: 'col', className: 'num' }, t('signed')),
          el('th', { scope: 'col', className: 'num' }, t(rateKey)),
          el('th', { scope: 'col' }, ''),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((m) =>
          el(
            'tr',
            {
              tabIndex: 0,
              className: `clickable${m.industry === selected ? ' selected' : ''}`,
              dataset: { industry: m.industry },
              'aria-current': m.industry === selected ? 'true' : 'false',
              onclick: () => onPick(m.industry),
              onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onPick(m.industry)),
            },
            el('td', {}, m.industry),
            el('td', { className: 'num' }, grouped(m.signed)),
            el('td', { className: 'num', title: fractionTitle(m[rateKey], isMoney) }, percent(m[rateKey])),
            el('td', { className: 'muted' }, fraction(m[rateKey], isMoney)),
          ),
        ),
      ),
    ),
  );
}
