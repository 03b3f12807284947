import { and, gt, lt } from "drizzle-orm";
import { closedWorkingDates, type WorkingCalendar } from "~/domain/working-days";
import type { Db } from "../db/client.server";
import { availabilityClosures } from "../db/schema.server";
import type { AppConfig } from "../env.server";

// The studio's working calendar for delivery dates: its working week and the
// days its closures (/admin/availability) take out, read from D1 for the year
// ahead. A turnaround never counts a day the studio is closed.

const YEAR_AHEAD_MS = 400 * 24 * 60 * 60 * 1000;

export async function studioWorkingCalendar(db: Db, config: AppConfig, now: number): Promise<WorkingCalendar> {
  const rules = config.bookingRules;
  const closures = await db
    .select({ start: availabilityClosures.startsAt, end: availabilityClosures.endsAt })
    .from(availabilityClosures)
    .where(and(gt(availabilityClosures.endsAt, now), lt(availabilityClosures.startsAt, now + YEAR_AHEAD_MS)));
  return {
    timeZone: rules.studioTimeZone,
    workdays: rules.workdays,
    closedDates: closedWorkingDates(closures, { timeZone: rules.studioTimeZone, dayStartMinutes: rules.dayStartMinutes, dayEndMinutes: rules.dayEndMinutes }),
  };
}
