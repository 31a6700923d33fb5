import { fork } from 'node:child_process';
import { extname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import PQueue from 'p-queue';
import type { Logger } from '../../lib/logger.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import type { ShardCallLimits } from '../shards/shard-call-limiter.js';
import { FILE_FD, type ExportShard, type FromExportProcess, type ToExportProcess } from './export-process-protocol.js';
import type { ExportRequest } from './export-request.js';
import { exportedPrefectures } from './ledger-exports.js';

/** Project exports run at once by default; more wait their turn (each process may take up to its heap cap and more). */
export const DEFAULT_EXPORT_PROCESSES = 2;
/** The V8 heap cap of one export process: a 160,000-project export lives in well under half of it. */
export const DEFAULT_EXPORT_MAX_HEAP_MB = 128;

export interface ProjectExportProcessesOptions {
  /** The prefecture contract's SDL, as the gateway loaded it. */
  readonly contractSdl: string;
  /** The shards the gateway routes to now. */
  readonly shards: () => readonly ExportShard[];
  /** Mints the single-use credential of one shard call for `actor`, good at `audience` only. */
  readonly credentialFor: (actor: Actor, audience: string) => Promise<string>;
  readonly shardTimeoutMs: number;
  readonly limits: ShardCallLimits;
  /** --max-old-space-size of each export process (LEDGER_EXPORT_MAX_HEAP_MB). */
  readonly maxHeapMb: number;
  /** Export processes at once (LEDGER_EXPORT_PROCESSES). */
  readonly concurrency: number;
  readonly logger: Logger;
}

/** The export process stopped before the file was whole. */
class ExportProcessFailed extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

const here = fileURLToPath(import.meta.url);
// The compiled gateway runs the compiled entry; under tsx (npm start, tests) the TypeScript one.
const ENTRY = fileURLToPath(new URL(`./export-process-main${extname(here)}`, import.meta.url));
const LOADER = ENTRY.endsWith('.ts') ? ['--import', 'tsx'] : [];
/** What the process inherits: nothing secret (the gateway's signing keys stay here). */
const INHERITED_ENV = ['NODE_ENV', 'LOG_LEVEL', 'VITEST'] as const;

/**
 * Runs province-wide and prefecture project exports in processes of their own (see
 * export-process-main.ts for why), at most `concurrency` at once. The process holds no key: for
 * each shard call it asks for a credential, which is minted for the exporting caller and only for
 * a prefecture the export reads. Its file is piped to the download as it is written.
 */
export class ProjectExportProcesses {
  private readonly queue: PQueue;

  constructor(private readonly options: ProjectExportProcessesOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * Writes the export of `request` to `out` (left open on failure, for the caller to break off).
   * Rejects with ExportProcessFailed when the file is not whole.
   */
  run(
    actor: Actor,
    request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
    prefectureCodes: readonly string[],
    out: Writable,
  ): Promise<void> {
    return this.queue.add(() => this.runOne(actor, request, prefectureCodes, out));
  }

  private runOne(
    actor: Actor,
    request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
    prefectureCodes: readonly string[],
    out: Writable,
  ): Promise<void> {
    const { logger } = this.options;
    // The client left while the export waited its turn: no process for no one.
    if (out.destroyed)
      return Promise.reject(new ExportProcessFailed('the download was closed before it started', null));
    const requestId = actor.requestId ?? 'ledger-export';
    const readable = new Set(exportedPrefectures(request, prefectureCodes));
    const started = performance.now();
    const child = fork(ENTRY, [], {
      execArgv: [
        `--max-old-space-size=${this.options.maxHeapMb}`,
        ...process.execArgv.filter((flag) => flag === '--enable-source-maps'),
        ...LOADER,
      ],
      env: Object.fromEntries(INHERITED_ENV.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
      // Its log lines join the gateway's; the file comes on fd 3 (FILE_FD).
      stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'ipc'],
    });
    const file = child.stdio[FILE_FD] as Readable;
    const tell = (message: ToExportProcess) => {
      if (child.connected) child.send(message);
    };
    let bytes = 0;
    file.on('data', (chunk: Buffer) => (bytes += chunk.length));
    file.pipe(out, { end: false });
    // A download given up on (the client left) stops its process: no one reads what it writes.
    const abandon = () => {
      if (!out.writableFinished) child.kill('SIGKILL');
    };
    out.once('close', abandon);

    let outcome: FromExportProcess | null = null;
    child.on('message', (message: FromExportProcess) => {
      if (message.type !== 'credential') {
        outcome = message;
        return;
      }
      if (!readable.has(message.audience)) {
        logger.warn(
          { requestId, audience: message.audience },
          'export process asked for a prefecture it does not read',
        );
        tell({ type: 'credential', id: message.id, refused: `this export does not read ${message.audience}` });
        return;
      }
      this.options.credentialFor(actor, message.audience).then(
        (token) => tell({ type: 'credential', id: message.id, token }),
        (error: Error) => tell({ type: 'credential', id: message.id, refused: error.message }),
      );
    });
    tell({
      type: 'start',
      request,
      prefectureCodes,
      shards: this.options.shards(),
      contractSdl: this.options.contractSdl,
      shardTimeoutMs: this.options.shardTimeoutMs,
      limits: this.options.limits,
      requestId,
    });

    return new Promise<void>((resolve, reject) => {
      // A process that could not be started (or signalled) says so here; one that never ran has no 'close'.
      child.on('error', (error) => {
        logger.warn({ requestId, err: error.message }, 'export process error');
        if (child.pid === undefined)
          reject(new ExportProcessFailed(`the export process did not start: ${error.message}`, null));
      });
      // 'close': the process has exited and its file is read to the end (all of it piped on).
      child.once('close', (code, signal) => {
        out.off('close', abandon);
        const ms = Math.round(performance.now() - started);
        const done = outcome;
        if (done?.type === 'done' && code === 0) {
          logger.info(
            { requestId, actor: actor.subject, bytes, ms, exportPeakRssMiB: Math.round(done.peakRssBytes / 2 ** 20) },
            'ledger export finished',
          );
          out.end();
          resolve();
          return;
        }
        const why =
          done?.type === 'failed'
            ? done.message
            : `the export process ended (${signal ?? `code ${code}`}) before the file was whole`;
        reject(new ExportProcessFailed(why, done?.type === 'failed' ? done.code : null));
      });
    });
  }
}
