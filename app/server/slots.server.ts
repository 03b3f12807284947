import { listAvailability } from "~/domain/slots";
import { addDaysToIsoDate, zonedDate } from "~/domain/time-zones";
import { asIntervals, loadBlocks } from "./availability.server";
import type { AppServices } from "./context.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export type AvailabilityRequest = { clientTimeZone: string; from?: string; days: number };

// Free slots for a range of the client's dates, plus the next free slot after
// it. Blocks are loaded for the whole horizon at once (one indexed query), so
// "next available" needs no second round trip.
export async function availabilityFor(services: Pick<AppServices, "config" | "db" | "now" | "busyBetween" | "closuresBetween">, request: AvailabilityRequest) {
  const rules = services.config.bookingRules;
  const now = services.now();
  const today = zonedDate(now, request.clientTimeZone);
  const from = request.from && request.from > today ? request.from : today;
  const blocks = await loadBlocks(services, now, now + (rules.horizonDays + 2) * DAY_MS);
  const { days, nextAvailable } = listAvailability({
    rules,
    now,
    clientTimeZone: request.clientTimeZone,
    from,
    days: request.days,
    bookings: asIntervals(blocks.bookings),
    busy: blocks.busy,
    closures: blocks.closures,
  });
  return {
    from,
    today,
    previousFrom: from > today ? maxDate(addDaysToIsoDate(from, -request.days), today) : null,
    nextFrom: addDaysToIsoDate(from, request.days),
    timeZone: request.clientTimeZone,
    studioTimeZone: rules.studioTimeZone,
    days,
    nextAvailable,
  };
}

function maxDate(a: string, b: string) {
  return a > b ? a : b;
}
