// Formatting and DOM building. Data from the API is only ever set as text, never as HTML.
import { language, t } from './i18n.js';

/** "76.4%": one decimal, or "无数据" when the rate has no denominator (an empty group). */
export const percent = (rate) => (rate?.percent == null ? t('noDataShort') : `${rate.percent.toFixed(1)}%`);

/** A count or amount with thousands separators: "6,306". */
export const grouped = (n, digits = 0) =>
  Number(n).toLocaleString(language() === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

// One money unit per view: 亿元 (billions in English) for the province and prefecture views, 万元
// (millions) for a project. Display only: sums stay exact on the server.
const PROVINCE_UNIT = () => (language() === 'en' ? 1e9 : 1e8);
const PROJECT_UNIT = () => (language() === 'en' ? 1e6 : 1e4);

/** Yuan (a Money string) in the province views' unit, with the unit: "348.60 亿元". */
export const moneyProvince = (yuan) => t('moneyProvince', { n: grouped(Number(yuan) / PROVINCE_UNIT(), 2) });

/** Yuan in the province views' unit, number only (for a column whose header names the unit). */
export const moneyProvinceNumber = (yuan) => grouped(Number(yuan) / PROVINCE_UNIT(), 2);

/** Yuan in a project's unit, with the unit: "1,200.00 万元". */
export const moneyProject = (yuan) => t('moneyProject', { n: grouped(Number(yuan) / PROJECT_UNIT(), 2) });

/** Yuan in a project's unit, number only (for a column whose header names the unit). */
export const moneyProjectNumber = (yuan) => grouped(Number(yuan) / PROJECT_UNIT(), 2);

/** The fraction behind a rate: "84 / 110 个", or money for the funds rate (whose parts are in fen). */
export function fraction(rate, isMoney = false) {
  if (!rate) return '';
  if (!isMoney) return t('countFraction', { num: grouped(rate.numerator), den: grouped(rate.denominator) });
  const unit = PROVINCE_UNIT() * 100;
  return t('fundsFraction', {
    num: grouped(Number(rate.numerator) / unit, 2),
    den: grouped(Number(rate.denominator) / unit, 2),
  });
}

/** "分子 84 · 分母 110": what a rate's hover says. */
export function fractionTitle(rate, isMoney = false) {
  if (!rate) return '';
  const [num, den] = fraction(rate, isMoney).split(' / ');
  return t('fractionTitle', { num, den });
}

/** "2026-10-31T08:00:00.000Z" → "2026-10-31 16:00" in the reader's time zone. */
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today in the reader's time zone, YYYY-MM-DD. */
export function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The first day of the month `months` months before `date` (YYYY-MM-DD). */
export function monthStartBefore(date, months) {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - months, 1)).toISOString().slice(0, 10);
}

/** el('td', { className: 'x' }, 'text', child): an element with properties and children (strings become text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * A panel's table: a caption for screen readers (the panel's heading says it on screen), column
 * headers as [text, className] and the body's rows.
 */
export function panelTable(caption, columns, rows) {
  return el(
    'table',
    { className: 'detail-table' },
    el('caption', { className: 'visually-hidden' }, caption),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        columns.map(([text, className = '']) => el('th', { scope: 'col', className }, text)),
      ),
    ),
    el('tbody', {}, rows),
  );
}

/**
 * The properties of a row that picks something (an industry, a county): focusable, click, Enter or
 * Space calls `onPick`, and marked (class and aria-current) when it is the one chosen.
 */
export const pickableRow = ({ selected, dataset, onPick }) => ({
  tabIndex: 0,
  className: `clickable${selected ? ' selected' : ''}`,
  dataset,
  'aria-current': selected ? 'true' : 'false',
  onclick: onPick,
  onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onPick()),
});

/** A small table: headers and rows of cells; `empty` when there are no rows. */
export function table(headers, rows) {
  if (!rows.length) return el('p', { className: 'muted' }, t('noDataShort'));
  return el(
    'table',
    { className: 'detail-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headers.map((h) => el('th', {}, h)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) =>
        el(
          'tr',
          {},
          cells.map((c) => el('td', {}, c)),
        ),
      ),
    ),
  );
}
