import { IdempotencyRecord } from '../../db/idempotency-record.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { HubSetting } from './hub-setting.entity.js';
import { MetricRunPrefecture } from './metric-run-prefecture.entity.js';
import { MetricRun } from './metric-run.entity.js';
import { MetricSnapshot } from './metric-snapshot.entity.js';
import { RegisteredPrefecture } from './registered-prefecture.entity.js';
import { StallFlagChange } from './stall-flag-change.entity.js';
import { StallFlagRecord } from './stall-flag.entity.js';

export {
  AuditEntry,
  MetricRun,
  MetricRunPrefecture,
  MetricSnapshot,
  RegisteredPrefecture,
  StallFlagChange,
  StallFlagRecord,
};

/** Every entity of the hub database. */
export const PROVINCE_ENTITIES = [
  RegisteredPrefecture,
  MetricRun,
  MetricRunPrefecture,
  MetricSnapshot,
  StallFlagRecord,
  StallFlagChange,
  HubSetting,
  AuditEntry,
  IdempotencyRecord,
];
