import type { EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import {
  FundingRecord,
  Obstacle,
  ProgressReport,
  Project,
  ProjectEvent,
  SupervisionRecord,
} from '../entities/index.js';
import { findProjectRows, type ProjectRow } from './project-rows.js';

type ChildEntity =
  typeof ProgressReport | typeof FundingRecord | typeof Obstacle | typeof SupervisionRecord | typeof ProjectEvent;

/**
 * Per-request batch loaders: a page of 50 projects asking for obstacles costs one query, not 50.
 * Built per request because they cache, and a cache must not outlive the request.
 */
export interface ProjectChildLoaders {
  readonly project: DataLoader<string, ProjectRow | null>;
  readonly progressReports: DataLoader<string, ProgressReport[]>;
  readonly fundingRecords: DataLoader<string, FundingRecord[]>;
  readonly obstacles: DataLoader<string, Obstacle[]>;
  readonly supervisionRecords: DataLoader<string, SupervisionRecord[]>;
  readonly history: DataLoader<string, ProjectEvent[]>;
  /** Newest report month per project, without loading every report (nightly jobs ask for it). */
  readonly latestReportPeriod: DataLoader<string, string | null>;
}

export function createProjectChildLoaders(em: EntityManager): ProjectChildLoaders {
  const children = <E extends ChildEntity>(entity: E, orderField: string) =>
    new DataLoader<string, InstanceType<E>[]>(async (ids) => {
      const rows = (await em.find(
        entity as never,
        { project: { $in: [...ids] } },
        {
          orderBy: { [orderField]: 'asc', id: 'asc' } as never,
        },
      )) as InstanceType<E>[];
      const byProject = new Map<string, InstanceType<E>[]>(ids.map((id) => [id, []]));
      for (const row of rows) byProject.get((row as { project: Project }).project.id)?.push(row);
      return ids.map((id) => byProject.get(id) ?? []);
    });
  return {
    project: new DataLoader(async (ids) => {
      const rows = await findProjectRows(em, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    progressReports: children(ProgressReport, 'period'),
    fundingRecords: children(FundingRecord, 'receivedOn'),
    obstacles: children(Obstacle, 'raisedOn'),
    supervisionRecords: children(SupervisionRecord, 'supervisedOn'),
    history: children(ProjectEvent, 'at'),
    latestReportPeriod: new DataLoader(async (ids) => {
      const rows = await em
        .getConnection()
        .execute<{ project: string; latest: string }[]>(
          `select project_id as project, max(period) as latest from progress_report where project_id in (${ids.map(() => '?').join(', ')}) group by project_id`,
          [...ids],
        );
      const byProject = new Map(rows.map((row) => [row.project, row.latest]));
      return ids.map((id) => byProject.get(id) ?? null);
    }),
  };
}
