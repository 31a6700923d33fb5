import type { EntityManager } from '@mikro-orm/knex';
import { DEFAULT_SCHEDULE } from '../../jobs/metrics-jobs.js';
import {
  DEFAULT_LANDING_DEFINITION,
  DEFAULT_STALL_THRESHOLDS,
  parseLandingDefinition,
  parseStallThresholds,
  type LandingDefinition,
  type StallThresholds,
} from '../../metrics-rules/index.js';
import { HubSetting } from '../entities/hub-setting.entity.js';

/** The nightly schedule as analysts set it. */
export interface MetricsSchedule {
  readonly pattern: string;
  readonly timezone: string;
  readonly paused: boolean;
}

const KEYS = {
  thresholds: 'stallThresholds',
  landing: 'landingDefinition',
  schedule: 'metricsSchedule',
  minimumInterval: 'minimumScheduleIntervalMinutes',
} as const;

/** Shortest time admins allow between two scheduled runs unless they set another: one hour. */
const DEFAULT_MINIMUM_SCHEDULE_INTERVAL_MINUTES = 60;

async function read(em: EntityManager, key: string): Promise<unknown> {
  const row = await em.findOne(HubSetting, { key });
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

async function write(em: EntityManager, key: string, value: unknown, updatedBy: string): Promise<void> {
  await em.upsert(HubSetting, { key, value: JSON.stringify(value), updatedBy, updatedAt: new Date() });
}

/** Stall thresholds in force: the stored overrides over the defaults (docs/domain.md, "Thresholds"). */
export async function loadStallThresholds(em: EntityManager): Promise<StallThresholds> {
  const stored = await read(em, KEYS.thresholds);
  return stored === undefined ? DEFAULT_STALL_THRESHOLDS : parseStallThresholds(stored);
}

export async function saveStallThresholds(
  em: EntityManager,
  thresholds: StallThresholds,
  updatedBy: string,
): Promise<void> {
  await write(em, KEYS.thresholds, thresholds, updatedBy);
}

export async function loadLandingDefinition(em: EntityManager): Promise<LandingDefinition> {
  const stored = await read(em, KEYS.landing);
  return stored === undefined ? DEFAULT_LANDING_DEFINITION : parseLandingDefinition(stored);
}

export async function saveLandingDefinition(
  em: EntityManager,
  landing: LandingDefinition,
  updatedBy: string,
): Promise<void> {
  await write(em, KEYS.landing, landing, updatedBy);
}

export async function loadSchedule(em: EntityManager): Promise<MetricsSchedule> {
  const stored = (await read(em, KEYS.schedule)) as MetricsSchedule | undefined;
  return stored ?? { ...DEFAULT_SCHEDULE, paused: false };
}

export async function saveSchedule(em: EntityManager, schedule: MetricsSchedule, updatedBy: string): Promise<void> {
  await write(em, KEYS.schedule, schedule, updatedBy);
}

/** Minutes that must separate two consecutive scheduled runs (what setMetricsSchedule enforces). */
export async function loadMinimumScheduleInterval(em: EntityManager): Promise<number> {
  const stored = await read(em, KEYS.minimumInterval);
  return typeof stored === 'number' ? stored : DEFAULT_MINIMUM_SCHEDULE_INTERVAL_MINUTES;
}

export async function saveMinimumScheduleInterval(
  em: EntityManager,
  minutes: number,
  updatedBy: string,
): Promise<void> {
  await write(em, KEYS.minimumInterval, minutes, updatedBy);
}
