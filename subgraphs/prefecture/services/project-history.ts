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
}

/** Appends one history entry in the caller's unit of work (it is flushed with the change itself). */
export function recordHistory(em: EntityManager, project: Project, actor: Actor, entry: HistoryEntry): ProjectEvent {
  const event = em.create(ProjectEvent, {
    project,
    kind: entry.kind,
    at: new Date(),
    actorSubject: actor.subject,
    actorRole: actor.prefectureCode ? `${actor.role}@${actor.prefectureCode}` : actor.role,
    fromStage: entry.fromStage ?? null,
    toStage: entry.toStage ?? null,
    reason: entry.reason ?? null,
    changes: entry.changes
      ? JSON.stringify(entry.changes, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
      : null,
  });
  em.persist(event);
  return event;
}
