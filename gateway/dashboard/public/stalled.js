// The stalled-project list (filter by prefecture and rule, paged) and a project's detail dialog.
import { AuthError, gql, graphql } from './api.js';
import { dateTime, el, money, table } from './format.js';
import { evidenceLabel, label, prefectureName, t } from './i18n.js';

const RULES = [
  'START_OVERDUE',
  'REGISTRATION_OVERDUE',
  'LOW_FUNDS',
  'MISSING_REPORT',
  'OBSTACLE_OPEN',
  'NO_STAGE_CHANGE',
];
const MONEY_KEYS = new Set(['agreedInvestment', 'fundsInPlace']);

const LIST = gql`
  query Stalled($asOf: LocalDate, $filter: StallFilterInput, $after: String) {
    stalledProjects(asOf: $asOf, filter: $filter, first: 20, after: $after) {
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

const DETAIL = gql`
  query ProjectDetail($id: ID!) {
    project(id: $id) {
      id
      name
      stage
      prefectureCode
      investorName
      agreedInvestment
      fundsInPlace
      signedOn
      signingLevel
      eventKind
      industry
      county
      stall {
        rule
        severity
        since
      }
      history {
        kind
        fromStage
        toStage
        at
        reason
      }
      fundingRecords {
        receivedOn
        amount
        source
      }
      obstacles {
        category
        description
        raisedOn
        resolvedOn
      }
      supervisionRecords {
        kind
        method
        supervisingUnit
        supervisedOn
        findings
      }
    }
  }
`;

/**
 * Wires the list to its elements. `names` maps codes to prefecture names (filled when `ready`
 * resolves); `onAnswer` receives each
 * answer's unavailable prefectures and other errors, `onFailure` a request that failed.
 */
export function createStalledList({ names, ready, onAnswer, onFailure }) {
  const rows = document.getElementById('stall-rows');
  const more = document.getElementById('stall-more');
  const count = document.getElementById('stall-count');
  const prefectureSelect = document.getElementById('stall-prefecture');
  const ruleSelect = document.getElementById('stall-rule');
  const dialog = document.getElementById('detail');
  let state = { asOf: null, items: [], totalCount: 0, endCursor: null };
  let generation = 0;

  const fillSelects = () => {
    const keep = [prefectureSelect.value, ruleSelect.value];
    prefectureSelect.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...[...names].map(([code, p]) => el('option', { value: code }, prefectureName(p, code))),
    );
    ruleSelect.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...RULES.map((rule) => el('option', { value: rule }, label(rule))),
    );
    [prefectureSelect.value, ruleSelect.value] = keep;
  };

  async function load(asOf, append = false) {
    const mine = ++generation;
    const filter = {};
    if (prefectureSelect.value) filter.prefectures = [prefectureSelect.value];
    if (ruleSelect.value) filter.rules = [ruleSelect.value];
    const [{ data, unavailable, errors }] = await Promise.all([
      graphql(LIST, { asOf, filter, after: append ? state.endCursor : null }),
      ready,
    ]);
    if (mine !== generation) return;
    onAnswer(unavailable, errors);
    const page = data.stalledProjects;
    state = {
      asOf,
      items: append ? [...state.items, ...page.items] : page.items,
      totalCount: page.totalCount,
      endCursor: page.endCursor,
    };
    render();
  }

  function render() {
    count.textContent = t('stalledCount', { n: state.totalCount });
    rows.replaceChildren(...state.items.map(row));
    more.hidden = !state.endCursor;
  }

  function row(item) {
    const open = () => openDetail(item.projectId);
    const project = item.project
      ? el(
          'td',
          {},
          el('span', { className: 'name' }, item.project.name),
          el('small', {}, ` ${item.projectId} · ${label(item.project.stage)}`),
        )
      : el('td', {}, el('span', { className: 'name' }, item.projectId), el('small', {}, ` ${t('unavailable')}`));
    return el(
      'tr',
      {
        tabIndex: 0,
        className: 'clickable',
        dataset: { projectId: item.projectId },
        onclick: open,
        onkeydown: (e) => e.key === 'Enter' && open(),
      },
      el(
        'td',
        {},
        el('span', { className: `sev sev-${item.severity}` }, label(item.severity)),
        item.isNew ? el('span', { className: 'new' }, t('isNew')) : null,
      ),
      el('td', {}, prefectureName(names.get(item.prefectureCode), item.prefectureCode)),
      project,
      el('td', {}, label(item.rule)),
      el('td', {}, item.since),
      el('td', { className: 'evidence' }, evidence(item.evidence)),
    );
  }

  async function openDetail(id) {
    const body = document.getElementById('detail-body');
    document.getElementById('detail-title').textContent = t('detail');
    body.replaceChildren(el('p', { className: 'muted' }, t('loading')));
    if (!dialog.open) dialog.showModal();
    try {
      const { data, unavailable, errors } = await graphql(DETAIL, { id });
      onAnswer(unavailable, errors);
      const p = data.project;
      if (!p) {
        body.replaceChildren(el('p', { className: 'error' }, `${id} ${t('unavailable')}`));
        return;
      }
      document.getElementById('detail-title').textContent = p.name;
      body.replaceChildren(...detail(p));
    } catch (error) {
      if (error instanceof AuthError) {
        dialog.close();
        onFailure(error);
        return;
      }
      body.replaceChildren(el('p', { className: 'error' }, t('error', { message: error.message })));
    }
  }

  function detail(p) {
    const facts = [
      ['ID', p.id],
      [t('prefecture'), prefectureName(names.get(p.prefectureCode), p.prefectureCode)],
      [t('stage'), label(p.stage)],
      [t('investor'), p.investorName],
      [t('signedOn'), p.signedOn ?? '—'],
      [t('level'), label(p.signingLevel)],
      [t('event'), label(p.eventKind)],
      [t('agreed'), money(p.agreedInvestment)],
      [t('funds'), money(p.fundsInPlace)],
    ];
    const section = (title, content) => el('section', { className: 'detail-section' }, el('h3', {}, title), content);
    return [
      el(
        'dl',
        { className: 'facts' },
        facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
      ),
      el(
        'p',
        { className: 'flags' },
        p.stall.map((f) => el('span', { className: `sev sev-${f.severity}` }, `${label(f.rule)} · ${f.since}`)),
      ),
      section(
        t('history'),
        table(
          [t('at'), t('kind'), t('change'), t('reason')],
          p.history.map((h) => [
            dateTime(h.at),
            label(h.kind),
            h.toStage ? `${h.fromStage ? label(h.fromStage) : '—'} → ${label(h.toStage)}` : '',
            h.reason ?? '',
          ]),
        ),
      ),
      section(
        t('fundingRecords'),
        table(
          [t('receivedOn'), t('amount'), t('source')],
          p.fundingRecords.map((f) => [f.receivedOn, money(f.amount), f.source ?? '']),
        ),
      ),
      section(
        t('obstacles'),
        table(
          [t('category'), t('description'), t('raisedOn'), t('resolvedOn')],
          p.obstacles.map((o) => [label(o.category), o.description, o.raisedOn, o.resolvedOn ?? t('open')]),
        ),
      ),
      section(
        t('supervision'),
        table(
          [t('supervisedOn'), t('kind'), t('method'), t('unit'), t('findings')],
          p.supervisionRecords.map((s) => [
            s.supervisedOn,
            label(s.kind),
            label(s.method),
            s.supervisingUnit,
            s.findings,
          ]),
        ),
      ),
    ];
  }

  prefectureSelect.addEventListener('change', () => load(state.asOf).catch(onFailure));
  ruleSelect.addEventListener('change', () => load(state.asOf).catch(onFailure));
  more.addEventListener('click', () => load(state.asOf, true).catch(onFailure));
  document.getElementById('detail-close').addEventListener('click', () => dialog.close());
  fillSelects();

  return {
    load,
    /** Re-renders in the current language. */
    relabel() {
      fillSelects();
      render();
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
        `${evidenceLabel(key)} ${MONEY_KEYS.has(key) ? money(value) : value === 'none' ? t('none') : label(value)}`,
    )
    .join(' · ');
}
