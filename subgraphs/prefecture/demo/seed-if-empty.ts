import type { MikroORM } from '@mikro-orm/core';
import { Project } from '../entities/index.js';
import { seedDemoData } from './seed-demo-data.js';

/**
 * For DEMO_DATA=auto: fills a database that holds no project at all with the default demo data
 * of the prefecture. Returns the projects inserted, 0 when the database already had data.
 */
export async function seedDemoDataIfEmpty(orm: MikroORM, prefectureCode: string): Promise<number> {
  const em = orm.em.fork();
  if ((await em.count(Project, {})) > 0) return 0;
  const counts = await seedDemoData(em, { prefectureCode });
  return counts.projects;
}
