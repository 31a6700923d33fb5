import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STALL_THRESHOLDS,
  parseStallThresholds,
  StallThresholdsError,
  stallThresholdsSchema,
} from '../../../lib/metrics-rules/stall-thresholds.js';

function errorOf(input: unknown): StallThresholdsError {
  try {
    parseStallThresholds(input);
  } catch (error) {
    if (error instanceof StallThresholdsError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('stall thresholds', () => {
  it('defaults to the thresholds of docs/domain.md, "Thresholds"', () => {
    expect(DEFAULT_STALL_THRESHOLDS).toEqual({
      startOverdue: { enabled: true, yellowAfterMonths: 1, redAfterMonths: 3 },
      registrationOverdue: { enabled: true, graceDays: 30 },
      lowFunds: { enabled: true, afterMonths: 12, minPercent: 25 },
      missingReport: { enabled: true, dueDay: 10, yellowMissedCycles: 1, redMissedCycles: 2 },
      obstacleOpen: { enabled: true, yellowAfterDays: 60, redAfterDays: 120 },
      noStageChange: { enabled: true, afterDays: 180 },
    });
    expect(parseStallThresholds()).toEqual(DEFAULT_STALL_THRESHOLDS);
  });

  it('overrides one setting and keeps the other defaults', () => {
    const thresholds = parseStallThresholds({ obstacleOpen: { redAfterDays: 90 }, missingReport: { dueDay: 5 } });
    expect(thresholds.obstacleOpen).toEqual({ enabled: true, yellowAfterDays: 60, redAfterDays: 90 });
    expect(thresholds.missingReport.dueDay).toBe(5);
    expect(thresholds.startOverdue).toEqual(DEFAULT_STALL_THRESHOLDS.startOverdue);
  });

  it('is frozen, so a rule cannot be retuned behind the parser', () => {
    const thresholds = parseStallThresholds({});
    expect(Object.isFrozen(thresholds)).toBe(true);
    expect(Object.isFrozen(thresholds.lowFunds)).toBe(true);
  });

  it.each([
    [
      { startOverdue: { yellowAfterMonths: -1 } },
      'startOverdue.yellowAfterMonths: Number must be greater than or equal to 0',
    ],
    [{ startOverdue: { yellowAfterMonths: 1.5 } }, 'startOverdue.yellowAfterMonths: Expected integer, received float'],
    [
      { startOverdue: { redAfterMonths: 1 } },
      'startOverdue.redAfterMonths: must be greater than yellowAfterMonths (1), got 1',
    ],
    [{ registrationOverdue: { graceDays: '30' } }, 'registrationOverdue.graceDays: Expected number, received string'],
    [{ lowFunds: { minPercent: 0 } }, 'lowFunds.minPercent: Number must be greater than 0'],
    [{ lowFunds: { minPercent: 101 } }, 'lowFunds.minPercent: Number must be less than or equal to 100'],
    [{ lowFunds: { minPercent: 12.345 } }, 'lowFunds.minPercent: must have at most two decimals'],
    [
      { missingReport: { dueDay: 31 } },
      'missingReport.dueDay: must be at most 28, so that every month has the due day',
    ],
    [{ missingReport: { dueDay: 0 } }, 'missingReport.dueDay: Number must be greater than or equal to 1'],
    [
      { missingReport: { yellowMissedCycles: 2, redMissedCycles: 2 } },
      'missingReport.redMissedCycles: must be greater than yellowMissedCycles (2), got 2',
    ],
    [
      { obstacleOpen: { yellowAfterDays: 130 } },
      'obstacleOpen.redAfterDays: must be greater than yellowAfterDays (130), got 120',
    ],
    [{ noStageChange: { afterDays: null } }, 'noStageChange.afterDays: Expected number, received null'],
    [{ noStageChange: { enabled: 'no' } }, 'noStageChange.enabled: Expected boolean, received string'],
    [{ obstacleOpen: { yelowAfterDays: 30 } }, 'obstacleOpen.yelowAfterDays: unknown setting'],
    [{ stalls: {} }, 'stalls: unknown setting'],
    [{ lowFunds: null }, 'lowFunds: Expected object, received null'],
    ['strict', '(thresholds): Expected object, received string'],
  ])('rejects %j naming the setting', (input, message) => {
    const error = errorOf(input);
    expect(error.message).toBe(`Invalid stall thresholds: ${message}`);
    expect(error.issues).toHaveLength(1);
  });

  it('reports every bad setting at once', () => {
    const error = errorOf({ startOverdue: { yellowAfterMonths: -1 }, noStageChange: { afterDays: -5 } });
    expect(error.issues.map((issue) => issue.setting)).toEqual([
      'startOverdue.yellowAfterMonths',
      'noStageChange.afterDays',
    ]);
  });

  it('exposes the zod schema for composing into a process config', () => {
    expect(stallThresholdsSchema.parse({ noStageChange: { afterDays: 90 } }).noStageChange.afterDays).toBe(90);
  });
});
