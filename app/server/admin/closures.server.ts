import { and, asc, desc, eq, gt, lte } from "drizzle-orm";
import type { ClosureInterval } from "~/domain/closures";
import { activeBookingsBetween } from "../consultations.server";
import type { Db } from "../db/client.server";
import { availabilityClosures, type ClosureRow } from "../db/schema.server";

// The studio's closures: list, add, remove. The booking side reads them with
// loadBlocks (availability.server.ts), in the same D1 batch as the bookings.

export type ClosureWithClashes = ClosureRow & { scheduledInside: number };

const PAST_DAYS_SHOWN = 90;

/** Current and future closures (soonest first) and the recent past ones (latest first). */
export async function listClosures(db: Db, now: number): Promise<{ upcoming: ClosureWithClashes[]; past: ClosureRow[] }> {
  const [upcoming, past] = await Promise.all([
    db.select().from(availabilityClosures).where(gt(availabilityClosures.endsAt, now)).orderBy(asc(availabilityClosures.startsAt)),
    db
      .select()
      .from(availabilityClosures)
      .where(and(lte(availabilityClosures.endsAt, now), gt(availabilityClosures.endsAt, now - PAST_DAYS_SHOWN * 86_400_000)))
      .orderBy(desc(availabilityClosures.startsAt))
      .limit(50),
  ]);
  // A closure doesn't cancel anything: show which still have scheduled
  // consultations inside them, for the studio to move or cancel.
  const withClashes = await Promise.all(
    upcoming.map(async (c) => ({ ...c, scheduledInside: (await activeBookingsBetween(db, Math.max(c.startsAt, now), c.endsAt)).length })),
  );
  return { upcoming: withClashes, past };
}

export async function addClosure(db: Db, closure: ClosureInterval & { reason: string; createdBy: string }, now: number): Promise<ClosureRow> {
  const row: ClosureRow = {
    id: crypto.randomUUID(),
    startsAt: closure.start,
    endsAt: closure.end,
    allDay: closure.allDay,
    reason: closure.reason,
    createdBy: closure.createdBy,
    createdAt: now,
  };
  await db.insert(availabilityClosures).values(row);
  return row;
}

export async function deleteClosure(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(availabilityClosures).where(eq(availabilityClosures.id, id)).returning({ id: availabilityClosures.id });
  return rows.length > 0;
}
