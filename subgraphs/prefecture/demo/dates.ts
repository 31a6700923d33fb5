/**
 * The demo generator's own date helpers, on ISO dates ('YYYY-MM-DD'); the calendar itself is the
 * hub's (lib/calendar.ts).
 */
import { addDays, shiftMonth } from '../../../lib/calendar.js';

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function lastDayOfMonth(month: string): string {
  return addDays(`${shiftMonth(month, 1)}-01`, -1);
}

/** An instant on that date at a given UTC hour (Yunnan office hours are UTC+8, so 01:00–09:00). */
export function instantOn(iso: string, hourUtc = 2, minute = 0): Date {
  return new Date(Date.UTC(yearOf(iso), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), hourUtc, minute));
}
