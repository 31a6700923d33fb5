import { Arg, Authorized, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { AuditEntry } from '../../../../lib/hub-database/entities/index.js';
import { scopeGrant } from '../../../../schema/contract/hub-credential.js';
import { RECORD_LEDGER_IMPORT_FIELD } from '../../../../schema/contract/ledger-audit.js';
import type { ProvinceContext } from '../../context.js';
import { recordLedgerImport } from '../../services/ledger-import-audit.js';
import { LedgerImportAuditInput } from '../inputs/ledger-import-audit.input.js';

/**
 * The audit entry of a committed ledger import, written by the gateway alone: no role may call it
 * (only a `ledger-audit` credential, which only the gateway can mint), and `@inaccessible` keeps it
 * out of the client graph, so the gateway never plans it for a client either.
 */
@Resolver()
export class LedgerImportAuditResolver {
  @Authorized(scopeGrant('ledger-audit'))
  @Directive('@inaccessible')
  @Mutation(() => AuditEntry, {
    name: RECORD_LEDGER_IMPORT_FIELD,
    description:
      'Records a committed ledger import in the audit log (the gateway’s ledger-audit credential only; ' +
      'not in the client graph).',
  })
  recordLedgerImport(
    @Arg('input', () => LedgerImportAuditInput) input: LedgerImportAuditInput,
    @Ctx() ctx: ProvinceContext,
  ): Promise<AuditEntry> {
    return recordLedgerImport(ctx, input);
  }
}
