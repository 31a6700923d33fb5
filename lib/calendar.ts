/**
 * The hub's calendar: its time zone, "today" in it, and arithmetic on local dates ('YYYY-MM-DD')
 * and months ('YYYY-MM') as UTC calendar days (integer day numbers, no Date objects), so no result
 * depends on the machine's time zone. Asia/Shanghai has no DST and the as-of date is already the
 * local date, so a local date is just a calendar day here; only timestamps need converting
 * (shanghaiDateOf).
 */

/** The hub's time zone: every "today" of Yunnan's projects is a date in it (UTC+8, no DST). */
export const HUB_TIME_ZONE = 'Asia/Shanghai';

/** Today's date in a time zone, YYYY-MM-DD. */
export function todayIn(timezone: string = HUB_TIME_ZONE, now = new Date()): string {
  return dateFormatIn(timezone).format(now);
}

/**
 * One formatter per time zone, made once: building an Intl.DateTimeFormat costs about 0.3 ms, which
 * every check of a date against today paid (a 1000-row ledger import checks each row).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormatIn(timezone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timezone);
  if (!format) {
    const parts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, ...parts });
    dateFormats.set(timezone, format);
  }
  return format;
}

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A calendar month, 'YYYY-MM' (the period of a monthly progress report). */
export type IsoMonth = string;

/** Asia/Shanghai is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
// RFC 3339 with an explicit zone: without one, Date would read the machine's local time.
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Thrown for a date, month or timestamp that is malformed or does not exist. */
export class InvalidDateError extends RangeError {}

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD'; throws InvalidDateError otherwise. */
export function dayNumber(date: IsoDate): number {
  const year = parseDate(date);
  return daysFromCivil(year, monthPart(date), dayPart(date));
}

/** The date `day` days after 1970-01-01. */
export function dateOfDay(day: number): IsoDate {
  // Inverse of daysFromCivil (H. Hinnant's civil_from_days).
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate(year, month, dayOfMonth);
}

/** A real calendar date 'YYYY-MM-DD' (2012-02-30 is not): the hub's one date check. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDay(dayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The same day `months` months later (negative goes back), clamped to the end of the target
 * month: Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year), Feb 29 + 12 months is Feb 28.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const index = parseDate(date) * 12 + monthPart(date) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatDate(year, month, Math.min(dayPart(date), daysInMonth(year, month)));
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: IsoDate): IsoMonth {
  parseDate(date);
  return date.slice(0, 7);
}

/** The month `months` months after 'YYYY-MM' (negative goes back). */
export function shiftMonth(month: IsoMonth, months: number): IsoMonth {
  const index = monthIndex(month) + months;
  const year = Math.floor(index / 12);
  return `${pad(year, 4)}-${pad(index - year * 12 + 1, 2)}`;
}

/** Whole months from `from` to `to` ('YYYY-MM'): positive when `to` is later. */
export function monthsBetween(from: IsoMonth, to: IsoMonth): number {
  return monthIndex(to) - monthIndex(from);
}

/** Day `day` of a month ('YYYY-MM'), which must exist in that month. */
export function dayOfMonth(month: IsoMonth, day: number): IsoDate {
  const date = `${month}-${pad(day, 2)}`;
  parseDate(date);
  return date;
}

/** The local date in Asia/Shanghai of an RFC 3339 timestamp that names its zone ('Z' or ±hh:mm). */
export function shanghaiDateOf(timestamp: string): IsoDate {
  const millis = TIMESTAMP_PATTERN.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new InvalidDateError(`Invalid timestamp ${JSON.stringify(timestamp)}: expected RFC 3339 with a zone`);
  }
  return dateOfDay(Math.floor((millis + SHANGHAI_OFFSET_MS) / DAY_MS));
}

// Parsing by character codes rather than a regex and Date: the nightly run does a dozen of these
// per project.

/** Validates 'YYYY-MM-DD' and returns its year; monthPart/dayPart are then safe to read. */
function parseDate(date: string): number {
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const year = digits(date, 0, 4);
    const month = digits(date, 5, 7);
    const day = digits(date, 8, 10);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return year;
  }
  throw new InvalidDateError(`Invalid date ${JSON.stringify(date)}: expected an existing YYYY-MM-DD`);
}

const monthPart = (date: string) => digits(date, 5, 7);
const dayPart = (date: string) => digits(date, 8, 10);

/** year × 12 + month − 1 of a valid 'YYYY-MM'. */
function monthIndex(month: IsoMonth): number {
  if (month.length === 7 && month.charCodeAt(4) === 45) {
    const year = digits(month, 0, 4);
    const monthNumber = digits(month, 5, 7);
    if (year >= 0 && monthNumber >= 1 && monthNumber <= 12) return year * 12 + monthNumber - 1;
  }
  throw new InvalidDateError(`Invalid month ${JSON.stringify(month)}: expected YYYY-MM`);
}

/** The decimal number in text[start, end), or -1 unless it is all ASCII digits. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function formatDate(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Proleptic Gregorian calendar in integers (H. Hinnant's days_from_civil): unlike Date.UTC it
// has no two-digit-year quirk and no time-of-day to get wrong.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
