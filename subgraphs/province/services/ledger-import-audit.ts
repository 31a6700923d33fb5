import { z } from 'zod';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import { AuditEntry } from '../../../lib/hub-database/entities/index.js';
import { audit } from '../../../lib/hub-database/store/audit.store.js';
import { IDEMPOTENCY_KEY_FIELD } from '../../../lib/idempotency-key.js';
import { validateInput } from '../../../lib/validate-input.js';
import {
  LEDGER_IMPORT_AUDIT_ACTION,
  ledgerImportAuditBinding,
  RECORD_LEDGER_IMPORT_FIELD,
  type LedgerImportAudit,
} from '../../../schema/contract/ledger-audit.js';
import { isPrefectureCode } from '../../../schema/prefectures.js';
import { serviceBindingOf } from '../../lib/auth/service-scope.js';
import { runIdempotent } from '../../lib/idempotency/idempotent-write.js';
import type { ProvinceContext } from '../context.js';

/**
 * Ends the idempotency key of these writes. Every key a user's province write is kept under ends
 * in `:<field or alias>` (a GraphQL name, which has no hyphen), so no user can take this key
 * first with another write and make the gateway's audit write fail as a reused key.
 */
const AUDIT_KEY_SUFFIX = ':ledger-audit';

const count = z.number().int().min(0, 'must not be negative');
const entrySchema = z
  .object({
    prefectureCode: z.string().refine(isPrefectureCode, 'is no prefecture code of schema/prefectures.json'),
    fileName: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
    format: z.enum(['xlsx', 'csv']),
    complete: z.boolean(),
    problemCode: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,50}$/, 'must be an error code such as PREFECTURE_UNAVAILABLE')
      .nullable(),
    totals: z
      .object({ rows: count, created: count, updated: count, unchanged: count, failed: count })
      .refine(
        (t) => t.created + t.updated + t.unchanged + t.failed === t.rows,
        'created, updated, unchanged and failed must add up to rows',
      ),
  })
  .refine((entry) => entry.complete === (entry.problemCode === null), {
    message: 'an import is complete exactly when it names no problem',
    path: ['problemCode'],
  });

/**
 * Records one committed ledger import in the audit log, for the user the gateway's `ledger-audit`
 * credential acts for, at most once per import key and outcome (schema/contract/ledger-audit.ts):
 * the gateway sending it again after a lost answer, or the officer committing the same file again,
 * finds the entry already there and answers it.
 */
export async function recordLedgerImport(ctx: ProvinceContext, input: LedgerImportAudit): Promise<AuditEntry> {
  const key = ctx.idempotencyKey;
  if (key === null) throw badInput(IDEMPOTENCY_KEY_FIELD, 'is required: an import is audited once per key');
  // Before anything else: whoever sends this credential may send only the entry it was minted for.
  if (serviceBindingOf(ctx) !== ledgerImportAuditBinding(input, key)) {
    throw hubError(ErrorCode.FORBIDDEN, 'this ledger-audit credential was issued for another entry or Idempotency-Key');
  }
  const entry = validateInput(entrySchema, input);
  const { actor } = ctx;
  if (!(actor.role === 'admin' || (actor.role === 'officer' && actor.prefectureCode === entry.prefectureCode))) {
    throw hubError(
      ErrorCode.FORBIDDEN,
      `${actor.role} ${actor.subject} cannot have imported into prefecture ${entry.prefectureCode}`,
    );
  }
  return runIdempotent(
    ctx.em,
    {
      scope: { subject: actor.subject, key: `${key}${AUDIT_KEY_SUFFIX}` },
      operation: RECORD_LEDGER_IMPORT_FIELD,
      args: entry,
      save: (saved) => saved.id,
      replay: (em, id) => em.findOneOrFail(AuditEntry, { id: Number(id) }),
    },
    (tx) => audit(tx, actor, LEDGER_IMPORT_AUDIT_ACTION, { ...entry }),
  );
}
