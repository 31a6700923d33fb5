import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../../../schema/contract/hub-credential.js';
import type { ProjectEventKind } from '../../../schema/contract/project-enums.js';
import type { ProjectStage } from '../../../schema/contract/project-stage.js';
import { ProjectEvent, type Project } from '../entities/index.js';

export interface HistoryEntry {
  kind: ProjectEventKind;
  fromStage?: ProjectStage | null;
  toStage?: ProjectStage | null;
  reason?: string | null;
  changes?: Record<string, [unknown, unknown]>;
  /** Where the change came from when not typed in directly, e.g. `ledger:<file>#<hash>`. */
  source?: string | null;
}

/** The columns of one history entry (all but the project), as recordHistory and bulk writers store them. */
export function historyValues(actor: Actor, entry: HistoryEntry, at = new Date()) {
  return {
    kind: entry.kind,
    at,
    actorSubject: actor.subject,
    actorRole: actor.prefectureCode ? `${actor.role}@${actor.prefectureCode}` : actor.role,
    fromStage: entry.fromStage ?? null,
    toStage: entry.toStage ?? null,
    reason: entry.reason ?? null,
    changes: entry.changes
      ? JSON.stringify(entry.changes, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
      : null,
    source: entry.source ?? null,
  };
}

/** Appends one history entry in the caller's unit of work (it is flushed with the change itself). */
export function recordHistory(em: EntityManager, project: Project, actor: Actor, entry: HistoryEntry): ProjectEvent {
  const event = em.create(ProjectEvent, { project, ...historyValues(actor, entry) });
  em.persist(event);
  return event;
}
