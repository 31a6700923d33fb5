/**
 * Calendar arithmetic on ISO dates ('YYYY-MM-DD') in UTC, so the output never depends on the
 * machine's time zone.
 */
// Pure integer calendar (H. Hinnant's days_from_civil): parsing and formatting through Date
// objects was most of the generator's run time.

/** Days since 1970-01-01. */
export function dayNumber(iso: string): number {
  const m = Number(iso.slice(5, 7));
  const y = Number(iso.slice(0, 4)) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + Number(iso.slice(8, 10)) - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export function isoOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** 'YYYY-MM' of a date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The month `offset` months after 'YYYY-MM' (negative goes back). */
export function shiftMonth(month: string, offset: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function lastDayOfMonth(month: string): string {
  return addDays(`${shiftMonth(month, 1)}-01`, -1);
}

/** An instant on that date at a given UTC hour (Yunnan office hours are UTC+8, so 01:00–09:00). */
export function instantOn(iso: string, hourUtc = 2, minute = 0): Date {
  return new Date(Date.UTC(yearOf(iso), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), hourUtc, minute));
}
