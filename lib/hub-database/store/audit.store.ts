import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../../../schema/contract/hub-credential.js';
import { AuditEntry } from '../entities/audit-entry.entity.js';

/** Records a write to the hub with its author; flushed with the caller's unit of work or at once. */
export async function audit(
  em: EntityManager,
  actor: Actor,
  action: string,
  details: Record<string, unknown>,
): Promise<AuditEntry> {
  const entry = em.create(AuditEntry, {
    at: new Date(),
    actorSubject: actor.subject,
    actorRole: actor.role,
    actorPrefecture: actor.prefectureCode ?? null,
    action,
    details: JSON.stringify(details),
    requestId: actor.requestId ?? null,
  });
  await em.flush();
  return entry;
}
