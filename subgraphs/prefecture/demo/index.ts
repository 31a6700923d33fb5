/** Deterministic demo data for a prefecture subgraph: generate rows, seed them, clear them. */
export { deletePrefectureRows } from './delete-prefecture-rows.js';
export type { DemoData } from './demo-rows.js';
export { MAX_AGREED_INVESTMENT, MIN_AGREED_INVESTMENT } from './draw-money.js';
export { generateDemoData } from './generate-demo-data.js';
export { seedDemoData } from './seed-demo-data.js';
export { cohortAllocationOf, seedCohortAllocation, SEED_2018_MAJOR_PROJECT_FUNDS } from './seed-cohorts.js';
