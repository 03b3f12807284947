import { formatInTimeZone } from "date-fns-tz";
import { isoDateFromUtcMs, utcMidnightOf, utcMsFromFields } from "./calendar-date";

export { addDaysToIsoDate, isIsoDate } from "./calendar-date";

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_DAY = 24 * 60 * MS_PER_MINUTE;

// Building an Intl.DateTimeFormat takes a few hundred microseconds, and rules
// are validated on every call. Intl ignores case in zone names, so keying by
// lower case keeps this (and the caches below) to one entry per real zone.
const knownValidTimeZones = new Set<string>();

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz === "") return false;
  if (knownValidTimeZones.has(tz.toLowerCase())) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return false;
  }
  knownValidTimeZones.add(tz.toLowerCase());
  return true;
}

export const COMMON_TIME_ZONES: readonly string[] = [
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Vancouver",
  "America/Denver",
  "America/Phoenix",
  "America/Chicago",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Bogota",
  "America/Halifax",
  "America/St_Johns",
  "America/Sao_Paulo",
  "America/Argentina/Buenos_Aires",
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Amsterdam",
  "Europe/Stockholm",
  "Europe/Warsaw",
  "Europe/Athens",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Africa/Lagos",
  "Africa/Cairo",
  "Africa/Johannesburg",
  "Africa/Nairobi",
  "Asia/Dubai",
  "Asia/Karachi",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Dhaka",
  "Asia/Bangkok",
  "Asia/Singapore",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Perth",
  "Australia/Adelaide",
  "Australia/Brisbane",
  "Australia/Sydney",
  "Pacific/Auckland",
];

// localeCompare with a locale builds a collator on every call; one will do.
const zoneNameOrder = new Intl.Collator("en");

/** Options for a zone <select>, ordered west to east as of `now`. */
export function timeZoneOptions(include: readonly string[], now: number): { value: string; label: string }[] {
  const zones = [...new Set([...COMMON_TIME_ZONES, ...include.filter(isValidTimeZone)])];
  return zones
    .map((zone) => ({ zone, offsetMinutes: Math.round(utcOffsetMs(now, zone) / MS_PER_MINUTE) }))
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || zoneNameOrder.compare(a.zone, b.zone))
    .map(({ zone, offsetMinutes }) => ({ value: zone, label: `(UTC${formatOffset(offsetMinutes)}) ${zone}` }));
}

/**
 * date-fns-tz formatting, for patterns beyond what wallClockAt gives. Caveat:
 * formatInTimeZone builds a Date in the host's zone, so a wall time that falls
 * in the host's own DST gap comes out an hour off. Workers run in UTC, where
 * that cannot happen; anything the booking rules depend on uses wallClockAt.
 */
export function formatInZone(instant: number, timeZone: string, pattern: string): string {
  return formatInTimeZone(instant, timeZone, pattern);
}

export function zonedDate(instant: number, timeZone: string): string {
  return wallClockAt(instant, timeZone).date;
}

export type WallClock = { date: string; minutesOfDay: number };

/** The calendar date and time of day a clock in `timeZone` shows at `instant`. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const wallAsUtc = instant + utcOffsetMs(instant, timeZone);
  return { date: isoDateFromUtcMs(wallAsUtc), minutesOfDay: Math.floor(mod(wallAsUtc, MS_PER_DAY) / MS_PER_MINUTE) };
}

const MINUTES_OF_DAY_LABELS = Array.from({ length: 24 * 60 }, (_, minutes) => labelOfMinutes(minutes));

/** "HH:mm" for a number of minutes after midnight. */
export function formatMinutesOfDay(minutesOfDay: number): string {
  return MINUTES_OF_DAY_LABELS[minutesOfDay] ?? labelOfMinutes(minutesOfDay);
}

function labelOfMinutes(minutesOfDay: number): string {
  const hours = Math.floor(minutesOfDay / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutesOfDay % 60).padStart(2, "0")}`;
}

/**
 * The instant a clock in `timeZone` shows `minutesOfDay` on `date`, or null
 * when DST skips that wall time. When DST repeats it, the first occurrence
 * wins. date-fns-tz's fromZonedTime answers differently: it moves skipped
 * times an hour back (even onto the previous date) and resolves repeated ones
 * according to the host's own zone.
 */
export function instantAtWallClock(date: string, minutesOfDay: number, timeZone: string): number | null {
  const wallAsUtc = utcMidnightOf(date) + minutesOfDay * MS_PER_MINUTE;
  // Real offsets are under a day, so the offsets in force a day either side
  // are the only ones this wall time can be on, whichever side of a change it is.
  const possibleOffsets = new Set([utcOffsetMs(wallAsUtc - MS_PER_DAY, timeZone), utcOffsetMs(wallAsUtc + MS_PER_DAY, timeZone)]);
  let earliest: number | null = null;
  for (const offset of possibleOffsets) {
    const instant = wallAsUtc - offset;
    if (utcOffsetMs(instant, timeZone) === offset && (earliest === null || instant < earliest)) earliest = instant;
  }
  return earliest;
}

/**
 * Offset of the zone's clocks from UTC at `instant`, positive east of Greenwich.
 *
 * Asking Intl costs microseconds, and a month of slots needs thousands of
 * answers, so Intl is asked once per UTC day and again only to pin down a
 * change of offset between two samples. That relies on no zone changing its
 * clocks twice within 24 hours, which holds for every zone in current use.
 */
export function utcOffsetMs(instant: number, timeZone: string): number {
  if (!Number.isFinite(instant)) throw new RangeError(`Not an instant: ${instant}`);
  const zone = knownOffsetsOf(timeZone);
  const day = Math.floor(instant / MS_PER_DAY);
  const atDayStart = sampledOffset(zone, day);
  const atNextDayStart = sampledOffset(zone, day + 1);
  if (atDayStart === atNextDayStart) return atDayStart;
  let change = zone.changeDuringDay.get(day);
  if (change === undefined) zone.changeDuringDay.set(day, (change = findOffsetChange(timeZone, day, atDayStart)));
  return instant < change ? atDayStart : atNextDayStart;
}

type KnownOffsets = { timeZone: string; atDayStart: Map<number, number>; changeDuringDay: Map<number, number> };
const knownOffsetsByZone = new Map<string, KnownOffsets>();
const MAX_REMEMBERED_DAYS_PER_ZONE = 20_000;

function knownOffsetsOf(timeZone: string): KnownOffsets {
  let zone = knownOffsetsByZone.get(timeZone.toLowerCase());
  if (!zone || zone.atDayStart.size > MAX_REMEMBERED_DAYS_PER_ZONE) {
    partsFormatterFor(timeZone); // throws for an unknown zone before it is remembered
    knownOffsetsByZone.set(timeZone.toLowerCase(), (zone = { timeZone, atDayStart: new Map(), changeDuringDay: new Map() }));
  }
  return zone;
}

function sampledOffset(zone: KnownOffsets, day: number): number {
  let offset = zone.atDayStart.get(day);
  if (offset === undefined) zone.atDayStart.set(day, (offset = offsetFromIntl(day * MS_PER_DAY, zone.timeZone)));
  return offset;
}

/** First whole second of the day at which the offset is no longer `offsetBefore`. */
function findOffsetChange(timeZone: string, day: number, offsetBefore: number): number {
  let lastBefore = day * MS_PER_DAY;
  let firstAfter = lastBefore + MS_PER_DAY;
  while (firstAfter - lastBefore > MS_PER_SECOND) {
    const middle = lastBefore + Math.floor((firstAfter - lastBefore) / 2 / MS_PER_SECOND) * MS_PER_SECOND;
    if (offsetFromIntl(middle, timeZone) === offsetBefore) lastBefore = middle;
    else firstAfter = middle;
  }
  return firstAfter;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone.toLowerCase());
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormatters.set(timeZone.toLowerCase(), formatter);
  }
  return formatter;
}

// Intl with an explicit zone is the only host-independent source of wall-clock
// fields; Date's local getters depend on the machine's zone.
function offsetFromIntl(instant: number, timeZone: string): number {
  const field: Record<string, number> = {};
  for (const part of partsFormatterFor(timeZone).formatToParts(instant)) field[part.type] = Number(part.value);
  // Some engines print midnight as 24 even with h23.
  const wallAsUtc = utcMsFromFields(field.year, field.month, field.day, field.hour % 24, field.minute, field.second);
  return wallAsUtc - (instant - mod(instant, MS_PER_SECOND));
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  return sign + formatMinutesOfDay(Math.abs(offsetMinutes));
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

// Browsers and old links use zone names IANA has since replaced (Chrome in
// Kathmandu says "Asia/Katmandu", in India "Asia/Calcutta"). Clients see, and
// bookings store, the current names, which are also the ones in the zone list.
const LEGACY_ZONE_NAMES: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

export function canonicalTimeZone(tz: string): string {
  return LEGACY_ZONE_NAMES[tz] ?? tz;
}
