/**
 * Calendar arithmetic on ISO dates ('YYYY-MM-DD') in UTC, so the output never depends on the
 * machine's time zone.
 */
// The integer calendar itself is the hub's shared one (lib/dates.ts); these are the generator's extras.

import { addDays, shiftMonth } from '../../../lib/dates.js';

export { addDays, dateOfDay as isoOfDay, dayNumber, daysBetween, monthOf, shiftMonth } from '../../../lib/dates.js';

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
