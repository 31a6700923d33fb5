// The headline cards: the five rates of the view (province or one prefecture) with their fractions;
// hovering (or a screen reader) gives numerator and denominator. 落地率 names the definition in force.
import { el, fraction, fractionTitle, grouped, moneyProvince, percent } from './format.js';
import { label, t } from './i18n.js';
import { RATES } from './state.js';

/**
 * Draws `metrics` (null: no figures for the date) into `container`; `landing` is the configured
 * 落地 definition (REGISTERED_COMPANY, STARTED or FUNDS_ARRIVED) or null while unknown.
 */
export function drawCards(container, metrics, landing) {
  if (!metrics) {
    container.replaceChildren(el('p', { className: 'muted' }, t('noData')));
    return;
  }
  container.replaceChildren(
    ...RATES.map((key) => {
      const rate = metrics[key];
      const isMoney = key === 'fundsRate';
      const title = fractionTitle(rate, isMoney);
      return el(
        'div',
        {
          className: 'card',
          dataset: { rate: key },
          title,
          role: 'group',
          'aria-label': `${t(key)} ${percent(rate)}, ${title}`,
        },
        el('span', { className: 'card-label' }, t(key)),
        el('span', { className: 'card-value' }, percent(rate)),
        el('span', { className: 'card-fraction' }, fraction(rate, isMoney)),
        key === 'landingRate' && landing
          ? el(
              'span',
              { className: 'card-note' },
              t('landingDefinition', { definition: label('LandingDefinition', landing) }),
            )
          : key === 'fundsRate'
            ? el('span', { className: 'card-note' }, `${t('agreed')} ${moneyProvince(metrics.agreedInvestment)}`)
            : el('span', { className: 'card-note' }, t('signedProjects', { n: grouped(metrics.signed) })),
      );
    }),
  );
}
