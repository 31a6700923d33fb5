import type { EntityManager } from '@mikro-orm/core';
import {
  FundingRecord,
  Obstacle,
  ProgressReport,
  Project,
  ProjectEvent,
  SupervisionRecord,
} from '../entities/index.js';

/**
 * Deletes every project of a prefecture with all its records, in one transaction. Children go
 * first, explicitly: SQLite only cascades when foreign keys are switched on for the connection.
 * Returns the number of projects deleted.
 */
export async function deletePrefectureRows(em: EntityManager, prefectureCode: string): Promise<number> {
  return em.fork().transactional(async (tx) => {
    for (const child of [FundingRecord, ProgressReport, Obstacle, SupervisionRecord, ProjectEvent]) {
      await tx.nativeDelete(child as typeof FundingRecord, { project: { prefectureCode } });
    }
    return tx.nativeDelete(Project, { prefectureCode });
  });
}
