import { addDaysToIsoDate, isIsoDate, isoWeekday } from "./calendar-date";
import { instantAtWallClock, zonedDate } from "./time-zones";

// Delivery dates in the studio's working days and time zone.
//
// Rule: the day the files arrive does NOT count, whatever the hour. Work
// starts on the next working day, so a 1-day turnaround for files received on
// Monday (at 09:00 or at 23:59 studio time) is delivered on Tuesday, and files
// that arrive on Friday evening or at the weekend count from Monday.

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const DEFAULT_WORKDAYS: readonly number[] = [1, 2, 3, 4, 5];

export type WorkingCalendar = {
  timeZone: string;
  workdays: readonly number[];
  /** Studio closures ("YYYY-MM-DD"): skipped like weekends. */
  closedDates?: ReadonlySet<string>;
};

/** The studio's calendar date at an instant. */
export function studioDateOf(instantMs: number, timeZone: string): string {
  return zonedDate(instantMs, timeZone);
}

export function isWorkingDay(date: string, workdays: readonly number[], closedDates?: ReadonlySet<string>): boolean {
  return workdays.includes(isoWeekday(date)) && !closedDates?.has(date);
}

/**
 * The date `days` working days after `date` (`date` itself never counts;
 * 0 days gives `date` back).
 */
export function addWorkingDays(date: string, days: number, workdays: readonly number[], closedDates?: ReadonlySet<string>): string {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a whole number of days: ${days}`);
  if (!workdays.some((d) => Number.isInteger(d) && d >= 1 && d <= 7)) throw new RangeError("At least one working day (1..7) is needed");
  let current = date;
  let remaining = days;
  // Closures are finite, so this ends; the guard only protects against a calendar closed for years.
  for (let steps = 0; remaining > 0; steps++) {
    if (steps > 3660 + days * 7) throw new RangeError("No working day found within ten years");
    current = addDaysToIsoDate(current, 1);
    if (isWorkingDay(current, workdays, closedDates)) remaining--;
  }
  return current;
}

/** The studio date a project is due: `turnaroundDays` working days after the studio day the files arrived. */
export function deliveryDate(filesReceivedAtMs: number, turnaroundDays: number, calendar: WorkingCalendar): string {
  return addWorkingDays(studioDateOf(filesReceivedAtMs, calendar.timeZone), turnaroundDays, calendar.workdays, calendar.closedDates);
}

/** The studio's opening hours on a working day, in minutes after local midnight. */
export type StudioHours = { timeZone: string; dayStartMinutes: number; dayEndMinutes: number };

/**
 * The studio dates on which a closure covers the whole of the opening hours:
 * no work happens on them, so a turnaround skips them like a weekend. A
 * closure of a few hours (a studio session) leaves its day a working day.
 */
export function closedWorkingDates(closures: readonly { start: number; end: number }[], hours: StudioHours): Set<string> {
  const closed = new Set<string>();
  for (const closure of closures) {
    if (!(closure.end > closure.start)) continue;
    const last = zonedDate(closure.end - 1, hours.timeZone);
    // Closures are at most a year long (closureFormSchema); the bound only guards bad rows.
    let date = zonedDate(closure.start, hours.timeZone);
    for (let day = 0; date <= last && day < 400; day++, date = addDaysToIsoDate(date, 1)) {
      const opens = instantAtWallClock(date, hours.dayStartMinutes, hours.timeZone);
      const closes = instantAtWallClock(date, hours.dayEndMinutes, hours.timeZone);
      if (opens !== null && closes !== null && closure.start <= opens && closure.end >= closes) closed.add(date);
    }
  }
  return closed;
}
