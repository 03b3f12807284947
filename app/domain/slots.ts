import { addDaysToIsoDate, isIsoDate, isoDatesBetween, isoWeekday, shortWeekdayName } from "./calendar-date";
import { DEFAULT_LOCALE, localeFormat, type LocaleFormat } from "./locale";
import { instantAtWallClock, isValidTimeZone, wallClockAt, zonedDate } from "./time-zones";

export type BookingRules = {
  studioTimeZone: string;
  slotMinutes: number;
  /** Minutes after studio-local midnight of the first slot start. */
  dayStartMinutes: number;
  /** Minutes after studio-local midnight by which the last slot must end. */
  dayEndMinutes: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the studio's zone. */
  workdays: readonly number[];
  minNoticeMinutes: number;
  /** Slots starting later than now + horizonDays × 24 h are not offered. */
  horizonDays: number;
};

export const DEFAULT_BOOKING_RULES: BookingRules = {
  studioTimeZone: "Europe/London",
  slotMinutes: 15,
  dayStartMinutes: 10 * 60,
  dayEndMinutes: 19 * 60,
  workdays: [1, 2, 3, 4, 5],
  minNoticeMinutes: 120,
  horizonDays: 30,
};

/** Epoch ms, half-open [start, end). */
export type Interval = { start: number; end: number };

// Listed in the order a single slot is checked: the first that applies is its reason.
const SLOT_CHECK_ORDER = ["past", "too_soon", "beyond_horizon", "closed", "studio_busy", "fully_booked"] as const;
type SlotReason = (typeof SLOT_CHECK_ORDER)[number];

/**
 * Why a day or slot has nothing to offer. "weekend" means no working hours
 * fall on it; the others are per slot, in the order they are checked.
 */
export type UnavailableReason = "weekend" | SlotReason;

export type Slot = {
  /** ISO 8601 UTC instant. */
  startsAt: string;
  endsAt: string;
  /** The time in the client's zone, in the client's locale: "15:15" (en-GB), "3:15 PM" (en-US). */
  label: string;
  /** The same in the studio's zone. */
  studioLabel: string;
  /**
   * Date and time in the client's zone and locale, for a slot shown outside
   * its day (the next free time, the nearest free ones); absent in a day's list.
   */
  when?: string;
};

export type DayAvailability = {
  /** "YYYY-MM-DD" in the client's zone: slots are grouped by the date the client sees. */
  date: string;
  /** English short name of that date's weekday, e.g. "Mon". */
  weekday: string;
  /** The date as a heading in the client's locale: "Mon 7 Dec" (en-GB), "Mo., 7. Dez." (de-DE). */
  label: string;
  slots: Slot[];
  reason: UnavailableReason | null;
};

export type AvailabilityInput = {
  rules: BookingRules;
  now: number;
  clientTimeZone: string;
  /** First client-local date to list. */
  from: string;
  days: number;
  bookings: readonly Interval[];
  busy: readonly Interval[];
  closures: readonly Interval[];
  /** BCP 47 locale the labels are in (default en-GB: "15:15", "Tue 1 Dec"). */
  locale?: string;
};

export type SlotCheck = { ok: true; slot: Interval } | { ok: false; reason: "not_offered" | UnavailableReason };

const MS_PER_MINUTE = 60 * 1000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const MAX_DAYS_PER_REQUEST = 62;
// About the year 2286. A start time from a request beyond it is garbage, and
// turning it into calendar dates would fail outright.
const FURTHEST_PLAUSIBLE_INSTANT = 1e13;
// Studio and client clocks are under 48 h apart, so one instant's dates in the
// two zones differ by at most two days.
const DATE_MARGIN_DAYS = 2;

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && a.end > b.start;
}

export function candidateSlotsForStudioDate(rules: BookingRules, studioDate: string): Interval[] {
  assertValidRules(rules);
  return gridSlots(rules, studioDate).map(({ start, end }) => ({ start, end }));
}

export function listAvailability(input: AvailabilityInput): { days: DayAvailability[]; nextAvailable: Slot | null } {
  const { clientTimeZone, from, days: dayCount } = input;
  if (!isValidTimeZone(clientTimeZone)) throw new RangeError(`Unknown client time zone: ${clientTimeZone}`);
  if (!isIsoDate(from)) throw new RangeError(`from must be a YYYY-MM-DD date: ${from}`);
  if (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > MAX_DAYS_PER_REQUEST) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_DAYS_PER_REQUEST}: ${dayCount}`);
  }
  const policy = slotPolicy(input);
  const format = localeFormat(input.locale ?? DEFAULT_LOCALE);
  const last = addDaysToIsoDate(from, dayCount - 1);

  const byClientDate = new Map<string, { free: GridSlot[]; reasonCounts: Map<SlotReason, number> }>();
  for (const date of isoDatesBetween(from, last)) byClientDate.set(date, { free: [], reasonCounts: new Map() });
  for (const studioDate of isoDatesBetween(addDaysToIsoDate(from, -DATE_MARGIN_DAYS), addDaysToIsoDate(last, DATE_MARGIN_DAYS))) {
    for (const slot of policy.gridSlots(studioDate)) {
      const day = byClientDate.get(zonedDate(slot.start, clientTimeZone));
      if (!day) continue;
      const reason = policy.reasonUnavailable(slot);
      if (reason === null) day.free.push(slot);
      else day.reasonCounts.set(reason, (day.reasonCounts.get(reason) ?? 0) + 1);
    }
  }

  const days = [...byClientDate].map(([date, { free, reasonCounts }]): DayAvailability => ({
    date,
    weekday: shortWeekdayName(date),
    label: format.dayHeading(date),
    slots: free.map((slot) => policy.toSlot(slot, clientTimeZone, format)),
    reason: free.length > 0 ? null : prevailingReason(reasonCounts),
  }));
  const firstListed = days.find((day) => day.slots.length > 0)?.slots[0];
  const next = firstListed ?? firstFreeSlotFrom(policy, from, clientTimeZone, format);
  return { days, nextAvailable: next && withWhen(next, clientTimeZone, format) };
}

export function checkSlot(input: {
  rules: BookingRules;
  now: number;
  startsAt: number;
  bookings: readonly Interval[];
  busy: readonly Interval[];
  closures: readonly Interval[];
}): SlotCheck {
  const { rules, startsAt } = input;
  const policy = slotPolicy(input);
  if (!(Math.abs(startsAt) < FURTHEST_PLAUSIBLE_INSTANT)) return { ok: false, reason: "not_offered" };
  const { date, minutesOfDay } = wallClockAt(startsAt, rules.studioTimeZone);
  if (!rules.workdays.includes(isoWeekday(date))) return { ok: false, reason: "weekend" };
  const stepsAfterOpening = (minutesOfDay - rules.dayStartMinutes) / rules.slotMinutes;
  const onGrid =
    Number.isInteger(stepsAfterOpening) &&
    stepsAfterOpening >= 0 &&
    minutesOfDay + rules.slotMinutes <= rules.dayEndMinutes &&
    // Also rules out seconds past the minute and the second pass through a repeated hour.
    instantAtWallClock(date, minutesOfDay, rules.studioTimeZone) === startsAt;
  if (!onGrid) return { ok: false, reason: "not_offered" };
  const slot = { start: startsAt, end: startsAt + rules.slotMinutes * MS_PER_MINUTE };
  const reason = policy.reasonUnavailable(slot);
  return reason === null ? { ok: true, slot } : { ok: false, reason };
}

/** Alternatives to offer when the slot someone wanted is gone. */
export function nearestFreeSlots(input: Omit<AvailabilityInput, "from" | "days"> & { around: number; count: number }): Slot[] {
  const { rules, now, around, count, clientTimeZone } = input;
  if (!isValidTimeZone(clientTimeZone)) throw new RangeError(`Unknown client time zone: ${clientTimeZone}`);
  const policy = slotPolicy(input);
  const { earliestStart, latestStart } = policy;
  if (!(count > 0) || Number.isNaN(around) || earliestStart > latestStart) return [];

  // Every candidate lies inside the bookable window, so pulling a far-off
  // `around` to its edge keeps the order of distances and keeps dates sane.
  const target = Math.min(Math.max(around, earliestStart), latestStart);
  const firstDate = zonedDate(earliestStart, rules.studioTimeZone);
  const lastDate = zonedDate(latestStart, rules.studioTimeZone);
  const centre = zonedDate(target, rules.studioTimeZone);
  const distance = (slot: GridSlot) => Math.abs(slot.start - target);
  const nearerFirst = (a: GridSlot, b: GridSlot) => distance(a) - distance(b) || a.start - b.start;

  let found: GridSlot[] = [];
  // Search outwards a day at a time. A slot k days from the centre date is at
  // least k-1 days (less a DST shift) from `around`, which bounds the search.
  for (let k = 0; ; k++) {
    const dates = (k === 0 ? [centre] : [addDaysToIsoDate(centre, -k), addDaysToIsoDate(centre, k)]).filter(
      (date) => date >= firstDate && date <= lastDate,
    );
    if (dates.length === 0) break;
    if (found.length >= count && distance(found[count - 1]) < (k - 1) * MS_PER_DAY - 3 * MS_PER_HOUR) break;
    for (const date of dates) found.push(...policy.gridSlots(date).filter((slot) => policy.reasonUnavailable(slot) === null));
    found = found.sort(nearerFirst).slice(0, count);
  }
  const format = localeFormat(input.locale ?? DEFAULT_LOCALE);
  return found.sort((a, b) => a.start - b.start).map((slot) => withWhen(policy.toSlot(slot, clientTimeZone, format), clientTimeZone, format));
}

/**
 * Until when (exclusive) a listing worked out at `now` stays right as time
 * passes, the bookings, busy time and closures unchanged: time alone changes a
 * listing only when a grid slot starts (past), comes within the notice
 * (too_soon) or comes within the horizon. Before the first of those, every
 * slot's reason is what it was at `now`. Infinity when no date has a slot.
 */
export function listingStableUntil(rules: BookingRules, now: number): number {
  assertValidRules(rules);
  if (!Number.isFinite(now)) throw new RangeError(`now must be epoch milliseconds: ${now}`);
  const thresholds = [0, rules.minNoticeMinutes * MS_PER_MINUTE, rules.horizonDays * MS_PER_DAY];
  return Math.min(...thresholds.map((offset) => firstGridStartFrom(rules, now + offset) - offset));
}

// The earliest grid slot start at or after `instant` (at: a listing at exactly
// a start may differ from one a millisecond later, so it is not stable there).
function firstGridStartFrom(rules: BookingRules, instant: number): number {
  const firstDate = addDaysToIsoDate(zonedDate(instant, rules.studioTimeZone), -1);
  // Any week holds every workday; a grid that is empty for eight dates is always empty.
  for (let k = 0; k <= 8; k++) {
    for (const slot of gridSlots(rules, addDaysToIsoDate(firstDate, k))) if (slot.start >= instant) return slot.start;
  }
  return Infinity;
}

function withWhen(slot: Slot, clientTimeZone: string, format: LocaleFormat): Slot {
  return { ...slot, when: format.dateTime(Date.parse(slot.startsAt), clientTimeZone) };
}

type GridSlot = Interval & { studioMinutesOfDay: number; startsAt: string; endsAt: string };

// A studio date's grid depends only on the rules, so it is built once per
// isolate and rules (each page lists a dozen dates, each of 36 slots).
const gridsByRulesAndDate = new Map<string, GridSlot[]>();
const MAX_REMEMBERED_GRIDS = 2_000;

function gridSlots(rules: BookingRules, studioDate: string): GridSlot[] {
  const key = `${rules.studioTimeZone}|${rules.slotMinutes}|${rules.dayStartMinutes}|${rules.dayEndMinutes}|${rules.workdays.join(",")}|${studioDate}`;
  let slots = gridsByRulesAndDate.get(key);
  if (!slots) {
    if (gridsByRulesAndDate.size >= MAX_REMEMBERED_GRIDS) gridsByRulesAndDate.clear();
    gridsByRulesAndDate.set(key, (slots = buildGridSlots(rules, studioDate)));
  }
  return slots;
}

function buildGridSlots(rules: BookingRules, studioDate: string): GridSlot[] {
  if (!rules.workdays.includes(isoWeekday(studioDate))) return [];
  const slots: GridSlot[] = [];
  for (let minutes = rules.dayStartMinutes; minutes + rules.slotMinutes <= rules.dayEndMinutes; minutes += rules.slotMinutes) {
    const start = instantAtWallClock(studioDate, minutes, rules.studioTimeZone);
    // Wall times that DST skips are not offered; the guard keeps starts unique and ascending.
    if (start === null || (slots.length > 0 && start <= slots[slots.length - 1].start)) continue;
    const end = start + rules.slotMinutes * MS_PER_MINUTE;
    slots.push({ start, end, studioMinutesOfDay: minutes, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });
  }
  return slots;
}

type SlotPolicy = ReturnType<typeof slotPolicy>;

function slotPolicy(input: {
  rules: BookingRules;
  now: number;
  bookings: readonly Interval[];
  busy: readonly Interval[];
  closures: readonly Interval[];
}) {
  const { rules, now } = input;
  assertValidRules(rules);
  if (!Number.isFinite(now)) throw new RangeError(`now must be epoch milliseconds: ${now}`);
  const earliestStart = now + rules.minNoticeMinutes * MS_PER_MINUTE;
  const latestStart = now + rules.horizonDays * MS_PER_DAY;
  const overlapsClosure = overlapTester(input.closures);
  const overlapsBusy = overlapTester(input.busy);
  const overlapsBooking = overlapTester(input.bookings);

  return {
    studioTimeZone: rules.studioTimeZone,
    earliestStart,
    latestStart,
    gridSlots(studioDate: string): GridSlot[] {
      return gridSlots(rules, studioDate);
    },
    reasonUnavailable(slot: Interval): SlotReason | null {
      if (slot.start < now) return "past";
      if (slot.start < earliestStart) return "too_soon";
      if (slot.start > latestStart) return "beyond_horizon";
      if (overlapsClosure(slot)) return "closed";
      if (overlapsBusy(slot)) return "studio_busy";
      if (overlapsBooking(slot)) return "fully_booked";
      return null;
    },
    toSlot(slot: GridSlot, clientTimeZone: string, format: LocaleFormat): Slot {
      return {
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        label: format.clock(wallClockAt(slot.start, clientTimeZone).minutesOfDay),
        studioLabel: format.clock(slot.studioMinutesOfDay),
      };
    },
  };
}

function firstFreeSlotFrom(policy: SlotPolicy, clientDate: string, clientTimeZone: string, format: LocaleFormat): Slot | null {
  const { studioTimeZone } = policy;
  const earliestStudioDate = zonedDate(policy.earliestStart, studioTimeZone);
  const lastStudioDate = zonedDate(policy.latestStart, studioTimeZone);
  const marginDate = addDaysToIsoDate(clientDate, -DATE_MARGIN_DAYS);
  const firstStudioDate = marginDate > earliestStudioDate ? marginDate : earliestStudioDate;
  for (const studioDate of isoDatesBetween(firstStudioDate, lastStudioDate)) {
    for (const slot of policy.gridSlots(studioDate)) {
      if (policy.reasonUnavailable(slot) === null && zonedDate(slot.start, clientTimeZone) >= clientDate) {
        return policy.toSlot(slot, clientTimeZone, format);
      }
    }
  }
  return null;
}

// A day with no candidates has no working hours on it; otherwise the reason
// covering most candidates wins, and ties go to the one checked first.
function prevailingReason(reasonCounts: ReadonlyMap<SlotReason, number>): UnavailableReason {
  let prevailing: UnavailableReason = "weekend";
  let highest = 0;
  for (const reason of SLOT_CHECK_ORDER) {
    const count = reasonCounts.get(reason) ?? 0;
    if (count > highest) [prevailing, highest] = [reason, count];
  }
  return prevailing;
}

/**
 * Answers "does this overlap any of the intervals?" in O(log n): sorted by
 * start, an interval overlaps one of those starting before its end exactly
 * when the latest end among them lies after its start.
 */
function overlapTester(intervals: readonly Interval[]): (interval: Interval) => boolean {
  const byStart = intervals.filter(({ start, end }) => !Number.isNaN(start) && !Number.isNaN(end)).sort((a, b) => a.start - b.start);
  const latestEndSoFar: number[] = [];
  for (const { end } of byStart) latestEndSoFar.push(Math.max(end, latestEndSoFar[latestEndSoFar.length - 1] ?? -Infinity));
  return ({ start, end }) => {
    let countStartingBeforeEnd = 0;
    for (let high = byStart.length; countStartingBeforeEnd < high; ) {
      const middle = (countStartingBeforeEnd + high) >>> 1;
      if (byStart[middle].start < end) countStartingBeforeEnd = middle + 1;
      else high = middle;
    }
    return countStartingBeforeEnd > 0 && latestEndSoFar[countStartingBeforeEnd - 1] > start;
  };
}

function assertValidRules(rules: BookingRules): void {
  const problems = [
    !isValidTimeZone(rules.studioTimeZone) && `unknown studioTimeZone ${rules.studioTimeZone}`,
    !(Number.isInteger(rules.slotMinutes) && rules.slotMinutes > 0) && `slotMinutes must be a positive whole number`,
    !(Number.isInteger(rules.dayStartMinutes) && rules.dayStartMinutes >= 0) && `dayStartMinutes must be a whole number >= 0`,
    !(Number.isInteger(rules.dayEndMinutes) && rules.dayEndMinutes <= 24 * 60) && `dayEndMinutes must be a whole number <= 1440`,
    !rules.workdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7) && `workdays must be ISO weekdays 1-7`,
    !(Number.isFinite(rules.minNoticeMinutes) && rules.minNoticeMinutes >= 0) && `minNoticeMinutes must be >= 0`,
    !(Number.isFinite(rules.horizonDays) && rules.horizonDays >= 0) && `horizonDays must be >= 0`,
  ].filter(Boolean);
  if (problems.length > 0) throw new RangeError(`Invalid booking rules: ${problems.join("; ")}`);
}
