import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dateOfDay,
  dayNumber,
  daysBetween,
  InvalidDateError,
  isIsoDate,
  monthsBetween,
  shanghaiDateOf,
  shiftMonth,
} from '../../../lib/calendar.js';

describe('dates', () => {
  it('adds months clamping to the end of the target month', () => {
    expect(addMonths('2019-01-31', 1)).toBe('2019-02-28');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2024-01-31', 3)).toBe('2024-04-30');
    expect(addMonths('2023-01-31', 12)).toBe('2024-01-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2024-02-29', 1)).toBe('2024-03-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2019-12-15', 1)).toBe('2020-01-15');
    expect(addMonths('2020-01-15', -13)).toBe('2018-12-15');
    expect(addMonths('2024-06-15', 0)).toBe('2024-06-15');
  });

  it('adds days and counts days across month, leap-day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2024-06-20', '2024-06-10')).toBe(-10);
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dateOfDay(0)).toBe('1970-01-01');
  });

  it('agrees with Date.UTC for every day of four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(dateOfDay(day)).toBe(iso);
        expect(dayNumber(iso)).toBe(day);
      }),
    );
  });

  it('shifts and counts months across years', () => {
    expect(shiftMonth('2024-01', -1)).toBe('2023-12');
    expect(shiftMonth('2023-12', 1)).toBe('2024-01');
    expect(shiftMonth('2024-05', -17)).toBe('2022-12');
    expect(monthsBetween('2023-11', '2024-02')).toBe(3);
    expect(monthsBetween('2024-02', '2023-11')).toBe(-3);
  });

  it('refuses malformed and impossible dates', () => {
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-01',
      '20240101',
      '',
      '2024-01-01T00:00:00Z',
    ]) {
      expect(() => dayNumber(bad), bad).toThrow(InvalidDateError);
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(() => addMonths('2023-02-30', 1)).toThrow(/2023-02-30/);
    expect(() => shiftMonth('2024-13', 1)).toThrow(InvalidDateError);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('reads a timestamp as its Asia/Shanghai date (UTC+8, no DST)', () => {
    expect(shanghaiDateOf('2024-03-01T15:59:59.999Z')).toBe('2024-03-01');
    expect(shanghaiDateOf('2024-03-01T16:00:00Z')).toBe('2024-03-02');
    expect(shanghaiDateOf('2024-07-01T16:00:00Z')).toBe('2024-07-02');
    expect(shanghaiDateOf('2024-03-01T23:30:00+08:00')).toBe('2024-03-01');
    expect(shanghaiDateOf('2023-12-31T16:30:00Z')).toBe('2024-01-01');
  });

  it('refuses a timestamp without a zone rather than guess the machine time zone', () => {
    expect(() => shanghaiDateOf('2024-03-01T10:00:00')).toThrow(InvalidDateError);
    expect(() => shanghaiDateOf('2024-03-01')).toThrow(InvalidDateError);
    expect(() => shanghaiDateOf('yesterday')).toThrow(/yesterday/);
  });
});
