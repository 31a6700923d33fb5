// The ledger import screen (officers for their prefecture, admins for any): template link, file,
// a dry run whose per-row verdicts and errors are shown, then cancel (nothing was written) or confirm
// (the same file sent again with dryRun=false). Loaded only when opened: most readers never import.
// The gateway's POST /ledger/imports is described in docs/architecture.md, "Ledger files".
import { AuthError, token } from './api.js';
import { el, grouped } from './format.js';
import { label, language, prefectureName, t } from './i18n.js';

/** Rows drawn in the preview table; a 50,000-row file's verdicts are counted, not all drawn. */
const MAX_SHOWN = 1000;

/** The gateway refused the file as a whole (HTTP 400): its file errors are the preview. */
class FileRefused extends Error {
  constructor(answer) {
    super(answer.fileErrors?.[0]?.messageZh ?? 'file refused');
    this.answer = answer;
  }
}

/** POSTs the file; resolves with the import's answer (totals, rows), throws with the gateway's reason. */
async function sendImport({ file, prefecture, dryRun }) {
  const query = new URLSearchParams({
    prefecture,
    dryRun: String(dryRun),
    fileName: Array.from(file.name).slice(0, 200).join(''),
  });
  const response = await fetch(`/ledger/imports?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token() ?? ''}`,
      'content-type': 'application/octet-stream',
      accept: 'application/json',
    },
    body: file,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`HTTP ${response.status}`);
  }
  if (response.status === 401) throw new AuthError(body.errors?.[0]?.message ?? 'unauthenticated');
  if (response.status === 400 && body.fileErrors) throw new FileRefused(body);
  if (body.errors?.length) {
    const [error] = body.errors;
    throw new Error(language() === 'en' ? error.message : (error.extensions?.messageZh ?? error.message));
  }
  if (!body.totals) throw new Error(`HTTP ${response.status}`);
  return body;
}

/**
 * Builds the screen (a modal dialog) once. `names` maps prefecture codes to names (filled when
 * `ready` resolves); `onFailure` receives an expired token (the page asks for a new one).
 */
export function createLedgerImport({ names, ready, onFailure }) {
  const ids = { file: 'ledger-file', prefecture: 'ledger-prefecture', status: 'ledger-status' };
  const title = el('h2', { id: 'ledger-import-title' });
  const close = el('button', { type: 'button' });
  const prefectureLabel = el('label', { htmlFor: ids.prefecture });
  const prefectureSelect = el('select', { id: ids.prefecture, name: 'prefecture', required: true });
  const prefectureFixed = el('p', { className: 'muted' });
  const templateLink = el('a', { href: '/ledger/template', download: '' });
  const fileLabel = el('label', { htmlFor: ids.file });
  const fileInput = el('input', {
    type: 'file',
    id: ids.file,
    name: 'file',
    required: true,
    accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
  });
  const previewButton = el('button', { type: 'submit' });
  const status = el('p', { id: ids.status, role: 'status', 'aria-live': 'polite' });
  const errorLine = el('p', { className: 'error', role: 'alert', hidden: true });
  const totalsLine = el('p', { className: 'ledger-totals', hidden: true });
  const caption = el('caption', {});
  const head = el('tr', {});
  const body = el('tbody', {});
  const previewTable = el('table', { className: 'ledger-preview', hidden: true }, caption, el('thead', {}, head), body);
  const cancelButton = el('button', { type: 'button', hidden: true });
  const confirmButton = el('button', { type: 'button', hidden: true });
  const form = el(
    'form',
    { className: 'ledger-form', 'aria-describedby': ids.status },
    el('p', {}, templateLink),
    el('div', { className: 'ledger-field' }, prefectureLabel, prefectureSelect, prefectureFixed),
    el('div', { className: 'ledger-field' }, fileLabel, fileInput),
    el('p', {}, previewButton),
  );
  const dialog = el(
    'dialog',
    { id: 'ledger-import', className: 'ledger-import', 'aria-labelledby': title.id },
    el('div', { className: 'dialog-head' }, title, close),
    form,
    status,
    errorLine,
    totalsLine,
    el('div', { className: 'scroll' }, previewTable),
    el('p', { className: 'ledger-actions' }, cancelButton, confirmButton),
  );
  document.body.append(dialog);

  // The preview in hand: the file and prefecture it judged (confirm sends exactly these again).
  let pending = null;
  let shown = null; // { kind: 'preview' | 'result' | 'refused', answer }
  let who = { role: '', prefecture: null };
  let busy = false;

  function relabel() {
    title.textContent = t('importLedger');
    close.textContent = t('close');
    prefectureLabel.textContent = t('prefecture');
    templateLink.textContent = t('importTemplate');
    fileLabel.textContent = t('importFile');
    previewButton.textContent = t('importPreview');
    cancelButton.textContent = t('importCancel');
    confirmButton.textContent = t('importConfirm');
    caption.textContent = t('importTableCaption');
    head.replaceChildren(
      ...['importRow', 'importAction', 'importColumn', 'importMessage'].map((key) =>
        el('th', { scope: 'col' }, t(key)),
      ),
    );
    fillPrefectures();
    if (shown) render();
  }

  function fillPrefectures() {
    const keep = prefectureSelect.value || who.prefecture || '';
    prefectureSelect.replaceChildren(
      el('option', { value: '' }, t('importChoosePrefecture')),
      ...[...names.keys()].map((code) => el('option', { value: code }, prefectureName(names.get(code), code))),
    );
    prefectureSelect.value = keep;
    // Officers import into their own prefecture only: shown, not chosen.
    const fixed = who.role === 'officer';
    prefectureSelect.hidden = fixed;
    prefectureSelect.disabled = fixed;
    prefectureLabel.hidden = fixed;
    prefectureFixed.hidden = !fixed;
    prefectureFixed.textContent = fixed
      ? `${t('prefecture')}：${prefectureName(names.get(who.prefecture), who.prefecture)}`
      : '';
  }

  const message = (error) => (language() === 'en' ? error.messageEn : error.messageZh);
  const columnOf = (error) => (language() === 'en' ? (error.columnEn ?? error.column) : error.column) ?? '—';
  const actionLabel = (action) => label('LedgerRowAction', action);

  /** One table row per error (a row with two errors shows twice), one for a row without errors. */
  function tableRows(rows) {
    const lines = [];
    for (const row of rows) {
      const action = row.action ?? 'ERROR';
      const cells = (error) =>
        el(
          'tr',
          { className: `action-${action.toLowerCase()}`, dataset: { row: String(row.rowNumber), action } },
          el('td', { className: 'num' }, grouped(row.rowNumber)),
          el('td', {}, actionLabel(action)),
          el('td', {}, error ? columnOf(error) : '—'),
          el('td', {}, error ? message(error) : (row.name ?? row.ledgerNumber ?? '')),
        );
      if (row.errors?.length) for (const error of row.errors) lines.push(cells(error));
      else lines.push(cells(null));
      if (lines.length >= MAX_SHOWN) break;
    }
    return lines;
  }

  function render() {
    const { kind, answer } = shown;
    if (kind === 'refused') {
      const fileErrors = answer.fileErrors ?? [];
      totalsLine.hidden = true;
      status.textContent = t('importRefused');
      body.replaceChildren(
        ...tableRows([{ rowNumber: fileErrors[0]?.rowNumber ?? 1, action: 'ERROR', errors: fileErrors }]),
      );
      previewTable.hidden = false;
      cancelButton.hidden = false;
      confirmButton.hidden = true;
      return;
    }
    const totals = answer.totals;
    totalsLine.hidden = false;
    totalsLine.replaceChildren(
      ...[
        ['CREATE', totals.created],
        ['UPDATE', totals.updated],
        ['UNCHANGED', totals.unchanged],
        ['ERROR', totals.failed],
      ].map(([action, n]) =>
        el('span', { className: 'ledger-count', dataset: { action } }, `${actionLabel(action)} ${grouped(n)}`),
      ),
    );
    const shownRows = tableRows(answer.rows);
    body.replaceChildren(...shownRows);
    previewTable.hidden = !shownRows.length;
    const more = answer.rows.length > MAX_SHOWN ? ` ${t('importFirstRows', { n: grouped(MAX_SHOWN) })}` : '';
    const incomplete = answer.complete === false ? ` ${t('importIncomplete')}` : '';
    const problem = answer.problem ? ` ${answer.problem.message}` : '';
    if (kind === 'preview') {
      const writes = totals.created + totals.updated;
      status.textContent = `${t('importPreviewed', { rows: grouped(totals.rows) })}${more}${incomplete}${problem}`;
      cancelButton.hidden = false;
      confirmButton.hidden = false;
      confirmButton.disabled = writes === 0 || answer.complete === false;
    } else {
      // Never silent: the rows are in, the audit entry is not.
      const unaudited = answer.auditRecorded === false ? ` ${t('importAuditMissing')}` : '';
      // A commit of a file already committed answers that commit's verdicts: say so, or its
      // "create" counts read as new projects.
      const earlier = answer.rowsCommittedEarlier
        ? ` ${t('importCommittedEarlier', { rows: grouped(answer.rowsCommittedEarlier) })}`
        : '';
      status.textContent = `${t('importDone', { rows: grouped(totals.rows) })}${more}${incomplete}${problem}${earlier}${unaudited}`;
      cancelButton.hidden = true;
      confirmButton.hidden = true;
    }
  }

  function reset() {
    pending = null;
    shown = null;
    form.reset();
    fillPrefectures();
    status.textContent = '';
    errorLine.hidden = true;
    totalsLine.hidden = true;
    previewTable.hidden = true;
    body.replaceChildren();
    cancelButton.hidden = true;
    confirmButton.hidden = true;
  }

  function showError(error) {
    if (error instanceof AuthError) {
      dialog.close();
      onFailure(error);
      return;
    }
    errorLine.hidden = false;
    errorLine.textContent = t('importFailed', { message: error.message });
  }

  /** Runs one request with the form locked; its answer becomes what the screen shows. */
  async function run(request, kind) {
    if (busy) return;
    busy = true;
    for (const control of [previewButton, cancelButton, confirmButton, fileInput]) control.disabled = true;
    errorLine.hidden = true;
    status.textContent = t(kind === 'preview' ? 'importChecking' : 'importWriting');
    try {
      shown = { kind, answer: await sendImport(request) };
      render();
    } catch (error) {
      if (error instanceof FileRefused) {
        shown = { kind: 'refused', answer: error.answer };
        render();
      } else {
        status.textContent = '';
        showError(error);
      }
    } finally {
      busy = false;
      for (const control of [previewButton, cancelButton, fileInput]) control.disabled = false;
      if (shown?.kind === 'preview') render();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    const prefecture = who.role === 'officer' ? who.prefecture : prefectureSelect.value;
    if (!file || !prefecture) {
      showError(new Error(t(file ? 'importChoosePrefecture' : 'importChooseFile')));
      return;
    }
    pending = { file, prefecture };
    run({ ...pending, dryRun: true }, 'preview');
  });
  // Cancel after a dry run: nothing was written, so there is nothing to undo.
  cancelButton.addEventListener('click', () => {
    reset();
    status.textContent = t('importCancelled');
    fileInput.focus();
  });
  confirmButton.addEventListener('click', () => pending && run({ ...pending, dryRun: false }, 'result'));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => busy || reset());

  relabel();
  ready.then(fillPrefectures, () => {});

  return {
    /** Opens the screen for `role` ('officer' or 'admin') and the officer's (or the view's) prefecture. */
    open(next) {
      who = next;
      reset();
      if (!dialog.open) dialog.showModal();
      fileInput.focus();
    },
    relabel,
  };
}
