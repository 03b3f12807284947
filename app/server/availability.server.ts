import { and, gt, lt } from "drizzle-orm";
import type { Interval } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { availabilityClosures } from "./db/schema.server";
import { activeBookingsBetween, type ActiveBooking } from "./consultations.server";

// Everything that makes a time unavailable, loaded for one range: consultations
// from D1, the studio calendar's busy blocks, and the studio's own closures.
// The booking page, GET /api/slots and the booking use case all read it here.

export type AvailabilityBlocks = {
  bookings: ActiveBooking[];
  busy: Interval[];
  closures: Interval[];
};

export type BlockSources = {
  db: Db;
  busyBetween?: (from: number, to: number) => Promise<Interval[]>;
  closuresBetween?: (from: number, to: number) => Promise<Interval[]>;
};

export async function loadBlocks(sources: BlockSources, from: number, to: number): Promise<AvailabilityBlocks> {
  const [bookings, busy, closures] = await Promise.all([
    activeBookingsBetween(sources.db, from, to),
    sources.busyBetween?.(from, to) ?? [],
    sources.closuresBetween?.(from, to) ?? [],
  ]);
  return { bookings, busy, closures };
}

export function asIntervals(bookings: ActiveBooking[]): Interval[] {
  return bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }));
}

// The studio's closures (holidays, studio sessions; managed at /admin/availability)
// overlapping [from, to). Uses the availability_closures_ends_at index.
export async function closuresBetween(db: Db, from: number, to: number): Promise<Interval[]> {
  const rows = await db
    .select({ start: availabilityClosures.startsAt, end: availabilityClosures.endsAt })
    .from(availabilityClosures)
    .where(and(gt(availabilityClosures.endsAt, from), lt(availabilityClosures.startsAt, to)));
  return rows;
}
