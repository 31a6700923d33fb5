import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  FundingRecord,
  Obstacle,
  ProgressReport,
  Project,
  ProjectEvent,
  SupervisionRecord,
} from '../entities/index.js';
import { bulkInsert } from '../../../lib/db/bulk-insert.js';
import { countsOf, type DemoCounts, type DemoData } from './demo-rows.js';
import { generateDemoData, type GenerateDemoDataOptions } from './generate-demo-data.js';

export interface SeedDemoDataOptions extends GenerateDemoDataOptions {
  /** Projects (with their records) per transaction. Default 1000. */
  readonly batchSize?: number;
}

/** Splits the data into slices of `size` projects, each with the records of those projects. */
function* batches(data: DemoData, size: number): Generator<DemoData> {
  const byProject = <R extends { project: string }>(rows: R[]) => {
    const map = new Map<string, R[]>();
    for (const row of rows) {
      const list = map.get(row.project);
      if (list) list.push(row);
      else map.set(row.project, [row]);
    }
    return map;
  };
  const children = {
    fundingRecords: byProject(data.fundingRecords),
    progressReports: byProject(data.progressReports),
    obstacles: byProject(data.obstacles),
    supervisionRecords: byProject(data.supervisionRecords),
    events: byProject(data.events),
  };
  for (let start = 0; start < data.projects.length; start += size) {
    const projects = data.projects.slice(start, start + size);
    const pick = <R>(map: Map<string, R[]>) => projects.flatMap((p) => map.get(p.id) ?? []);
    yield {
      prefectureCode: data.prefectureCode,
      projects,
      fundingRecords: pick(children.fundingRecords),
      progressReports: pick(children.progressReports),
      obstacles: pick(children.obstacles),
      supervisionRecords: pick(children.supervisionRecords),
      events: pick(children.events),
    };
  }
}

/**
 * Generates the demo data of one prefecture and inserts it with bound multi-row INSERTs, one
 * transaction per batch of projects. Pass a fork (`orm.em.fork()`); the database should hold no
 * rows of this prefecture yet (ids would clash). Returns the rows inserted per table.
 */
export async function seedDemoData(em: EntityManager, options: SeedDemoDataOptions): Promise<DemoCounts> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be a positive whole number, got ${batchSize}`);
  const data = generateDemoData(options);
  for (const batch of batches(data, batchSize)) {
    // A fresh fork per batch keeps nothing from the previous one in memory.
    await em.fork().transactional(async (tx) => {
      await bulkInsert(tx, Project, batch.projects);
      await bulkInsert(tx, FundingRecord, batch.fundingRecords);
      await bulkInsert(tx, ProgressReport, batch.progressReports);
      await bulkInsert(tx, Obstacle, batch.obstacles);
      await bulkInsert(tx, SupervisionRecord, batch.supervisionRecords);
      await bulkInsert(tx, ProjectEvent, batch.events);
    });
  }
  if (em.getPlatform() instanceof PostgreSqlPlatform) {
    // After a bulk load PostgreSQL has no statistics (it guessed 1,390 rows for 10,028) and no
    // visibility map, so it planned projectStats as a sequential scan (10 ms) instead of an
    // index-only scan of its covering index (2.8 ms) until autovacuum came by.
    await em.getConnection().execute('vacuum analyze');
  }
  return countsOf(data);
}
