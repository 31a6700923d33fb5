import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fetchFromGateway, GraphClient } from '../http/graph-client.js';
import type { LedgerPreview } from './ledger-preview.js';

/**
 * The client side of the gateway's ledger endpoints (docs/architecture.md, "Ledger files"), for the
 * CLI and the benchmark: upload a file for a preview or a commit, mint and follow an export link.
 */

export interface UploadOptions {
  /** The gateway's GraphQL URL (…/graphql); the ledger endpoints are on the same origin. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly prefecture: string;
  readonly commit: boolean;
  /** Without one, a commit's key is made of the file, its name and the prefecture. */
  readonly idempotencyKey?: string;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** The refusal of an upload request itself, with its HTTP status. */
interface UploadRefusal {
  readonly status: number;
  readonly errors: { message: string; extensions?: { code?: string; messageZh?: string } }[];
}

/** What `POST /ledger/imports` answered: a preview, or the refusal of the request itself. */
export type UploadAnswer = { readonly status: number; readonly preview: LedgerPreview } | UploadRefusal;

export async function uploadLedger(options: UploadOptions): Promise<UploadAnswer> {
  const url = new URL('/ledger/imports', options.gatewayUrl);
  url.searchParams.set('prefecture', options.prefecture);
  url.searchParams.set('dryRun', String(!options.commit));
  url.searchParams.set('fileName', options.fileName);
  const response = await fetchFromGateway(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': 'application/octet-stream',
      // Progress lines, then the preview (see ledger-routes.ts).
      accept: 'application/x-ndjson',
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
    body: options.bytes,
  });
  if (!(response.headers.get('content-type') ?? '').startsWith('application/x-ndjson')) {
    const body = (await response.json()) as LedgerPreview | { errors: { message: string }[] };
    return 'errors' in body
      ? { status: response.status, errors: body.errors }
      : { status: response.status, preview: body };
  }
  let preview: LedgerPreview | null = null;
  let refused: UploadRefusal | null = null;
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as {
        progress?: { rowsDone: number; rowsTotal: number };
        result?: LedgerPreview;
        /** The request refused after its progress began (then the stream's last line). */
        errors?: UploadRefusal['errors'];
        status?: number;
      };
      buffered = buffered.slice(newline + 1);
      if (line.progress) options.onProgress?.(line.progress.rowsDone, line.progress.rowsTotal);
      if (line.result) preview = line.result;
      if (line.errors) refused = { status: line.status ?? 400, errors: line.errors };
    }
  }
  if (refused) return refused;
  if (!preview)
    throw new Error('the gateway broke off the import before its result; send the same file again to resume');
  return { status: preview.complete ? 200 : 503, preview };
}

/** The arguments of the gateway's `ledgerExport` field. */
export interface ExportInput {
  readonly kind: 'PROJECTS' | 'STALLED' | 'METRICS';
  readonly format?: 'XLSX' | 'CSV';
  readonly prefecture?: string;
  readonly filter?: string;
  readonly orderBy?: string;
  readonly asOf?: string;
  readonly cohort?: string;
}

/**
 * Mints an export link and downloads it to `path`; the number of bytes written. The file is
 * written beside `path` as `path.part` and renamed when whole: a file already at `path` is
 * replaced only by a whole export, and a place that cannot be written is said before asking.
 */
export async function downloadExport(
  gatewayUrl: string,
  token: string,
  input: ExportInput,
  path: string,
): Promise<number> {
  const partial = `${path}.part`;
  const file = createWriteStream(partial);
  await once(file, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot write ${partial}: ${error.code === 'ENOENT' ? 'no such folder' : error.message}`);
  });
  let response: Response;
  try {
    const client = new GraphClient(gatewayUrl, token);
    const { ledgerExport } = await client.request<{ ledgerExport: { url: string } }>(
      'query($input: LedgerExportInput!) { ledgerExport(input: $input) { url expiresAt } }',
      { input },
    );
    response = await fetchFromGateway(new URL(ledgerExport.url, gatewayUrl), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok || !response.body) {
      throw new Error(`the export was refused (HTTP ${response.status}): ${await response.text()}`);
    }
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), file);
  } catch (error) {
    // The gateway breaks a download off when the export cannot be whole: a half file must not be left to look like one.
    await rm(partial, { force: true });
    const requestId = response.headers.get('x-request-id');
    throw new Error(
      `the export was broken off before the file was whole (${(error as Error).message}); nothing was saved. ` +
        `A prefecture that stops answering mid-export does this: try again${requestId ? `; the gateway's log has the reason under request id ${requestId}` : ''}.`,
      { cause: error },
    );
  }
  await rename(partial, path).catch(async (error: Error) => {
    await rm(partial, { force: true });
    throw new Error(`cannot write ${path}: ${error.message}`);
  });
  return file.bytesWritten;
}
