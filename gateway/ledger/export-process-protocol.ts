import type { ShardCallLimits } from '../shards/shard-call-limiter.js';
import type { ExportRequest } from './export-request.js';

/**
 * The messages between the gateway and a project-export process (gateway/ledger/export-process.ts
 * and export-process-main.ts), over the IPC channel Node opens for a forked child. The file itself
 * goes over a pipe of its own (FILE_FD); these carry the work, the credentials and the outcome.
 */

/**
 * The child's descriptor the file is written to. Not stdout: Node never ends process.stdout (pipe()
 * leaves it open), and the xlsx writer waits for its output to finish.
 */
export const FILE_FD = 3;

/** A shard the export may read: one the gateway routes to now. */
export interface ExportShard {
  readonly code: string;
  readonly url: string;
}

/** Gateway → process, once: what to export and how to reach the shards. */
export interface ExportStart {
  readonly type: 'start';
  readonly request: Extract<ExportRequest, { kind: 'PROJECTS' }>;
  /** The prefectures a province-wide export reads (the gateway's registry). */
  readonly prefectureCodes: readonly string[];
  readonly shards: readonly ExportShard[];
  /** The prefecture contract's SDL, as the gateway loaded it. */
  readonly contractSdl: string;
  readonly shardTimeoutMs: number;
  readonly limits: ShardCallLimits;
  readonly requestId: string;
}

/** Process → gateway: a credential for one shard call, to `audience` (a prefecture code). */
interface CredentialRequest {
  readonly type: 'credential';
  readonly id: number;
  readonly audience: string;
}

/** Gateway → process: the credential asked for, or why none is given. */
export type CredentialAnswer =
  | { readonly type: 'credential'; readonly id: number; readonly token: string }
  | { readonly type: 'credential'; readonly id: number; readonly refused: string };

/** Process → gateway, last: the whole file is written. */
interface ExportDone {
  readonly type: 'done';
  /** The process's peak resident memory (its VmHWM), bytes. */
  readonly peakRssBytes: number;
}

/** Process → gateway, last: the export stopped; what the file holds so far must not be taken as whole. */
interface ExportFailed {
  readonly type: 'failed';
  readonly message: string;
}

export type FromExportProcess = CredentialRequest | ExportDone | ExportFailed;
export type ToExportProcess = ExportStart | CredentialAnswer;
