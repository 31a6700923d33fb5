/**
 * A project export in a process of its own (started by gateway/ledger/export-process.ts; never run
 * by hand). It reads the shards through the gateway's own routing code — the same dispatch, answer
 * checks, row-ownership checks and cursor merge as a client's `projects` page — and writes the file
 * to descriptor FILE_FD. It holds no key: each shard call's credential is asked of the gateway over IPC.
 *
 * Why a process: every page of a 160,000-project export is garbage once written, and in the
 * serving gateway V8 lets such garbage grow the heap well past what the gateway holds alive. Here
 * the live set is small and the heap capped (--max-old-space-size), so the export's memory is
 * bounded and measured on its own, and its CPU is not the serving gateway's.
 */
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { ErrorCode } from '../../lib/errors.js';
import { createLogger } from '../../lib/logger.js';
import { parsePrefectureContract } from '../contract/prefecture-contract.js';
import { executeShardedFetch } from '../routing/sharded-data-source.js';
import type { DispatchContext } from '../routing/shard-dispatch.js';
import { ShardCallLimiter } from '../shards/shard-call-limiter.js';
import { ShardRegistry } from '../shards/shard-registry.js';
import {
  FILE_FD,
  type CredentialAnswer,
  type ExportShard,
  type ExportStart,
  type FromExportProcess,
} from './export-process-protocol.js';
import type { GraphExecutor } from './graph-executor.js';
import { ExportIncomplete, writeExport } from './ledger-exports.js';

const send = (message: FromExportProcess) => process.send!(message);

if (!process.send) {
  console.error('export-process-main runs only as a child of the gateway (see gateway/ledger/export-process.ts)');
  process.exit(2);
}

const pending = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
let nextId = 0;

/** A single-use credential for one shard call, minted by the gateway for the export's caller. */
function credentialFor(audience: string): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: 'credential', id, audience });
  });
}

process.on('message', (message: ExportStart | CredentialAnswer) => {
  if (message.type === 'start') {
    void run(message);
    return;
  }
  const waiter = pending.get(message.id);
  pending.delete(message.id);
  if (!waiter) return;
  if ('token' in message) waiter.resolve(message.token);
  else waiter.reject(new Error(`the gateway gave no credential: ${message.refused}`));
});
let finished = false;
// The gateway went away before the end: nothing is left to write for.
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});

async function run(start: ExportStart): Promise<void> {
  // stdout is the gateway's own: these lines join its log.
  const logger = createLogger('ledger-export', { requestId: start.requestId });
  try {
    const ctx: DispatchContext = {
      registry: registryOf(start.prefectureCodes, start.shards),
      timeoutMs: start.shardTimeoutMs,
      // An export only reads; no ledger chunk is sent from here.
      ledgerTimeoutMs: start.shardTimeoutMs,
      limiter: new ShardCallLimiter(start.limits),
      hubTokenFor: credentialFor,
      requestId: start.requestId,
      idempotencyKey: randomUUID(),
      logger,
    };
    const contract = parsePrefectureContract(start.contractSdl);
    const execute: GraphExecutor = (query, variables) => executeShardedFetch(ctx, contract, query, variables);
    const file = new Socket({ fd: FILE_FD, readable: false });
    await writeExport(execute, start.request, file, start.prefectureCodes);
    send({ type: 'done', peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  } catch (error) {
    const code =
      error instanceof ExportIncomplete
        ? ErrorCode.PREFECTURE_UNAVAILABLE
        : (((error as { extensions?: { code?: unknown } }).extensions?.code as string | undefined) ??
          ErrorCode.INTERNAL_SERVER_ERROR);
    logger.warn({ err: (error as Error).message, code }, 'project export stopped');
    send({ type: 'failed', message: (error as Error).message });
  }
  // The process ends once its file is flushed: nothing else keeps it alive.
  finished = true;
  process.disconnect();
}

/** The gateway's routable shards as they were when the export started; the rest are unreachable. */
function registryOf(codes: readonly string[], shards: readonly ExportShard[]): ShardRegistry {
  const registry = new ShardRegistry(codes);
  for (const { code, url } of shards) {
    if (!registry.has(code)) continue;
    registry.propose(code, url);
    registry.promoteCandidate(code, 0);
  }
  return registry;
}
