import type { HubHarness } from '../../bench/support/hub-harness.js';
import type { LedgerPreview } from '../../lib/ledger/ledger-preview.js';
import type { Actor } from '../../schema/contract/hub-credential.js';

type Caller = Omit<Actor, 'requestId'>;

export interface UploadResult {
  readonly status: number;
  /** The gateway's id of the request (`x-request-id` of the answer). */
  readonly requestId: string | null;
  /** The preview, or `{ errors }` when the request itself was refused. */
  readonly body: LedgerPreview & { errors?: { message: string; extensions: { code: string } }[] };
}

/** POSTs a ledger file to the gateway's import endpoint over HTTP, as `actor`. */
export async function uploadLedgerFile(
  hub: HubHarness,
  actor: Caller,
  bytes: Buffer,
  /** `fileName: null` sends none. */
  options: { prefecture: string; commit?: boolean; fileName?: string | null; idempotencyKey?: string },
): Promise<UploadResult> {
  const url = new URL('/ledger/imports', hub.gatewayUrl);
  url.searchParams.set('prefecture', options.prefecture);
  url.searchParams.set('dryRun', String(!options.commit));
  if (options.fileName !== null) url.searchParams.set('fileName', options.fileName ?? '台账.xlsx');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await hub.tokenFor(actor)}`,
      'content-type': 'application/octet-stream',
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
    body: bytes,
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as UploadResult['body'],
  };
}

/** Asks the gateway for an export link (GraphQL `ledgerExport`) as `actor`; its url, or the errors. */
export async function exportLink(
  hub: HubHarness,
  actor: Caller,
  input: Record<string, unknown>,
): Promise<{ url: string | null; errors: { message: string; extensions?: { code?: string } }[] }> {
  const answer = await hub.query<{ ledgerExport: { url: string; expiresAt: string } | null }>(
    'query($input: LedgerExportInput!) { ledgerExport(input: $input) { url expiresAt } }',
    { input },
    actor,
  );
  return { url: answer.data?.ledgerExport?.url ?? null, errors: answer.errors ?? [] };
}

/** GETs a download link as `actor`: the status and the bytes (or the JSON refusal). */
export async function downloadLink(
  hub: HubHarness,
  actor: Caller,
  url: string,
): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
  const response = await fetch(new URL(url, hub.gatewayUrl), {
    headers: { authorization: `Bearer ${await hub.tokenFor(actor)}` },
  });
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type'),
  };
}
