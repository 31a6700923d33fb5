// The dashboard page: token, the filter bar every panel obeys, the province or one prefecture
// (drill-down), and the panels — headline rates, prefecture comparison and map, trend, industries,
// a prefecture's counties, stalled list, project list, a project's page. The view lives in the address (state.js): each
// change reloads only the panels whose inputs changed.
import { AuthError, adoptTokenFromUrl, clearToken, gql, graphql, setToken, token, tokenClaims } from './api.js';
import { drawCards } from './cards.js';
import { clearChart, drawPrefectures, drawTrend, markDrawn, resetCharts } from './charts.js';
import { el, fraction, grouped, localToday, monthStartBefore } from './format.js';
import { wireExportButton } from './export.js';
import { label, language, prefectureName, setLanguage, t, translatePage } from './i18n.js';
import { drawCounties } from './counties.js';
import { drawIndustries } from './industries.js';
import { loadLive } from './live.js';
import { createPrefectureGrid } from './prefecture-grid.js';
import { createProjectDetail } from './project-detail.js';
import { createProjectList } from './projects.js';
import { createStalledList } from './stalled.js';
import {
  EVENTS,
  LEVELS,
  RATES,
  changedKeys,
  cohortOf,
  navigate,
  onStateChange,
  projectFilterOf,
  readState,
} from './state.js';

// The stored figures (the province subgraph's metric runs): cheap, asked first.
const HEADLINE = gql`
  query Headline($asOf: LocalDate, $cohort: CohortInput, $industry: String, $prefecture: String) {
    metrics(asOf: $asOf, cohort: $cohort, industry: $industry, prefecture: $prefecture) {
      asOf
      signed
      agreedInvestment
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
      landingRate {
        percent
        numerator
        denominator
      }
    }
    stallRules {
      landingDefinition
    }
  }
`;
const PREFECTURE_RATES = gql`
  query PrefectureRates($asOf: LocalDate, $cohort: CohortInput, $industry: String) {
    prefectures {
      code
      metrics(asOf: $asOf, cohort: $cohort, industry: $industry) {
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
        landingRate {
          percent
          numerator
          denominator
        }
      }
    }
  }
`;
const TREND = gql`
  query Trend($from: LocalDate!, $to: LocalDate!, $cohort: CohortInput, $industry: String, $prefecture: String) {
    metricsTrend(from: $from, to: $to, cohort: $cohort, industry: $industry, prefecture: $prefecture) {
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
      landingRate {
        percent
      }
    }
  }
`;
const INDUSTRIES = gql`
  query Industries($asOf: LocalDate, $prefecture: String) {
    metricsBreakdown(asOf: $asOf, prefecture: $prefecture, by: "INDUSTRY") {
      industry
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
      landingRate {
        percent
        numerator
        denominator
      }
    }
  }
`;
// Live from the prefecture's shard (routed by the prefecture argument): the filter bar's projects, county by county.
const COUNTIES = gql`
  query Counties($prefecture: String!, $filter: ProjectFilter) {
    countyStats(prefecture: $prefecture, filter: $filter) {
      county
      stats {
        signed
        agreedInvestment
        fundsInPlace
        byStage {
          underConstruction
          partiallyProducing
          operating
          atCapacity
        }
      }
    }
  }
`;

const FILTER_KEYS = ['asOf', 'year', 'level', 'event', 'prefecture', 'industry'];
/** Which state keys each panel reads: it reloads when one of them changes. */
const READS = {
  headline: FILTER_KEYS,
  trend: FILTER_KEYS,
  prefectures: ['asOf', 'year', 'level', 'event', 'industry'],
  live: ['year', 'level', 'event', 'industry'],
  industries: ['asOf', 'prefecture'],
  counties: ['year', 'level', 'event', 'prefecture', 'industry'],
  stalled: FILTER_KEYS,
  projects: ['year', 'level', 'event', 'prefecture', 'industry', 'q', 'stage', 'county', 'order'],
};
const ETHNIC = /(彝族|哈尼族|壮族|苗族|傣族|白族|景颇族|傈僳族|藏族).*自治州$/;

const $ = (id) => document.getElementById(id);
const filters = $('filters');
const names = new Map();
// The prefectures' names, fetched while the first queries run.
const namesReady = fetch('/dashboard/prefectures.json')
  .then((response) => response.json())
  .then((reference) => reference.prefectures.forEach((p) => names.set(p.code, p)));
const missing = { metrics: [], live: new Set() };
const last = { metrics: undefined, landing: null, prefectures: null, trend: null, industries: null, counties: null };
let shown = null; // the state the panels show

/** "红河哈尼族彝族自治州" → "红河州", "Honghe Hani and Yi Autonomous Prefecture" → "Honghe": labels that fit. */
const shortName = (code) => {
  const p = names.get(code);
  if (!p) return code;
  return language() === 'en'
    ? p.nameEn.replace(/ .*\b(Autonomous Prefecture|AP)$/, '')
    : p.nameZh.replace(ETHNIC, '州');
};
const fullName = (code) => prefectureName(names.get(code), code);

const openProject = (id) => navigate({ project: id });
const pickPrefecture = (code) => navigate({ prefecture: code, project: null });
const stalled = createStalledList({
  names,
  ready: namesReady,
  onAnswer: noteAnswer,
  onFailure: fail,
  onOpen: openProject,
});
const projectList = createProjectList({
  names,
  onSearch: (changes) => navigate(changes),
  onOpen: openProject,
  onAnswer: noteAnswer,
  onFailure: fail,
});
const detail = createProjectDetail({
  names,
  onAnswer: noteAnswer,
  onFailure: fail,
  onClose: () => navigate({ project: null }),
});
const grid = createPrefectureGrid($('prefecture-grid'), $('grid-legend'), { onPick: pickPrefecture });

function noteAnswer(unavailable, errors) {
  for (const code of unavailable) missing.live.add(code);
  renderMissing();
  if (errors.length) showError(errors.map((e) => e.message).join('; '));
}

function renderMissing() {
  const list = (codes) => [...codes].map(fullName).join(language() === 'en' ? ', ' : '、');
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

/** Loads what changed between the view shown and `state`, each panel drawn as its answer lands. */
async function show(state) {
  const changed = new Set(changedKeys(shown, state));
  const first = shown === null;
  if (!first && !changed.size) return;
  shown = state;
  const needs = (panel) => first || READS[panel].some((key) => changed.has(key));
  // A panel's answer still belongs on screen while the view shows the same inputs for it: a later
  // change of other keys (the rate, the open project) must not drop it, a change of its own must.
  const current = (panel) => READS[panel].every((key) => shown[key] === state[key]);
  fillFilterBar(state);
  projectList.show(state);
  renderScope();
  if (state.project) detail.open(state.project);
  else detail.close();
  if (changed.has('rate') || changed.has('prefecture') || changed.has('industry')) redrawRates();
  // The county chosen in the project list is marked in the counties table: no new answer needed.
  if (changed.has('county') && last.counties && !needs('counties')) renderCounties();

  const cohort = cohortOf(state);
  const industry = state.industry;
  const ask = (panel, query, variables) =>
    Promise.all([graphql(query, variables), namesReady]).then(([answer]) => {
      if (!current(panel)) return null;
      noteAnswer(answer.unavailable, answer.errors);
      return answer.data;
    });
  if (needs('headline') || needs('live')) {
    missing.live.clear();
    showError(null);
  }
  if (needs('headline')) $('as-of').textContent = t('loading');
  // Without a date the newest run is shown: its trend is the runs of the last 12 months to today.
  const to = state.asOf ?? localToday();

  // The cheap stored figures first, so the top of the page fills at once even when the hub is
  // busy; then those that read the prefectures' shards.
  await Promise.all(
    [
      needs('headline') &&
        ask('headline', HEADLINE, { asOf: state.asOf, cohort, industry, prefecture: state.prefecture }).then((data) => {
          if (!data) return;
          last.metrics = data.metrics;
          last.landing = data.stallRules?.landingDefinition ?? null;
          missing.metrics = data.metrics?.missingPrefectures ?? [];
          renderHeadline();
        }),
      needs('trend') &&
        ask('trend', TREND, {
          from: monthStartBefore(to, 11),
          to,
          cohort,
          industry,
          prefecture: state.prefecture,
        }).then((data) => {
          if (!data) return;
          last.trend = data.metricsTrend;
          return renderTrend();
        }),
      needs('prefectures') &&
        ask('prefectures', PREFECTURE_RATES, { asOf: state.asOf, cohort, industry }).then((data) => {
          if (!data) return;
          last.prefectures = data.prefectures;
          return renderPrefectures();
        }),
    ]
      .filter(Boolean)
      .map((pending) => pending.catch(fail)),
  );
  // Those the view still needs with these inputs (a later view with other inputs asks for its own).
  const stillNeeds = (panel) => needs(panel) && current(panel);
  const stallView = { asOf: state.asOf, prefecture: state.prefecture, cohort, industry };
  await Promise.all(
    [
      stillNeeds('industries') &&
        ask('industries', INDUSTRIES, { asOf: state.asOf, prefecture: state.prefecture }).then((data) => {
          if (!data) return;
          last.industries = data.metricsBreakdown;
          renderIndustries();
          fillIndustryOptions();
        }),
      stillNeeds('counties') && loadCounties(state, ask),
      stillNeeds('live') && loadLiveFigures(projectFilterOf({ ...state, prefecture: null }), () => current('live')),
      stillNeeds('stalled') && stalled.load(stallView),
      stillNeeds('projects') &&
        projectList.load({ filter: projectFilterOf(state, { withList: true }), order: state.order }),
    ]
      .filter(Boolean)
      .map((pending) => pending.catch(fail)),
  );
}

/** The drill-down's counties; the province view has no such panel and asks nothing. */
function loadCounties(state, ask) {
  last.counties = null;
  if (!state.prefecture) return null;
  $('counties').replaceChildren(el('p', { className: 'muted' }, t('loading')));
  // The filter bar's filter as the project list has it, without the list's own county, search and stage.
  return ask('counties', COUNTIES, { prefecture: state.prefecture, filter: projectFilterOf(state) }).then((data) => {
    if (!data) return;
    last.counties = data.countyStats ?? [];
    renderCounties();
  });
}

/** Every prefecture's live figures, each tile filled as its own answer lands (live.js). */
async function loadLiveFigures(filter, isCurrent) {
  await namesReady;
  const codes = [...names.keys()];
  for (const code of codes) grid.setLive(code, 'loading');
  await loadLive(codes, filter, {
    isCurrent,
    onSlow: (code) => grid.setLive(code, 'slow'),
    onAnswer: (code, stats, unavailable) => {
      grid.setLive(code, stats ? 'done' : 'unavailable', stats);
      noteAnswer(unavailable, []);
    },
    onError: (code, error) => {
      if (error instanceof AuthError) throw error;
      grid.setLive(code, 'unavailable');
      noteAnswer(new Set([code]), []);
    },
  });
}

function renderScope() {
  const code = shown.prefecture;
  $('scope-title').textContent = code ? fullName(code) : t('provinceName');
  $('to-province').hidden = !code;
  $('counties-panel').hidden = !code;
  $('industry-note').hidden = !shown.industry;
  $('industries-note').hidden = Object.keys(cohortOf(shown)).length === 0;
  $('rate-select').value = shown.rate;
}

function renderHeadline() {
  const metrics = last.metrics;
  renderMissing();
  $('as-of').textContent = metrics
    ? `${t('dataAsOf', { date: metrics.asOf })} · ${t('signedProjects', { n: grouped(metrics.signed) })}`
    : '';
  drawCards($('headline'), metrics, last.landing);
}

function redrawRates() {
  if (last.prefectures) renderPrefectures().catch(fail);
  if (last.industries) renderIndustries();
}

function renderPrefectures() {
  const rateKey = shown.rate;
  const rows = last.prefectures.map((p) => ({
    code: p.code,
    name: shortName(p.code),
    fullName: fullName(p.code),
    metrics: p.metrics,
    percent: p.metrics?.[rateKey].percent ?? null,
    fraction: p.metrics ? fraction(p.metrics[rateKey], rateKey === 'fundsRate') : t('noDataShort'),
  }));
  grid.draw({ rows, rateKey, selected: shown.prefecture });
  return drawPrefectures($('prefecture-chart'), {
    rows,
    rateLabel: t(rateKey),
    selected: shown.prefecture,
    onPick: pickPrefecture,
  });
}

function renderTrend() {
  const points = last.trend.map((m) => ({
    month: m.asOf.slice(0, 7),
    ...Object.fromEntries(RATES.map((key) => [key, m[key].percent])),
  }));
  // A trend needs two points: one run drawn as lone dots would look like a line that is not there.
  const tooFew = points.length < 2;
  $('trend-empty').hidden = !tooFew;
  $('trend-empty').textContent = tooFew ? t('trendTooFew', { n: points.length }) : '';
  $('trend-chart').hidden = tooFew;
  if (tooFew) {
    clearChart($('trend-chart'));
    markDrawn('trend-chart');
    return Promise.resolve();
  }
  return drawTrend($('trend-chart'), points, RATES);
}

function renderIndustries() {
  drawIndustries($('industries'), last.industries, {
    rateKey: shown.rate,
    selected: shown.industry,
    onPick: (industry) => navigate({ industry: industry === shown.industry ? null : industry }),
  });
}

function renderCounties() {
  drawCounties($('counties'), last.counties, {
    selected: shown.county,
    onPick: (county) => navigate({ county: county === shown.county ? null : county, project: null }),
  });
}

function fillIndustryOptions() {
  const select = filters.elements.industry;
  const keep = shown?.industry ?? select.value;
  const known = new Set((last.industries ?? []).map((m) => m.industry));
  if (keep) known.add(keep);
  select.replaceChildren(
    el('option', { value: '' }, t('all')),
    ...[...known].sort().map((name) => el('option', { value: name }, name)),
  );
  select.value = keep ?? '';
}

function fillFilterBar(state) {
  const options = (select, values, text) => {
    select.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...values.map((v) => el('option', { value: String(v) }, text(v))),
    );
  };
  const thisYear = new Date().getFullYear();
  options(
    filters.elements.year,
    Array.from({ length: thisYear - 2009 }, (_, i) => thisYear - i),
    String,
  );
  options(filters.elements.level, LEVELS, (level) => label('SigningLevel', level));
  options(filters.elements.event, EVENTS, (event) => label('EventKind', event));
  filters.elements.prefecture.replaceChildren(
    el('option', { value: '' }, t('province')),
    ...[...names.keys()].map((code) => el('option', { value: code }, fullName(code))),
  );
  $('rate-select').replaceChildren(...RATES.map((key) => el('option', { value: key }, t(key))));
  fillIndustryOptions();
  if (!state) return;
  filters.elements.asOf.value = state.asOf ?? '';
  filters.elements.year.value = state.year ?? '';
  filters.elements.level.value = state.level ?? '';
  filters.elements.event.value = state.event ?? '';
  filters.elements.prefecture.value = state.prefecture ?? '';
  filters.elements.industry.value = state.industry ?? '';
  $('rate-select').value = state.rate;
}

function relabel() {
  translatePage();
  fillFilterBar(shown);
  stalled.relabel();
  projectList.relabel();
  detail.relabel();
  importScreen?.then((screen) => screen.relabel());
  resetCharts();
  if (!shown) return;
  renderScope();
  renderMissing();
  if (last.metrics !== undefined) renderHeadline();
  if (last.prefectures) renderPrefectures().catch(fail);
  if (last.trend) renderTrend().catch(fail);
  if (last.industries) renderIndustries();
  if (last.counties) renderCounties();
}

/** Officers (their prefecture) and admins (any) import ledgers; the screen's code loads when opened. */
function showImportEntry() {
  const { role } = tokenClaims();
  $('ledger-import-open').hidden = role !== 'officer' && role !== 'admin';
}

let importScreen = null;
async function openImportScreen() {
  const { role, prefecture } = tokenClaims();
  importScreen ??= import('./ledger-import.js').then(({ createLedgerImport }) =>
    createLedgerImport({ names, ready: namesReady, onFailure: fail }),
  );
  (await importScreen).open({ role, prefecture: prefecture ?? shown?.prefecture ?? null });
}

function showTokenForm(rejected = false) {
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('ledger-import-open').hidden = true;
  $('token-form').hidden = false;
  $('token-error').hidden = !rejected;
  $('token-error').textContent = rejected ? t('tokenRejected') : '';
  $('token-input').value = '';
  shown = null;
}

async function showDashboard() {
  $('token-form').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  showImportEntry();
  // Officers land on their own prefecture, viewers on the province (a linked view is kept as linked).
  const { role, prefecture } = tokenClaims();
  if (role === 'officer' && prefecture && !new URLSearchParams(location.search).has('prefecture'))
    navigate({ prefecture }, { replace: true });
  show(readState()).catch(fail);
}

async function start() {
  setLanguage(language());
  translatePage();
  fillFilterBar(readState());

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
    const form = new FormData(filters);
    const value = (name) => String(form.get(name) ?? '') || null;
    navigate({ ...Object.fromEntries(FILTER_KEYS.map((name) => [name, value(name)])), project: null });
  });
  $('rate-select').addEventListener('change', (event) => navigate({ rate: event.target.value }));
  $('to-province').addEventListener('click', () => navigate({ prefecture: null }));
  $('ledger-import-open').addEventListener('click', () => openImportScreen().catch(fail));
  // Each export sends what its panel shows: the project list's filter and order, the stalled list's
  // flags, the cohort's metrics (province and every prefecture).
  wireExportButton(
    $('project-export'),
    () => {
      const state = readState();
      return {
        kind: 'PROJECTS',
        prefecture: state.prefecture ?? undefined,
        filter: JSON.stringify(projectFilterOf(state, { withList: true })),
        orderBy: state.order,
      };
    },
    fail,
  );
  wireExportButton($('stall-export'), () => stalled.exportInput() ?? { kind: 'STALLED' }, fail);
  wireExportButton(
    $('metrics-export'),
    () => {
      const state = readState();
      return { kind: 'METRICS', asOf: state.asOf ?? undefined, cohort: JSON.stringify(cohortOf(state)) };
    },
    fail,
  );
  onStateChange((state) => {
    if (!$('dashboard').hidden) show(state).catch(fail);
  });
  if (token()) await showDashboard();
  else showTokenForm();
  await namesReady;
  // The names arrived (a small local file, asked with the first queries): titles and options use them.
  fillFilterBar(shown ?? readState());
  if (shown) renderScope();
}

adoptTokenFromUrl();
start().catch((error) => showError(error.message));
