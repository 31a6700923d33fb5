// "导出 Excel": mints a short-lived export link (ledgerExport) for what a panel shows and downloads
// it. The download needs the same Authorization header as the link's minter, which a plain <a href>
// cannot send: so fetch → blob → a temporary object URL clicked as <a download>.
import { AuthError, gql, graphql, token } from './api.js';

const LEDGER_EXPORT = gql`
  query LedgerExport($input: LedgerExportInput!) {
    ledgerExport(input: $input) {
      url
      expiresAt
    }
  }
`;

/** The file name of Content-Disposition (RFC 5987 `filename*=UTF-8''…` first), or `fallback`. */
function fileNameOf(disposition, fallback) {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

/** The gateway's own message of a refused download (JSON `errors`), else its status. */
async function refusalOf(response) {
  try {
    const body = await response.json();
    return body.errors?.[0]?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * Exports `input` (a LedgerExportInput: kind, prefecture, filter/cohort as JSON text, …) as .xlsx
 * and hands the file to the browser. Throws with the gateway's message when refused.
 */
async function downloadExport(input) {
  const { data, errors } = await graphql(LEDGER_EXPORT, { input: { format: 'XLSX', ...input } });
  if (!data?.ledgerExport) throw new Error(errors[0]?.message ?? 'export refused');
  const response = await fetch(data.ledgerExport.url, { headers: { authorization: `Bearer ${token() ?? ''}` } });
  if (response.status === 401) throw new AuthError(await refusalOf(response));
  if (!response.ok) throw new Error(await refusalOf(response));
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition'), `export-${input.kind.toLowerCase()}.xlsx`);
  const href = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL can go once this turn of the loop ends.
  setTimeout(() => URL.revokeObjectURL(href), 0);
  return name;
}

/**
 * Wires an export button: `inputOf()` gives the LedgerExportInput of the view shown; while the file
 * comes the button is disabled and says so; a failure goes to `onFailure`.
 */
export function wireExportButton(button, inputOf, onFailure) {
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await downloadExport(inputOf());
    } catch (error) {
      onFailure(error);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
}
