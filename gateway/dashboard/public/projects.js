// The project list: the `projects` connection under the filter bar plus its own search, stage,
// county and order (all in the address), paged with the connection's keyset cursors — the next page
// loads when the end of the list scrolls into view, or with the button (keyboard, screen readers).
import { gql, graphql } from './api.js';
import { el, grouped, moneyProjectNumber } from './format.js';
import { label, prefectureName, t } from './i18n.js';
import { ORDERS, STAGES } from './state.js';

const PAGE_SIZE = 50;

const PROJECT_LIST = gql`
  query ProjectList($filter: ProjectFilter, $orderBy: ProjectOrder!, $first: Int!, $after: String) {
    projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          stage
          prefectureCode
          county
          industry
          investorName
          agreedInvestment
          fundsInPlace
          signedOn
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/**
 * Wires the list. `onSearch(changes)` receives the list form's values ({ q, stage, county, order });
 * `onOpen(id)` a project the reader opens; `onAnswer`/`onFailure` as for the other panels.
 */
export function createProjectList({ names, onSearch, onOpen, onAnswer, onFailure }) {
  const form = document.getElementById('project-search');
  const rows = document.getElementById('project-rows');
  const more = document.getElementById('project-more');
  const countLine = document.getElementById('project-count');
  const sentinel = document.getElementById('project-end');
  let request = null;
  let list = { items: [], totalCount: 0, endCursor: null, hasNextPage: false };
  let generation = 0;
  let loading = false;

  function fillSelects(state) {
    const { stage, order } = form.elements;
    stage.replaceChildren(
      el('option', { value: '' }, t('all')),
      ...STAGES.map((s) => el('option', { value: s }, label('ProjectStage', s))),
    );
    order.replaceChildren(...ORDERS.map((o) => el('option', { value: o }, label('ProjectOrder', o))));
    form.elements.q.placeholder = t('searchHint');
    if (state) {
      form.elements.q.value = state.q ?? '';
      form.elements.county.value = state.county ?? '';
      stage.value = state.stage ?? '';
      order.value = state.order;
    } else {
      stage.value = request?.stage ?? '';
      order.value = request?.order ?? ORDERS[0];
    }
  }

  /** The first page for `next` ({ filter, order }), or (append) the page after the last one shown. */
  async function load(next, append = false) {
    if (!append) request = next;
    if (append && (loading || !list.hasNextPage)) return;
    const mine = ++generation;
    loading = true;
    try {
      const { data, unavailable, errors } = await graphql(PROJECT_LIST, {
        filter: request.filter,
        orderBy: request.order,
        first: PAGE_SIZE,
        after: append ? list.endCursor : null,
      });
      if (mine !== generation) return;
      onAnswer(unavailable, errors);
      const page = data.projects;
      list = {
        items: append ? [...list.items, ...page.edges.map((e) => e.node)] : page.edges.map((e) => e.node),
        totalCount: page.totalCount,
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
      };
      render(append ? page.edges.length : null);
    } finally {
      if (mine === generation) loading = false;
    }
  }

  /** Renders the list; `added` rows of a new page are appended rather than the table rebuilt. */
  function render(added = null) {
    countLine.textContent = t('projectCount', { n: grouped(list.totalCount), shown: grouped(list.items.length) });
    if (added != null) rows.append(...list.items.slice(list.items.length - added).map(row));
    else
      rows.replaceChildren(
        ...(list.items.length
          ? list.items.map(row)
          : [el('tr', {}, el('td', { colSpan: 7, className: 'muted' }, t('noDataShort')))]),
      );
    more.hidden = !list.hasNextPage;
  }

  function row(p) {
    const open = () => onOpen(p.id);
    return el(
      'tr',
      {
        tabIndex: 0,
        className: 'clickable',
        dataset: { projectId: p.id },
        onclick: open,
        onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open()),
      },
      el('td', {}, el('span', { className: 'name' }, p.name), el('small', {}, ` ${p.id}`)),
      el(
        'td',
        {},
        prefectureName(names.get(p.prefectureCode), p.prefectureCode),
        el('small', {}, ` ${p.county ?? ''}`),
      ),
      el('td', {}, p.industry),
      el('td', {}, label('ProjectStage', p.stage)),
      el('td', {}, p.signedOn ?? '—'),
      el('td', { className: 'num' }, moneyProjectNumber(p.agreedInvestment)),
      el('td', { className: 'num' }, moneyProjectNumber(p.fundsInPlace)),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    onSearch({
      q: values.q.trim() || null,
      stage: values.stage || null,
      county: values.county.trim() || null,
      order: values.order,
    });
  });
  more.addEventListener('click', () => load(request, true).catch(onFailure));
  // The end of the list in view loads the next page: infinite scrolling without a scroll handler.
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && request && list.hasNextPage) load(request, true).catch(onFailure);
  }).observe(sentinel);
  fillSelects();

  return {
    load,
    /** Puts the address's list values into the form. */
    show: (state) => fillSelects(state),
    relabel() {
      fillSelects();
      if (request) render();
    },
  };
}
