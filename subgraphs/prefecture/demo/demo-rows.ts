import type {
  FundingRecord,
  Obstacle,
  ProgressReport,
  Project,
  ProjectEvent,
  SupervisionRecord,
} from '../entities/index.js';

/**
 * Plain rows shaped like the entities (property names, not column names), ready for
 * `em.insertMany`. Every column is present, optional ones as null, so a row type breaks the build
 * when an entity gains a column the generator does not fill.
 */
type Row<E> = { [K in keyof E]-?: Exclude<E[K], undefined> };

/** Child rows carry no id (the database assigns it) and point at their project by id. */
type ChildRow<E> = Omit<Row<E>, 'id' | 'project'> & { project: string };

type DemoProjectRow = Row<Project>;
export type DemoFundingRow = ChildRow<FundingRecord>;
export type DemoProgressRow = ChildRow<ProgressReport>;
export type DemoObstacleRow = ChildRow<Obstacle>;
export type DemoSupervisionRow = ChildRow<SupervisionRecord>;
type DemoEventRow = ChildRow<ProjectEvent>;

/** Everything generated for one prefecture. */
export interface DemoData {
  readonly prefectureCode: string;
  readonly projects: DemoProjectRow[];
  readonly fundingRecords: DemoFundingRow[];
  readonly progressReports: DemoProgressRow[];
  readonly obstacles: DemoObstacleRow[];
  readonly supervisionRecords: DemoSupervisionRow[];
  readonly events: DemoEventRow[];
}

/** Rows per table, as seeding reports them. */
export interface DemoCounts {
  projects: number;
  fundingRecords: number;
  progressReports: number;
  obstacles: number;
  supervisionRecords: number;
  events: number;
}

export function countsOf(data: DemoData): DemoCounts {
  return {
    projects: data.projects.length,
    fundingRecords: data.fundingRecords.length,
    progressReports: data.progressReports.length,
    obstacles: data.obstacles.length,
    supervisionRecords: data.supervisionRecords.length,
    events: data.events.length,
  };
}
