import { expect } from 'vitest';
import type { HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN } from '../../bench/support/hub-tokens.js';
import { LEDGER_IMPORT_AUDIT_ACTION, type LedgerImportAudit } from '../../schema/contract/ledger-audit.js';

/** A ledger import's entry as an admin reads it from `auditLog`, its details parsed. */
export interface LedgerImportEntry {
  readonly id: string;
  readonly actorSubject: string;
  readonly actorRole: string;
  readonly actorPrefecture: string | null;
  readonly requestId: string | null;
  readonly details: LedgerImportAudit;
}

const AUDIT_LOG = '{ auditLog(first: 500) { id actorSubject actorRole actorPrefecture action details requestId } }';

/** Every ledger import entry of the hub's audit log, newest first, read through the gateway as an admin. */
export async function ledgerImportEntries(hub: HubHarness): Promise<LedgerImportEntry[]> {
  const answer = await hub.query<{
    auditLog: (Omit<LedgerImportEntry, 'details'> & { action: string; details: string })[];
  }>(AUDIT_LOG, {}, ADMIN);
  expect(answer.errors).toBeUndefined();
  return answer
    .data!.auditLog.filter((entry) => entry.action === LEDGER_IMPORT_AUDIT_ACTION)
    .map(({ action: _action, details, ...entry }) => ({ ...entry, details: JSON.parse(details) as LedgerImportAudit }));
}

/** The ledger import entries of one file (by its sha256). */
export async function entriesOfFile(hub: HubHarness, sha256: string): Promise<LedgerImportEntry[]> {
  return (await ledgerImportEntries(hub)).filter((entry) => entry.details.sha256 === sha256);
}
