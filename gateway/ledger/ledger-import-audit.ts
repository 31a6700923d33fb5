import type { Logger } from '../../lib/logger.js';
import type { LedgerOutcome } from '../../lib/ledger/ledger-preview.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import {
  ledgerImportAuditBinding,
  ledgerImportAuditKey,
  RECORD_LEDGER_IMPORT,
  RECORD_LEDGER_IMPORT_FIELD,
  type LedgerImportAudit,
} from '../../schema/contract/ledger-audit.js';
import { callShard, ShardCallError, shardRequestBody } from '../shards/shard-client.js';

/**
 * Records a committed import in the province's audit log; true when the entry is there, false
 * (and logged) when it could not be recorded.
 */
export type LedgerImportAuditor = (actor: Actor, outcome: LedgerOutcome, chunkKeyBase: string) => Promise<boolean>;

export interface LedgerImportAuditorOptions {
  readonly provinceUrl: string;
  /** A `ledger-audit` credential for `actor`, bound to one request (SubgraphCredentials.forLedgerAudit). */
  readonly credentialFor: (actor: Actor, binding: string) => Promise<string>;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** Sends of the write after the first when it got no usable answer: the key makes a repeat harmless. */
const RETRIES = 1;

/**
 * The gateway's audit of committed ledger imports. It calls the province over plain HTTP with
 * its own `ledger-audit` credential, not through its graph: `recordLedgerImport` is
 * `@inaccessible`, outside the client schema, so no client can send it and no plan contains it.
 * The rows are on the shard already when this runs, so a failure never fails the import: the
 * officer's answer says `auditRecorded: false`, and the same commit sent again (same key) records
 * the entry without writing a row twice.
 */
export function ledgerImportAuditor(options: LedgerImportAuditorOptions): LedgerImportAuditor {
  return async (actor, outcome, chunkKeyBase) => {
    const entry = auditEntryOf(outcome);
    const idempotencyKey = ledgerImportAuditKey(chunkKeyBase, entry);
    const body = shardRequestBody(RECORD_LEDGER_IMPORT, { input: entry });
    let failure = '';
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      try {
        const answer = await callShard({
          url: options.provinceUrl,
          body,
          // A fresh credential per send: each is accepted once.
          hubToken: await options.credentialFor(actor, ledgerImportAuditBinding(entry, idempotencyKey)),
          requestId: actor.requestId,
          idempotencyKey,
          timeoutMs: options.timeoutMs,
        });
        if (answer.data?.[RECORD_LEDGER_IMPORT_FIELD]) return true;
        // A refusal (bad input, forbidden) answers the same every time: no retry.
        failure = answer.errors?.[0]?.message ?? 'the province answered no entry';
        break;
      } catch (error) {
        if (!(error instanceof ShardCallError)) throw error;
        failure = `province ${error.message}${error.detail ? `: ${error.detail}` : ''}`;
      }
    }
    options.logger.error(
      {
        requestId: actor.requestId,
        actor: actor.subject,
        prefectureCode: entry.prefectureCode,
        fileName: entry.fileName,
        sha256: entry.sha256,
        totals: entry.totals,
        err: failure,
      },
      'ledger import committed, but its audit entry could not be recorded; the same commit sent again records it',
    );
    return false;
  };
}

function auditEntryOf(outcome: LedgerOutcome): LedgerImportAudit {
  return {
    prefectureCode: outcome.prefectureCode,
    fileName: outcome.fileName,
    sha256: outcome.sha256,
    format: outcome.format,
    complete: outcome.complete,
    problemCode: outcome.problem?.code ?? null,
    totals: outcome.totals,
  };
}
