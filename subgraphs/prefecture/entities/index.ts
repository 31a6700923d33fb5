import { IdempotencyRecord } from '../../../lib/db/idempotency-record.entity.js';
import { FundingRecord } from './funding-record.entity.js';
import { Obstacle } from './obstacle.entity.js';
import { ProgressReport } from './progress-report.entity.js';
import { ProjectEvent } from './project-event.entity.js';
import { Project } from './project.entity.js';
import { SupervisionRecord } from './supervision-record.entity.js';

export { FundingRecord, Obstacle, ProgressReport, ProjectEvent, Project, SupervisionRecord };

export const PREFECTURE_ENTITIES = [
  IdempotencyRecord,
  Project,
  ProgressReport,
  FundingRecord,
  Obstacle,
  SupervisionRecord,
  ProjectEvent,
];
