// Calendar dates as "YYYY-MM-DD" strings. They name a day on a wall calendar,
// not an instant, so no time zone is involved; the arithmetic runs on UTC
// midnights only because UTC has no DST to skew day lengths.

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export const SHORT_WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export function isIsoDate(s: string): boolean {
  const match = typeof s === "string" ? ISO_DATE_PATTERN.exec(s) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function addDaysToIsoDate(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return isoDateFromUtcMs(utcMidnightOf(date) + days * MS_PER_DAY);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const sundayIsZero = new Date(utcMidnightOf(date)).getUTCDay();
  return sundayIsZero === 0 ? 7 : sundayIsZero;
}

export function shortWeekdayName(date: string): string {
  return SHORT_WEEKDAY_NAMES[isoWeekday(date) - 1];
}

/** Inclusive list of dates; empty when `last` is before `first`. */
export function isoDatesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let date = first; date <= last; date = addDaysToIsoDate(date, 1)) dates.push(date);
  return dates;
}

/**
 * Epoch ms of the date's midnight read as if it were UTC. Zone code adds a
 * wall-clock time to this and then corrects by the zone's offset.
 */
export function utcMidnightOf(date: string): number {
  const match = ISO_DATE_PATTERN.exec(date);
  if (!match || !isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD calendar date: ${date}`);
  return utcMsFromFields(Number(match[1]), Number(match[2]), Number(match[3]));
}

// Slot lists turn thousands of instants into dates per request; the dates of
// a few thousand days are remembered (a day's string never changes).
const datesByUtcDay = new Map<number, string>();
const MAX_REMEMBERED_DATES = 5_000;

export function isoDateFromUtcMs(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  let date = datesByUtcDay.get(day);
  if (date === undefined) {
    date = formatUtcDate(ms);
    if (datesByUtcDay.size >= MAX_REMEMBERED_DATES) datesByUtcDay.clear();
    datesByUtcDay.set(day, date);
  }
  return date;
}

function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`Date outside years 0000-9999: ${ms}`);
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Like Date.UTC, but without Date.UTC's mapping of years 0-99 onto 1900-1999. */
export function utcMsFromFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMsFromFields(year, month + 1, 0)).getUTCDate();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
