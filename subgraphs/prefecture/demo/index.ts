/** Deterministic demo data for a prefecture subgraph: generate rows, seed them, clear them. */
export { deletePrefectureRows } from './delete-prefecture-rows.js';
export type {
  DemoCounts,
  DemoData,
  DemoEventRow,
  DemoFundingRow,
  DemoObstacleRow,
  DemoProgressRow,
  DemoProjectRow,
  DemoSupervisionRow,
} from './demo-rows.js';
export { MAX_AGREED_INVESTMENT, MIN_AGREED_INVESTMENT } from './draw-money.js';
export {
  DEFAULT_BACKGROUND_PROJECTS,
  DEFAULT_DEMO_SEED,
  DEFAULT_REFERENCE_DATE,
  generateDemoData,
  type GenerateDemoDataOptions,
} from './generate-demo-data.js';
export { seedDemoData, type SeedDemoDataOptions } from './seed-demo-data.js';
export { seedDemoDataIfEmpty } from './seed-if-empty.js';
export {
  cohortAllocationOf,
  seedCohortAllocation,
  SEED_2018_MAJOR_EVENT_STAGES,
  SEED_2018_MAJOR_PROJECT_FUNDS,
  SEED_2018_MAJOR_PROJECT_STAGES,
  type CohortAllocation,
} from './seed-cohorts.js';
