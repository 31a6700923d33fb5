// The stalled-project list: the flags of the filter bar's date, prefecture, cohort and industry,
// filtered further by rule, 20 a page; a row opens the project's page.
import { gql, graphql } from './api.js';
import { el, grouped, moneyProject } from './format.js';
import { evidenceLabel, label, prefectureName, t } from './i18n.js';

const RULES = [
  'START_OVERDUE',
  'REGISTRATION_OVERDUE',
  'LOW_FUNDS',
  'MISSING_REPORT',
  'OBSTACLE_OPEN',
  'NO_STAGE_CHANGE',
];
const PAGE_SIZE = 20;
const MONEY_KEYS = new Set(['agreedInvestment', 'fundsInPlace']);
/** Evidence keys whose values are enumeration values, and their enumeration. */
const EVIDENCE_ENUMS = { stage: 'ProjectStage', category: 'ObstacleCategory' };

const STALLED = gql`
  query Stalled($asOf: LocalDate, $filter: StallFilterInput, $first: Int!, $after: String) {
    stalledProjects(asOf: $asOf, filter: $filter, first: $first, after: $after) {
      totalCount
      endCursor
      items {
        id
        rule
        severity
        since
        evidence
        isNew
        prefectureCode
        projectId
        project {
          id
          name
          stage
        }
      }
    }
  }
`;

/**
 * Wires the list to its elements. `names` maps codes to prefecture names (filled when `ready`
 * resolves); `onAnswer` receives each answer's unavailable prefectures and other errors,
 * `onFailure` a request that failed, `onOpen(projectId)` a row the reader opens.
 */
export function createStalledList({ names, ready, onAnswer, onFailure, onOpen }) {
  const rows = document.getElementById('stall-rows');
  const more = document.getElementById('stall-more');
  const countLine = document.getElementById('stall-count');
  const ruleSelect = document.getElementById('stall-rule');
  let view = null;
  let page = { items: [], totalCount: 0, endCursor: null };
  let generation = 0;

  const fillSelect = () => {
    const keep = ruleSelect.value;
    ruleSelect.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...RULES.map((rule) => el('option', { value: rule }, label('StallRule', rule))),
    );
    ruleSelect.value = keep;
  };

  /** The StallFilterInput of the view and the chosen rule: what the list shows and an export sends. */
  function filterOf() {
    const filter = {};
    if (view.prefecture) filter.prefectures = [view.prefecture];
    if (Object.keys(view.cohort).length) filter.cohort = view.cohort;
    if (view.industry) filter.industries = [view.industry];
    if (ruleSelect.value) filter.rules = [ruleSelect.value];
    return filter;
  }

  /** Loads the first page for `next` ({ asOf, prefecture, cohort, industry }), or the next page. */
  async function load(next = view, append = false) {
    view = next;
    const mine = ++generation;
    const [{ data, unavailable, errors }] = await Promise.all([
      graphql(STALLED, {
        asOf: view.asOf,
        filter: filterOf(),
        first: PAGE_SIZE,
        after: append ? page.endCursor : null,
      }),
      ready,
    ]);
    if (mine !== generation) return;
    onAnswer(unavailable, errors);
    const answer = data.stalledProjects;
    page = {
      items: append ? [...page.items, ...answer.items] : answer.items,
      totalCount: answer.totalCount,
      endCursor: answer.endCursor,
    };
    render();
  }

  function render() {
    countLine.textContent = t('stalledCount', { n: grouped(page.totalCount) });
    rows.replaceChildren(
      ...(page.items.length
        ? page.items.map(row)
        : [el('tr', {}, el('td', { colSpan: 6, className: 'muted' }, t('noDataShort')))]),
    );
    more.hidden = !page.endCursor;
  }

  function row(item) {
    const open = () => onOpen(item.projectId);
    const project = item.project
      ? el(
          'td',
          {},
          el('span', { className: 'name' }, item.project.name),
          el('small', {}, ` ${item.projectId} · ${label('ProjectStage', item.project.stage)}`),
        )
      : el('td', {}, el('span', { className: 'name' }, item.projectId), el('small', {}, ` ${t('unavailable')}`));
    return el(
      'tr',
      {
        tabIndex: 0,
        className: 'clickable',
        dataset: { projectId: item.projectId },
        onclick: open,
        onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open()),
      },
      el(
        'td',
        {},
        el('span', { className: `sev sev-${item.severity}` }, label('StallSeverity', item.severity)),
        item.isNew ? el('span', { className: 'new' }, t('isNew')) : null,
      ),
      el('td', {}, prefectureName(names.get(item.prefectureCode), item.prefectureCode)),
      project,
      el('td', {}, label('StallRule', item.rule)),
      el('td', {}, item.since),
      el('td', { className: 'evidence' }, evidence(item.evidence)),
    );
  }

  ruleSelect.addEventListener('change', () => view && load(view).catch(onFailure));
  more.addEventListener('click', () => load(view, true).catch(onFailure));
  fillSelect();

  return {
    load,
    /** The LedgerExportInput of the flags shown (null before the first load). */
    exportInput: () => view && { kind: 'STALLED', asOf: view.asOf ?? undefined, filter: JSON.stringify(filterOf()) },
    /** Re-renders in the current language. */
    relabel() {
      fillSelect();
      if (view) render();
    },
  };
}

/** "逾期天数 45 · 计划开工 2026-08-01" from the flag's JSON evidence. */
function evidence(json) {
  let facts;
  try {
    facts = JSON.parse(json);
  } catch {
    return json;
  }
  return Object.entries(facts)
    .map(
      ([key, value]) =>
        `${evidenceLabel(key)} ${MONEY_KEYS.has(key) ? moneyProject(value) : value === 'none' ? t('none') : label(EVIDENCE_ENUMS[key], value)}`,
    )
    .join(' · ');
}
