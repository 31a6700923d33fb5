/** The hub's time zone: every "today" of Yunnan's projects is a date in it (UTC+8, no DST). */
export const HUB_TIME_ZONE = 'Asia/Shanghai';

/** Today's date in a time zone, YYYY-MM-DD. */
export function todayIn(timezone: string = HUB_TIME_ZONE, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
