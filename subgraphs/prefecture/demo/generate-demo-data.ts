import { findPrefecture } from '../../../schema/prefectures.js';
import { formatProjectId } from '../domain/project-id.js';
import { buildProject } from './build-project.js';
import { isIsoDate } from '../../../lib/calendar.js';
import { demoPlaceOf } from './demo-places.js';
import type { DemoData } from './demo-rows.js';
import { planBackgroundProject } from './plan-background.js';
import { planSeedCohorts } from './plan-cohorts.js';
import type { ProjectPlan } from './project-plan.js';
import { hashSeed, Rng } from './prng.js';
import { cohortAllocationOf } from './seed-cohorts.js';

/** The reply's publication date; any fixed number would do, this one is easy to recognise. */
const DEFAULT_DEMO_SEED = 20190618;
const DEFAULT_REFERENCE_DATE = '2026-10-31';
const DEFAULT_BACKGROUND_PROJECTS = 300;
/** The 2018 cohorts must fit before "today". */
const EARLIEST_REFERENCE_DATE = '2019-01-01';
const MAX_BACKGROUND_PROJECTS = 1_000_000;

export interface GenerateDemoDataOptions {
  /** The prefecture to generate for (GB/T 2260 code from schema/prefectures.json). */
  readonly prefectureCode: string;
  /** Background projects besides the seed's 2018 cohorts. Default 300. */
  readonly projects?: number;
  /** PRNG seed; the same seed always gives the same rows. Default {@link DEFAULT_DEMO_SEED}. */
  readonly seed?: number;
  /** "Today" of the demo ('YYYY-MM-DD'): no actual date lies after it. Default '2026-10-31'. */
  readonly referenceDate?: string;
}

function checkOptions(options: GenerateDemoDataOptions) {
  const prefecture = findPrefecture(options.prefectureCode);
  if (!prefecture) throw new Error(`${options.prefectureCode} is not a Yunnan prefecture code`);
  const projects = options.projects ?? DEFAULT_BACKGROUND_PROJECTS;
  if (!Number.isInteger(projects) || projects < 0 || projects > MAX_BACKGROUND_PROJECTS) {
    throw new Error(`projects must be a whole number from 0 to ${MAX_BACKGROUND_PROJECTS}, got ${projects}`);
  }
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (!isIsoDate(referenceDate) || referenceDate < EARLIEST_REFERENCE_DATE) {
    throw new Error(
      `referenceDate must be a date 'YYYY-MM-DD' on or after ${EARLIEST_REFERENCE_DATE}, got ${referenceDate}`,
    );
  }
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return { prefecture, projects, referenceDate, seed };
}

/**
 * Demo rows for one prefecture: its share of the seed's 2018 cohorts (exact, see seed-cohorts.ts)
 * plus `projects` background projects with funds, reports, obstacles and supervision. Pure and
 * deterministic: no clock, no Math.random, no database.
 */
export function generateDemoData(options: GenerateDemoDataOptions): DemoData {
  const { prefecture, projects, referenceDate, seed } = checkOptions(options);
  const setting = { prefecture, place: demoPlaceOf(prefecture.code, prefecture.nameZh), referenceDate };
  const prefectureSeed = hashSeed(seed, prefecture.code);
  // Separate streams: the cohort rows do not change when the background count does.
  const cohortRng = new Rng(hashSeed(prefectureSeed, 'seed-cohorts'));
  const backgroundRng = new Rng(hashSeed(prefectureSeed, 'background'));
  const plans: ProjectPlan[] = [
    ...planSeedCohorts(cohortRng, cohortAllocationOf(prefecture.code), referenceDate),
    ...Array.from({ length: projects }, () => planBackgroundProject(backgroundRng, referenceDate)),
  ];

  const data: DemoData = {
    prefectureCode: prefecture.code,
    projects: [],
    fundingRecords: [],
    progressReports: [],
    obstacles: [],
    supervisionRecords: [],
    events: [],
  };
  const sequences = new Map<number, number>();
  for (const plan of plans) {
    const sequence = (sequences.get(plan.cohortYear) ?? 0) + 1;
    sequences.set(plan.cohortYear, sequence);
    const id = formatProjectId(prefecture.code, plan.cohortYear, sequence);
    // Each project draws from its own stream, so one project's details never shift another's.
    buildProject(new Rng(hashSeed(prefectureSeed, id)), id, plan, setting, data);
  }
  return data;
}
