// The dashboard page: token, filters, headline rates, charts, missing-data notice and the stalled list.
import { AuthError, adoptTokenFromUrl, clearToken, gql, graphql, setToken, token } from './api.js';
import { drawPrefectures, drawTrend, resetCharts } from './charts.js';
import { el, fraction, localToday, monthStartBefore, percent } from './format.js';
import { label, language, prefectureName, setLanguage, t, translatePage } from './i18n.js';
import { createStalledList } from './stalled.js';

// Five requests, each drawn as it arrives: the province's figures and trend, then the prefectures'
// figures, a live check of every prefecture, and the stalled list (stalled.js).
const HEADLINE = gql`
  query Headline($asOf: LocalDate, $cohort: CohortInput) {
    metrics(asOf: $asOf, cohort: $cohort) {
      asOf
      signed
      missingPrefectures
      performanceRate {
        percent
        numerator
        denominator
      }
      startRate {
        percent
        numerator
        denominator
      }
      productionRate {
        percent
        numerator
        denominator
      }
      fundsRate {
        percent
        numerator
        denominator
      }
    }
  }
`;
const BY_PREFECTURE = gql`
  query ByPrefecture($asOf: LocalDate, $cohort: CohortInput) {
    prefectures {
      code
      metrics(asOf: $asOf, cohort: $cohort) {
        signed
        performanceRate {
          percent
          numerator
          denominator
        }
        startRate {
          percent
          numerator
          denominator
        }
      }
    }
  }
`;
// Asks every prefecture's shard now: those that do not answer come back as PREFECTURE_UNAVAILABLE.
const LIVE = gql`
  query Live($filter: ProjectFilter) {
    projectStats(filter: $filter) {
      signed
    }
  }
`;
const TREND = gql`
  query Trend($from: LocalDate!, $to: LocalDate!, $cohort: CohortInput) {
    metricsTrend(from: $from, to: $to, cohort: $cohort) {
      asOf
      performanceRate {
        percent
      }
      startRate {
        percent
      }
      productionRate {
        percent
      }
      fundsRate {
        percent
      }
    }
  }
`;
const CARDS = [
  ['performanceRate', false],
  ['startRate', false],
  ['productionRate', false],
  ['fundsRate', true],
];
const LEVELS = ['PROVINCIAL_MAJOR_EVENT', 'PROVINCIAL_MAJOR_PROJECT', 'PREFECTURE'];
const EVENTS = ['SOUTH_ASIA_EXPO', 'INVESTMENT_FAIR', 'LEADER_DELEGATION', 'OTHER'];
const ETHNIC = /(彝族|哈尼族|壮族|苗族|傣族|白族|景颇族|傈僳族|藏族).*自治州$/;

const $ = (id) => document.getElementById(id);
const filters = $('filters');
const names = new Map();
// The prefectures' names, fetched while the first queries run.
const namesReady = fetch('/dashboard/prefectures.json')
  .then((response) => response.json())
  .then((reference) => reference.prefectures.forEach((p) => names.set(p.code, p)));
const missing = { metrics: [], live: new Set() };
let last = { metrics: undefined, prefectures: null, trend: null };
let generation = 0;

/** "红河哈尼族彝族自治州" → "红河州", "Honghe Hani and Yi Autonomous Prefecture" → "Honghe": axis labels that fit. */
const shortName = (code) => {
  const p = names.get(code);
  if (!p) return code;
  return language() === 'en'
    ? p.nameEn.replace(/ .*\b(Autonomous Prefecture|AP)$/, '')
    : p.nameZh.replace(ETHNIC, '州');
};

const stalled = createStalledList({ names, ready: namesReady, onAnswer: noteAnswer, onFailure: fail });

function noteAnswer(unavailable, errors) {
  for (const code of unavailable) missing.live.add(code);
  renderMissing();
  if (errors.length) showError(errors.map((e) => e.message).join('; '));
}

function renderMissing() {
  const list = (codes) =>
    [...codes].map((code) => prefectureName(names.get(code), code)).join(language() === 'en' ? ', ' : '、');
  const metricsLine = $('missing-metrics');
  const liveLine = $('missing-live');
  metricsLine.hidden = !missing.metrics.length;
  metricsLine.textContent = t('missingMetrics', { names: list(missing.metrics) });
  liveLine.hidden = !missing.live.size;
  liveLine.textContent = t('missingLive', { names: list(missing.live) });
  $('missing').hidden = metricsLine.hidden && liveLine.hidden;
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message ? t('error', { message }) : '';
}

function fail(error) {
  if (error instanceof AuthError) {
    clearToken();
    showTokenForm(true);
  } else {
    showError(error.message);
  }
}

function readFilters() {
  const form = new FormData(filters);
  const cohort = {};
  if (form.get('year')) cohort.year = Number(form.get('year'));
  if (form.get('level')) cohort.signingLevel = form.get('level');
  if (form.get('event')) cohort.eventKind = form.get('event');
  return { asOf: form.get('asOf') || null, cohort };
}

async function load() {
  const mine = ++generation;
  const current = () => mine === generation;
  const { asOf, cohort } = readFilters();
  missing.metrics = [];
  missing.live.clear();
  renderMissing();
  showError(null);
  $('as-of').textContent = t('loading');
  const ask = (query, variables) =>
    Promise.all([graphql(query, variables), namesReady]).then(([answer]) => {
      if (!current()) return null;
      noteAnswer(answer.unavailable, answer.errors);
      return answer.data;
    });
  const filter = {
    cohortYears: cohort.year ? [cohort.year] : undefined,
    signingLevels: cohort.signingLevel ? [cohort.signingLevel] : undefined,
    eventKinds: cohort.eventKind ? [cohort.eventKind] : undefined,
  };
  // Without a date the newest run is shown: its trend is the runs of the last 12 months to today.
  const to = asOf ?? localToday();

  // The cheap answers first (stored figures of the province), so the top of the page fills at once
  // even when the hub is busy; then those that read every prefecture.
  await Promise.all([
    ask(HEADLINE, { asOf, cohort }).then((data) => {
      if (!data) return;
      last.metrics = data.metrics;
      missing.metrics = data.metrics?.missingPrefectures ?? [];
      renderHeadline();
    }),
    ask(TREND, { from: monthStartBefore(to, 11), to, cohort })
      .then((data) => {
        if (!data) return;
        last.trend = data.metricsTrend;
        return renderTrend();
      })
      .catch(fail),
  ]);
  if (!current()) return;
  await Promise.all(
    [
      ask(BY_PREFECTURE, { asOf, cohort }).then((data) => {
        if (!data) return;
        last.prefectures = data.prefectures;
        return renderPrefectures();
      }),
      ask(LIVE, { filter }),
      stalled.load(asOf),
    ].map((pending) => pending.catch(fail)),
  );
}

function renderHeadline() {
  const metrics = last.metrics;
  renderMissing();
  $('as-of').textContent = metrics
    ? `${t('dataAsOf', { date: metrics.asOf })} · ${t('signedProjects', { n: metrics.signed })}`
    : '';
  $('headline').replaceChildren(
    ...(metrics
      ? CARDS.map(([key, isMoney]) =>
          el(
            'div',
            { className: 'card', dataset: { rate: key } },
            el('span', { className: 'card-label' }, t(key)),
            el('span', { className: 'card-value' }, percent(metrics[key])),
            el('span', { className: 'card-fraction' }, fraction(metrics[key], isMoney)),
          ),
        )
      : [el('p', { className: 'muted' }, t('noData'))]),
  );
}

function renderPrefectures() {
  const rows = last.prefectures.map((p) => ({
    name: shortName(p.code),
    performance: p.metrics?.performanceRate.percent ?? null,
    start: p.metrics?.startRate.percent ?? null,
  }));
  return drawPrefectures($('prefecture-chart'), rows);
}

function renderTrend() {
  const points = last.trend.map((m) => ({
    month: m.asOf.slice(0, 7),
    performance: m.performanceRate.percent,
    start: m.startRate.percent,
    production: m.productionRate.percent,
    funds: m.fundsRate.percent,
  }));
  $('trend-empty').hidden = points.length > 0;
  return drawTrend($('trend-chart'), points);
}

function fillFilterSelects() {
  const options = (select, values, text) => {
    const keep = select.value;
    select.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...values.map((v) => el('option', { value: String(v) }, text(v))),
    );
    select.value = keep;
  };
  const thisYear = new Date().getFullYear();
  options(
    filters.elements.year,
    Array.from({ length: thisYear - 2009 }, (_, i) => thisYear - i),
    String,
  );
  options(filters.elements.level, LEVELS, label);
  options(filters.elements.event, EVENTS, label);
}

function relabel() {
  translatePage();
  fillFilterSelects();
  stalled.relabel();
  resetCharts();
  if (last.metrics !== undefined) renderHeadline();
  if (last.prefectures) renderPrefectures().catch(fail);
  if (last.trend) renderTrend().catch(fail);
}

function showTokenForm(rejected = false) {
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('token-form').hidden = false;
  $('token-error').hidden = !rejected;
  $('token-error').textContent = rejected ? t('tokenRejected') : '';
  $('token-input').value = '';
}

function showDashboard() {
  $('token-form').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  load().catch(fail);
}

async function start() {
  setLanguage(language());
  // Filters can come from the address (?year=2018&level=…&event=…&asOf=…), so a view can be linked.
  const params = new URLSearchParams(location.search);
  relabel();
  for (const name of ['asOf', 'year', 'level', 'event'])
    if (params.get(name)) filters.elements[name].value = params.get(name);

  $('lang').addEventListener('click', () => {
    setLanguage(language() === 'en' ? 'zh' : 'en');
    relabel();
  });
  $('sign-out').addEventListener('click', () => {
    clearToken();
    showTokenForm();
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setToken($('token-input').value);
    showDashboard();
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    for (const [name, value] of new FormData(filters))
      value ? url.searchParams.set(name, String(value)) : url.searchParams.delete(name);
    history.replaceState(history.state, '', url);
    load().catch(fail);
  });
  if (token()) showDashboard();
  else showTokenForm();
  await namesReady;
  stalled.relabel(); // the prefecture filter's options
}

adoptTokenFromUrl();
start().catch((error) => showError(error.message));
