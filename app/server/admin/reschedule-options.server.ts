import { listAvailability } from "~/domain/slots";
import { addDaysToIsoDate, zonedDate } from "~/domain/time-zones";
import { asIntervals, loadBlocks } from "../availability.server";
import { studioRules, type ChangeDeps } from "../consultation-changes.server";

const DAY_MS = 24 * 60 * 60 * 1000;
export const RESCHEDULE_DAYS_PER_PAGE = 7;

// The free slots the studio may move a consultation to, for a week of studio
// dates: the booking grid with the studio's rules (studioRules), not counting
// the consultation's own current time as taken.
export async function rescheduleOptions(deps: ChangeDeps, consultationId: string, from: string | undefined) {
  const rules = studioRules(deps.config.bookingRules);
  const timeZone = rules.studioTimeZone;
  const now = deps.now();
  const today = zonedDate(now, timeZone);
  const start = from && from > today ? from : today;
  const blocks = await loadBlocks(deps, now, now + (rules.horizonDays + 2) * DAY_MS);
  const others = blocks.bookings.filter((b) => b.consultationId !== consultationId);
  const { days, nextAvailable } = listAvailability({
    rules,
    now,
    clientTimeZone: timeZone,
    from: start,
    days: RESCHEDULE_DAYS_PER_PAGE,
    bookings: asIntervals(others),
    busy: blocks.busy,
    closures: blocks.closures,
  });
  const previous = addDaysToIsoDate(start, -RESCHEDULE_DAYS_PER_PAGE);
  return {
    from: start,
    timeZone,
    studioTimeZone: timeZone,
    days,
    nextAvailable,
    previousFrom: start > today ? (previous > today ? previous : today) : null,
    nextFrom: addDaysToIsoDate(start, RESCHEDULE_DAYS_PER_PAGE),
  };
}
