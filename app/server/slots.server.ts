import { listAvailability } from "~/domain/slots";
import { utcMidnightOf } from "~/domain/calendar-date";
import { DEFAULT_LOCALE, textDirection } from "~/domain/locale";
import { addDaysToIsoDate, zonedDate } from "~/domain/time-zones";
import { asIntervals, loadBlocks, type AvailabilityBlocks } from "./availability.server";
import type { AppServices } from "./context.server";

const DAY_MS = 24 * 60 * 60 * 1000;
// A client date's slots lie within two days of its UTC midnight (zones are
// under a day from UTC, and slots are grouped by the client's date); three
// days keep a day's margin for consultations that started before.
const MARGIN_MS = 3 * DAY_MS;

/** `locale`: the labels' language and region (a canonical tag, see negotiateLocale); en-GB when not given. */
export type AvailabilityRequest = { clientTimeZone: string; from?: string; days: number; locale?: string };

// Free slots for a range of the client's dates, plus the next free slot after
// it. Blocks are read for the dates asked for only (one D1 round trip); only
// when none of them has a free slot is the rest of the horizon read, to find
// the next one.
export async function availabilityFor(services: Pick<AppServices, "config" | "db" | "now" | "busyRead">, request: AvailabilityRequest) {
  const rules = services.config.bookingRules;
  const locale = request.locale ?? DEFAULT_LOCALE;
  const now = services.now();
  const today = zonedDate(now, request.clientTimeZone);
  const from = request.from && request.from > today ? request.from : today;
  const horizonEnd = now + (rules.horizonDays + 2) * DAY_MS;
  const list = (blocks: AvailabilityBlocks) =>
    listAvailability({
      rules,
      now,
      clientTimeZone: request.clientTimeZone,
      from,
      days: request.days,
      bookings: asIntervals(blocks.bookings),
      busy: blocks.busy,
      closures: blocks.closures,
      locale,
    });
  const rangeStart = Math.max(now, utcMidnightOf(from) - MARGIN_MS);
  const rangeEnd = Math.min(horizonEnd, utcMidnightOf(addDaysToIsoDate(from, request.days)) + MARGIN_MS);
  let listed = rangeStart < rangeEnd ? list(await loadBlocks(services, rangeStart, rangeEnd)) : null;
  if (!listed?.days.some((day) => day.slots.length > 0)) listed = list(await loadBlocks(services, now, horizonEnd));
  const { days, nextAvailable } = listed;
  return {
    from,
    today,
    previousFrom: from > today ? maxDate(addDaysToIsoDate(from, -request.days), today) : null,
    nextFrom: addDaysToIsoDate(from, request.days),
    timeZone: request.clientTimeZone,
    studioTimeZone: rules.studioTimeZone,
    locale,
    dir: textDirection(locale),
    days,
    nextAvailable,
  };
}

function maxDate(a: string, b: string) {
  return a > b ? a : b;
}
