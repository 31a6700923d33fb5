import { describe, expect, it } from 'vitest';
import {
  firstOwedPeriod,
  latestClosedPeriod,
  missedCycles,
  reportDueOn,
  reportMissingFrom,
} from '../../../lib/metrics-rules/report-cycle.js';

describe('report cycle', () => {
  it("closes the previous month's cycle after its due day", () => {
    expect(latestClosedPeriod('2024-05-10', 10)).toBe('2024-03');
    expect(latestClosedPeriod('2024-05-11', 10)).toBe('2024-04');
    expect(latestClosedPeriod('2024-05-31', 10)).toBe('2024-04');
    expect(latestClosedPeriod('2024-01-10', 10)).toBe('2023-11');
    expect(latestClosedPeriod('2024-01-11', 10)).toBe('2023-12');
    expect(latestClosedPeriod('2024-03-01', 1)).toBe('2024-01');
    expect(latestClosedPeriod('2024-03-02', 1)).toBe('2024-02');
  });

  it('dates the deadline in the following month, across the year end', () => {
    expect(reportDueOn('2023-12', 10)).toBe('2024-01-10');
    expect(reportMissingFrom('2023-12', 10)).toBe('2024-01-11');
    expect(reportMissingFrom('2024-01', 28)).toBe('2024-02-29');
  });

  it('owes reports from the month after signing, or after creation (Shanghai date) without a signing date', () => {
    expect(firstOwedPeriod({ signedOn: '2024-01-31', createdAt: '2020-01-01T00:00:00Z' })).toBe('2024-02');
    expect(firstOwedPeriod({ signedOn: '2023-12-01', createdAt: '2020-01-01T00:00:00Z' })).toBe('2024-01');
    expect(firstOwedPeriod({ signedOn: null, createdAt: '2024-01-31T15:59:00Z' })).toBe('2024-02');
    expect(firstOwedPeriod({ signedOn: null, createdAt: '2024-01-31T16:00:00Z' })).toBe('2024-03');
  });

  it('counts missed cycles back from the newest closed one', () => {
    const project = { signedOn: '2023-06-15', createdAt: '2023-06-15T02:00:00Z' };
    expect(missedCycles({ ...project, latestReportPeriod: '2024-04' }, '2024-05-20', 10)).toEqual({
      count: 0,
      firstMissed: null,
      latestClosed: '2024-04',
    });
    expect(missedCycles({ ...project, latestReportPeriod: '2024-05' }, '2024-05-20', 10).count).toBe(0);
    expect(missedCycles({ ...project, latestReportPeriod: '2024-03' }, '2024-05-20', 10)).toEqual({
      count: 1,
      firstMissed: '2024-04',
      latestClosed: '2024-04',
    });
    expect(missedCycles({ ...project, latestReportPeriod: '2023-01' }, '2024-05-20', 10)).toEqual({
      count: 10,
      firstMissed: '2023-07',
      latestClosed: '2024-04',
    });
    expect(missedCycles({ ...project, latestReportPeriod: null }, '2024-05-20', 10)).toEqual({
      count: 10,
      firstMissed: '2023-07',
      latestClosed: '2024-04',
    });
    expect(missedCycles({ ...project, latestReportPeriod: null }, '2023-07-20', 10).count).toBe(0);
  });
});
