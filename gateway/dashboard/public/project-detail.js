// A project's page (a dialog over the view, its id in the address as ?project=): facts, stall
// flags, history with the amount of every funding entry, funding records, obstacles, supervision.
// Money in 万元 (millions in English): one unit for the whole project page.
import { AuthError, gql, graphql } from './api.js';
import { dateTime, el, moneyProject, table } from './format.js';
import { label, prefectureName, t } from './i18n.js';

const PROJECT_DETAIL = gql`
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
        changes
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
 * Wires the dialog. `names` maps codes to prefectures; `onAnswer` receives each answer's unavailable
 * prefectures and errors, `onFailure` a refused token; `onClose` is called when the reader closes it.
 */
export function createProjectDetail({ names, onAnswer, onFailure, onClose }) {
  const dialog = document.getElementById('detail');
  const body = document.getElementById('detail-body');
  const title = document.getElementById('detail-title');
  let shown = null;
  let last = null;

  dialog.addEventListener('close', () => {
    if (shown) onClose();
    shown = null;
  });
  document.getElementById('detail-close').addEventListener('click', () => dialog.close());

  async function open(id) {
    if (shown === id && dialog.open) return;
    shown = id;
    last = null;
    title.textContent = t('detail');
    body.replaceChildren(el('p', { className: 'muted' }, t('loading')));
    if (!dialog.open) dialog.showModal();
    try {
      const { data, unavailable, errors } = await graphql(PROJECT_DETAIL, { id });
      if (shown !== id) return;
      onAnswer(unavailable, errors);
      last = data.project;
      render(id);
    } catch (error) {
      if (error instanceof AuthError) {
        shown = null;
        dialog.close();
        onFailure(error);
        return;
      }
      body.replaceChildren(el('p', { className: 'error' }, t('error', { message: error.message })));
    }
  }

  function render(id) {
    if (!last) {
      title.textContent = t('detail');
      body.replaceChildren(el('p', { className: 'error' }, `${id} ${t('unavailable')}`));
      return;
    }
    title.textContent = last.name;
    body.replaceChildren(...sections(last));
  }

  function sections(p) {
    const facts = [
      ['ID', p.id],
      [t('prefecture'), prefectureName(names.get(p.prefectureCode), p.prefectureCode)],
      [t('county'), p.county ?? '—'],
      [t('industry'), p.industry],
      [t('stage'), label('ProjectStage', p.stage)],
      [t('investor'), p.investorName],
      [t('signedOn'), p.signedOn ?? '—'],
      [t('level'), label('SigningLevel', p.signingLevel)],
      [t('event'), label('EventKind', p.eventKind)],
      [t('agreed'), moneyProject(p.agreedInvestment)],
      [t('funds'), moneyProject(p.fundsInPlace)],
    ];
    const section = (heading, content) =>
      el('section', { className: 'detail-section' }, el('h3', {}, heading), content);
    return [
      el(
        'dl',
        { className: 'facts' },
        facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
      ),
      el(
        'p',
        { className: 'flags' },
        p.stall.map((f) =>
          el('span', { className: `sev sev-${f.severity}` }, `${label('StallRule', f.rule)} · ${f.since}`),
        ),
      ),
      section(
        t('history'),
        table(
          [t('at'), t('kind'), t('change'), t('amountUnit'), t('reason')],
          p.history.map((h) => [
            dateTime(h.at),
            label('ProjectEventKind', h.kind),
            change(h),
            amountOf(h),
            h.reason ?? '',
          ]),
        ),
      ),
      section(
        t('fundingRecords'),
        table(
          [t('receivedOn'), t('amountUnit'), t('source')],
          p.fundingRecords.map((f) => [f.receivedOn, moneyProject(f.amount), f.source ?? '']),
        ),
      ),
      section(
        t('obstacles'),
        table(
          [t('category'), t('description'), t('raisedOn'), t('resolvedOn')],
          p.obstacles.map((o) => [
            label('ObstacleCategory', o.category),
            o.description,
            o.raisedOn,
            o.resolvedOn ?? t('open'),
          ]),
        ),
      ),
      section(
        t('supervision'),
        table(
          [t('supervisedOn'), t('kind'), t('method'), t('unit'), t('findings')],
          p.supervisionRecords.map((s) => [
            s.supervisedOn,
            label('SupervisionKind', s.kind),
            label('SupervisionMethod', s.method),
            s.supervisingUnit,
            s.findings,
          ]),
        ),
      ),
    ];
  }

  return {
    open,
    /** Closes the dialog without telling onClose (the view already says no project). */
    close() {
      shown = null;
      if (dialog.open) dialog.close();
    },
    relabel() {
      if (shown && last) render(shown);
    },
  };
}

/** {"field": [before, after]} of a history entry; null when absent or malformed. */
function changesOf(entry) {
  try {
    const changes = JSON.parse(entry.changes ?? 'null');
    return changes && typeof changes === 'object' ? changes : null;
  } catch {
    return null;
  }
}

/** What a history entry changed: the stage move, or the names of the fields an edit changed. */
function change(entry) {
  const stage = (value) => label('ProjectStage', value);
  if (entry.toStage) return `${entry.fromStage ? stage(entry.fromStage) : '—'} → ${stage(entry.toStage)}`;
  const changes = changesOf(entry);
  if (entry.kind !== 'UPDATED' || !changes) return '';
  return t('updatedFields', { fields: Object.keys(changes).join(', ') });
}

/**
 * The amount a funding entry recorded, in the project's unit. History keeps money as the shard
 * stores it: `changes.amount` is [before, after] in fen (1/100 yuan), as an integer string.
 */
function amountOf(entry) {
  const fen = changesOf(entry)?.amount?.[1];
  return entry.kind === 'FUNDING_RECORDED' && fen != null ? moneyProject(Number(fen) / 100) : '';
}
