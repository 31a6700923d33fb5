import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { BodyTooLarge, readBodyBytes, type RouteHandler } from '../../lib/http/graphql-http-server.js';
import { clientIdempotencyKey } from '../http/idempotency-key.js';
import type { Logger } from '../../lib/logger.js';
import { parseLedgerFile } from '../../lib/ledger/ledger-parse.js';
import { locate, totalsOf, type LedgerPreview } from '../../lib/ledger/ledger-preview.js';
import { buildLedgerTemplate } from '../../lib/ledger/ledger-template.js';
import { fileNameProblem } from '../../lib/text-rules.js';
import { todayIn } from '../../lib/calendar.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { findPrefecture } from '../../schema/prefectures.js';
import { EXPORT_DOWNLOAD_PATH, type ExportLinks } from './export-links.js';
import type { ProjectExportProcesses } from './export-process.js';
import type { GraphExecutor } from './graph-executor.js';
import { checkExport, ExportIncomplete, exportFileName, writeExport } from './ledger-exports.js';
import { commitKeyBase, LedgerImportRefused, runLedgerImport } from './ledger-import.js';
import type { LedgerImportAuditor } from './ledger-import-audit.js';

const LEDGER_IMPORT_PATH = '/ledger/imports';
const LEDGER_TEMPLATE_PATH = '/ledger/template';

/** Largest upload accepted by default: a 50,000-row ledger is ~8 MiB as xlsx. */
export const DEFAULT_MAX_LEDGER_UPLOAD_BYTES = 16 * 1024 * 1024;
/** A 1000-row chunk commits in seconds, far beyond SHARD_TIMEOUT_MS meant for one page or one write. */
export const DEFAULT_LEDGER_SHARD_TIMEOUT_MS = 120_000;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NDJSON = 'application/x-ndjson';

export interface LedgerRoutesOptions {
  /** The caller of a request (token checked, one operation counted against their rate limit). */
  readonly authenticate: (req: IncomingMessage) => Promise<Actor>;
  /** Runs operations through the gateway's own graph as `actor`. */
  readonly executorFor: (actor: Actor) => GraphExecutor;
  /** Where project exports run: processes of their own (export-process.ts). */
  readonly projectExports: ProjectExportProcesses;
  /** Records a committed import in the province's audit log (gateway/ledger/ledger-import-audit.ts). */
  readonly auditImport: LedgerImportAuditor;
  readonly links: ExportLinks;
  /** The prefectures the gateway routes to: what a province-wide export reads. */
  readonly prefectureCodes: () => readonly string[];
  readonly maxUploadBytes: number;
  readonly logger: Logger;
}

/**
 * The ledger's HTTP endpoints on the gateway (docs/architecture.md, "Ledger files"):
 * GET /ledger/template, POST /ledger/imports, GET /ledger/exports?link=….
 */
export function ledgerRoutes(options: LedgerRoutesOptions): {
  get: Record<string, RouteHandler>;
  post: Record<string, RouteHandler>;
} {
  let template: Promise<Buffer> | null = null;
  return {
    get: {
      [LEDGER_TEMPLATE_PATH]: async (_req, res) => {
        // The template holds no data: anyone may download it (a plain link on the dashboard).
        template ??= buildLedgerTemplate()
          .xlsx.writeBuffer()
          .then((b) => Buffer.from(b));
        const bytes = await template;
        res.writeHead(200, {
          'content-type': XLSX_TYPE,
          'content-length': String(bytes.length),
          'content-disposition': attachment('台账模板.xlsx'),
          'x-content-type-options': 'nosniff',
        });
        res.end(bytes);
      },
      [EXPORT_DOWNLOAD_PATH]: (req, res) => answerErrors(res, () => download(options, req, res)),
    },
    post: {
      [LEDGER_IMPORT_PATH]: (req, res) => answerErrors(res, () => importFile(options, req, res)),
    },
  };
}

async function importFile(options: LedgerRoutesOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const actor = await options.authenticate(req);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const prefectureCode = url.searchParams.get('prefecture') ?? '';
  if (!findPrefecture(prefectureCode))
    throw badRequest(
      'prefecture',
      `no prefecture ${JSON.stringify(prefectureCode)}`,
      `没有代码为 ${JSON.stringify(prefectureCode)} 的州市`,
    );
  const dryRunParam = url.searchParams.get('dryRun') ?? 'true';
  if (dryRunParam !== 'true' && dryRunParam !== 'false')
    throw badRequest('dryRun', 'must be true or false', '只能是 true 或 false');
  const dryRun = dryRunParam === 'true';
  const namedFile = url.searchParams.get('fileName');
  const nameProblem = namedFile === null ? null : fileNameProblem(namedFile);
  if (nameProblem) throw badRequest('fileName', nameProblem, '文件名过长或含有不可见、不允许的字符');
  // Refused before the file is read: the shard would refuse too, after a wasted parse.
  if (!(actor.role === 'admin' || (actor.role === 'officer' && actor.prefectureCode === prefectureCode))) {
    throw refusal(
      ErrorCode.FORBIDDEN,
      403,
      actor.role === 'officer'
        ? `an officer of ${actor.prefectureCode} cannot import into prefecture ${prefectureCode}`
        : `importing a ledger needs an officer of prefecture ${prefectureCode} or an admin`,
      actor.role === 'officer'
        ? `${actor.prefectureCode} 的经办人员不能向 ${prefectureCode} 导入台账`
        : `导入台账需要 ${prefectureCode} 的经办人员或管理员`,
    );
  }
  const clientKey = clientIdempotencyKey(req);
  const bytes = await readBodyBytes(req, options.maxUploadBytes).catch((error: unknown) => {
    if (!(error instanceof BodyTooLarge)) throw error;
    const mib = (error.limit / 1024 / 1024).toFixed(0);
    throw refusal(
      ErrorCode.BAD_USER_INPUT,
      413,
      `the file is larger than ${mib} MiB (LEDGER_MAX_UPLOAD_BYTES); split the ledger into several files`,
      `文件超过 ${mib} MiB 上限，请将台账拆分为几个文件分别导入`,
    );
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const parsed = await parseLedgerFile(bytes);
  // Named as the caller named it; unnamed, by what it turned out to be.
  const fileName = namedFile ?? `ledger.${parsed.format}`;
  const streaming = (req.headers.accept ?? '').includes(NDJSON);
  const base = { fileName, sha256, format: parsed.format, prefectureCode, dryRun };
  if (parsed.fileErrors.length) {
    const preview: LedgerPreview = {
      ...base,
      complete: false,
      problem: { code: parsed.fileErrors[0].code, message: parsed.fileErrors[0].messageEn },
      totals: totalsOf([]),
      rowsCommittedEarlier: 0,
      rows: [],
      fileErrors: parsed.fileErrors.map((e) => locate(e.rowNumber, e)),
      // Refused as a whole before any row was sent: nothing was written, nothing to audit.
      auditRecorded: null,
    };
    return sendJson(res, 400, preview);
  }
  // A commit of the same file (same bytes, name and prefecture: all three are in each chunk's
  // arguments) gets the same chunk keys, so resuming never applies a chunk twice; the same bytes
  // under another name are another request, judged afresh (their rows match, nothing is doubled).
  // A dry run writes nothing: it gets fresh keys, so it always reports the present.
  const keyBase = dryRun
    ? `ledger:${sha256}:dry:${req.headers['x-request-id'] as string}`
    : commitKeyBase(clientKey === undefined ? { sha256, prefectureCode, fileName } : { clientKey });
  if (streaming) res.writeHead(200, { 'content-type': `${NDJSON}; charset=utf-8` });
  const outcome = await runLedgerImport(options.executorFor(actor), {
    ...base,
    parsed,
    keyBase,
    onProgress: streaming
      ? (rowsDone, rowsTotal) => res.write(`${JSON.stringify({ progress: { rowsDone, rowsTotal } })}\n`)
      : undefined,
  }).catch((error: unknown) => {
    if (!(error instanceof LedgerImportRefused)) throw error;
    if (error.code === ErrorCode.IDEMPOTENCY_KEY_REUSED) {
      throw refusal(
        error.code,
        409,
        'this Idempotency-Key was used for another import (another file, name or prefecture); ' +
          'nothing was written: send this file with a new key',
        '该 Idempotency-Key 已用于另一次导入（另一个文件、文件名或州市），未写入任何数据：请用新的 Idempotency-Key 导入本文件',
      );
    }
    const status = error.code === ErrorCode.FORBIDDEN ? 403 : 400;
    throw refusal(error.code, status, error.message, `${prefectureCode} 拒绝了本次导入：${error.message}`);
  });
  // Complete or not, a commit may have written rows: it is audited. A dry run wrote nothing.
  const preview: LedgerPreview = {
    ...outcome,
    auditRecorded: dryRun ? null : await options.auditImport(actor, outcome, keyBase),
  };
  options.logger.info(
    {
      actor: actor.subject,
      prefectureCode,
      fileName,
      sha256,
      dryRun,
      totals: preview.totals,
      complete: preview.complete,
      auditRecorded: preview.auditRecorded,
    },
    'ledger import',
  );
  if (streaming) {
    res.end(`${JSON.stringify({ result: preview })}\n`);
    return;
  }
  sendJson(res, preview.complete ? 200 : 503, preview);
}

async function download(options: LedgerRoutesOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const actor = await options.authenticate(req);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const request = options.links.open(actor, url.searchParams.get('link'));
  const execute = options.executorFor(actor);
  try {
    await checkExport(execute, request);
  } catch (error) {
    if (error instanceof ExportIncomplete) throw unavailable(error.message);
    throw error;
  }
  // One project export per caller at a time: a few callers cannot take every export slot.
  if (request.kind === 'PROJECTS' && options.projectExports.busy(actor.subject)) {
    throw refusal(
      ErrorCode.RATE_LIMITED,
      429,
      'another project export of yours is still running or waiting; ask for this one again when it has finished',
      '您的另一个项目导出仍在进行或排队，请在其完成后重新导出',
    );
  }
  const name = exportFileName(request, todayIn());
  res.writeHead(200, {
    'content-type': request.format === 'CSV' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
    'content-disposition': attachment(name),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    // Project exports (up to every project of the province) in a process of their own; the
    // stalled list and the metrics are small and need the federated plan, so they run here.
    if (request.kind === 'PROJECTS') await options.projectExports.run(actor, request, options.prefectureCodes(), res);
    else await writeExport(execute, request, res, options.prefectureCodes());
  } catch (error) {
    // Bytes are out: a half file must not look whole, so the download is broken off.
    options.logger.warn({ err: (error as Error).message, actor: actor.subject }, 'ledger export broken off');
    res.destroy(error as Error);
  }
}

/** Refusals become JSON errors with their HTTP status (the GraphQL error shape clients know). */
async function answerErrors(res: ServerResponse, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    const { http: _http, ...extensions } = error.extensions;
    const status = http?.status ?? statusOf(String(extensions.code));
    if (res.headersSent) {
      // Progress lines are out (200 sent): the refusal is the stream's last line, with its status.
      if (String(res.getHeader('content-type')).startsWith(NDJSON)) {
        res.end(`${JSON.stringify({ status, errors: [{ message: error.message, extensions }] })}\n`);
        return;
      }
      res.destroy(error);
      return;
    }
    for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
    sendJson(res, status, { errors: [{ message: error.message, extensions }] });
  }
}

function statusOf(code: string): number {
  if (code === ErrorCode.FORBIDDEN) return 403;
  if (code === ErrorCode.UNAUTHENTICATED) return 401;
  if (code === ErrorCode.PREFECTURE_UNAVAILABLE) return 503;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR) return 500;
  return 400;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * A refusal of the whole request, in English (`message`) and Chinese (`extensions.messageZh`, which
 * the dashboard shows an officer reading Chinese).
 */
function refusal(code: string, status: number, message: string, messageZh: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, messageZh, ...(field ? { field } : {}), http: { status } },
  });
}

function badRequest(field: string, problem: string, problemZh: string): GraphQLError {
  return refusal(ErrorCode.BAD_USER_INPUT, 400, `${field}: ${problem}`, `${field}：${problemZh}`, field);
}

function unavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, http: { status: 503 } } });
}

/** Content-Disposition with the Chinese name (RFC 5987) and an ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
