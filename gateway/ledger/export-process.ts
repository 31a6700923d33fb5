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
/** A download whose client reads nothing for this long is broken off (its slot and process freed). */
export const DEFAULT_EXPORT_STALL_MS = 60_000;
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
  /** How long a client may take nothing before its download is broken off; default DEFAULT_EXPORT_STALL_MS. */
  readonly stallMs: number;
  readonly logger: Logger;
}

/** The export process stopped before the file was whole. */
class ExportProcessFailed extends Error {}

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
  /** Callers with an export running or waiting: one each, so nobody can hold every slot. */
  private readonly exporting = new Set<string>();

  constructor(private readonly options: ProjectExportProcessesOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * Writes the export of `request` to `out` (left open on failure, for the caller to break off).
   * Rejects with ExportProcessFailed when the file is not whole.
   */
  async run(
    actor: Actor,
    request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
    prefectureCodes: readonly string[],
    out: Writable,
  ): Promise<void> {
    this.exporting.add(actor.subject);
    try {
      await this.queue.add(() => this.runOne(actor, request, prefectureCodes, out));
    } finally {
      this.exporting.delete(actor.subject);
    }
  }

  /** Whether `subject` has a project export running or waiting (then another is refused). */
  busy(subject: string): boolean {
    return this.exporting.has(subject);
  }

  private runOne(
    actor: Actor,
    request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
    prefectureCodes: readonly string[],
    out: Writable,
  ): Promise<void> {
    const { logger } = this.options;
    // The client left while the export waited its turn: no process for no one.
    if (out.destroyed) return Promise.reject(new ExportProcessFailed('the download was closed before it started'));
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
    file.pipe(out, { end: false });
    // A client that takes nothing (its socket full) for stallMs is let go: otherwise a reader that
    // never reads would hold an export slot, and its process, for as long as it liked.
    let stalled: NodeJS.Timeout | undefined;
    file.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // After pipe's own listener: the write that filled the client's buffer has just happened.
      if (out.writableNeedDrain && !stalled) {
        stalled = setTimeout(() => {
          logger.warn({ requestId, stallMs: this.options.stallMs }, 'export download stalled: the client read nothing');
          out.destroy(new Error(`the client read nothing for ${this.options.stallMs} ms`));
        }, this.options.stallMs);
      }
    });
    out.on('drain', () => {
      clearTimeout(stalled);
      stalled = undefined;
    });
    // A download given up on (the client left) stops its process: no one reads what it writes.
    const abandon = () => {
      if (out.writableFinished) return;
      child.kill('SIGKILL');
      // Unread, the pipe would never end, and without its end the process never counts as closed.
      file.destroy();
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
          reject(new ExportProcessFailed(`the export process did not start: ${error.message}`));
      });
      // 'close': the process has exited and its file is read to the end (all of it piped on).
      child.once('close', (code, signal) => {
        clearTimeout(stalled);
        out.off('close', abandon);
        const ms = Math.round(performance.now() - started);
        const done = outcome;
        // Whole only when the process finished and every byte went on to a download still open.
        if (done?.type === 'done' && code === 0 && !out.destroyed) {
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
            : out.destroyed
              ? 'the download was closed before the file was whole'
              : `the export process ended (${signal ?? `code ${code}`}) before the file was whole`;
        reject(new ExportProcessFailed(why));
      });
    });
  }
}
