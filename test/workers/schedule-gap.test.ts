import { describe, expect, it } from 'vitest';
import { describeGap, shortestGapMs } from '../../subgraphs/province/services/schedule-gap.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const from = new Date('2026-11-26T00:00:00Z');

describe('the shortest gap between a cron pattern’s fires', () => {
  it('finds a short gap that comes once a day, not only the first one', () => {
    // First gap from midnight UTC (08:00 Shanghai) is 16 h; the 1 h one comes at 00:00–01:00 Shanghai.
    expect(shortestGapMs('0 0,1 * * *', 'Asia/Shanghai', from)).toBe(HOUR);
    expect(shortestGapMs('0 2 * * *', 'Asia/Shanghai', from)).toBe(24 * HOUR);
    expect(shortestGapMs('* * * * * *', 'UTC', from)).toBe(1_000);
    expect(shortestGapMs('*/10 * * * *', 'UTC', from)).toBe(10 * MINUTE);
  });

  it('finds gaps bound to months and weekdays within a year', () => {
    // Only in June: every 20 minutes between 03:00 and 03:40, once a day otherwise never.
    expect(shortestGapMs('0,20,40 3 * 6 *', 'UTC', from)).toBe(20 * MINUTE);
    // Monday and Tuesday only: a day apart.
    expect(shortestGapMs('0 2 * * 1,2', 'UTC', from)).toBe(24 * HOUR);
  });

  it('measures real elapsed time across a daylight-saving change', () => {
    // 2027-03-14 in New York: 01:30 EST then 03:30 EDT are one hour apart, not two.
    expect(shortestGapMs('30 1,3 14 3 *', 'America/New_York', from)).toBe(HOUR);
  });

  it('compares at least two fires however far apart', () => {
    const fourYears = Date.parse('2032-02-29T00:00:00Z') - Date.parse('2028-02-29T00:00:00Z');
    expect(shortestGapMs('0 0 29 2 *', 'UTC', from)).toBe(fourYears);
  });

  it('says a gap as people read it', () => {
    const gaps = [1_000, 90_000, 30 * MINUTE, 90 * MINUTE, 24 * HOUR, 50 * HOUR];
    expect(gaps.map(describeGap)).toEqual(['1 s', '1 min 30 s', '30 min', '1 h 30 min', '24 h', '2 d 2 h']);
  });
});
