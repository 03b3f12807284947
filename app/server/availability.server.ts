import { and, eq, gt, lt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Interval } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { availabilityClosures, consultations } from "./db/schema.server";
import { endsAt, MAX_DURATION_MS, type ActiveBooking } from "./consultations.server";

// Everything that makes a time unavailable, loaded for one range: consultations
// from D1, the studio calendar's busy blocks, and the studio's own closures.
// The booking page, GET /api/slots and the booking use case all read it here,
// in ONE D1 batch (one round trip): the truth, read fresh on every request, so a
// slot booked, cancelled, moved or closed a moment ago is right in the next answer.

export type AvailabilityBlocks = {
  bookings: ActiveBooking[];
  busy: Interval[];
  closures: Interval[];
};

/** Reads that join loadBlocks' batch, and what to make of their results (see calendar-sync/busy.server.ts). */
export type BusyRead = {
  statements: BatchItem<"sqlite">[];
  resolve(results: unknown[], bookings: readonly ActiveBooking[]): Promise<Interval[]>;
};

export type BlockSources = {
  db: Db;
  /** The studio calendar's busy time; without it nothing is busy. */
  busyRead?: (from: number, to: number) => BusyRead;
};

/**
 * `alongside`: the caller's own reads for the same round trip (the booking's
 * per-address cap and its Idempotency-Key); their results come back in order.
 */
export async function loadBlocks(
  sources: BlockSources,
  from: number,
  to: number,
  alongside: BatchItem<"sqlite">[] = [],
): Promise<AvailabilityBlocks & { alongside: unknown[] }> {
  const { db } = sources;
  const busy = sources.busyRead?.(from, to);
  const [bookingRows, closures, ...rest] = (await db.batch([
    activeBookingsQuery(db, from, to),
    closuresQuery(db, from, to),
    ...alongside,
    ...(busy?.statements ?? []),
  ])) as [BookingRow[], Interval[], ...unknown[]];
  const bookings = asActiveBookings(bookingRows, from);
  const busyResults = rest.slice(alongside.length);
  return { bookings, closures, busy: busy ? await busy.resolve(busyResults, bookings) : [], alongside: rest.slice(0, alongside.length) };
}

type BookingRow = { id: string; consultationDate: number; durationMinutes: number };

// Scheduled consultations overlapping [from, to). Uses the consultation_date index.
function activeBookingsQuery(db: Db, from: number, to: number) {
  return db
    .select({ id: consultations.id, consultationDate: consultations.consultationDate, durationMinutes: consultations.durationMinutes })
    .from(consultations)
    .where(
      and(
        eq(consultations.status, "scheduled"),
        lt(consultations.consultationDate, to),
        gt(consultations.consultationDate, from - MAX_DURATION_MS),
      ),
    );
}

function asActiveBookings(rows: BookingRow[], from: number): ActiveBooking[] {
  return rows
    .map((r) => ({ consultationId: r.id, startsAt: r.consultationDate, endsAt: endsAt(r) }))
    .filter((b) => b.endsAt > from);
}

// The studio's closures (holidays, studio sessions; managed at /admin/availability)
// overlapping [from, to). Uses the availability_closures_ends_at index.
function closuresQuery(db: Db, from: number, to: number) {
  return db
    .select({ start: availabilityClosures.startsAt, end: availabilityClosures.endsAt })
    .from(availabilityClosures)
    .where(and(gt(availabilityClosures.endsAt, from), lt(availabilityClosures.startsAt, to)));
}

export function asIntervals(bookings: ActiveBooking[]): Interval[] {
  return bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }));
}
