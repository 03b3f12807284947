import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Interval } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { preparedStatement, runBatch, type BoundStatement, type Placeholders } from "./db/prepared.server";
import { availabilityClosures, consultations } from "./db/schema.server";
import { endsAt, MAX_DURATION_MS, type ActiveBooking } from "./consultations.server";

// Everything that makes a time unavailable, loaded for one range: consultations
// from D1, the studio calendar's busy blocks, and the studio's own closures.
// The booking page, GET /api/slots and the booking use case all read it here,
// in ONE D1 batch (one round trip): the truth, so a slot booked, cancelled,
// moved or closed a moment ago is right in the next answer. (A finished listing
// may be reused while D1's availability token is unchanged: slots.server.ts.)

export type AvailabilityBlocks = {
  bookings: ActiveBooking[];
  busy: Interval[];
  closures: Interval[];
};

/** Reads that join loadBlocks' batch, and what to make of their results (see calendar-sync/busy.server.ts). */
export type BusyRead = {
  statements: BoundStatement<unknown>[];
  resolve(results: unknown[], bookings: readonly ActiveBooking[]): Promise<Interval[]>;
  /**
   * Set by resolve: until when the busy time it gave may be reused while D1 is
   * unchanged (Google's shared list is fresh for a minute; D1's own calendar
   * for as long as D1 is unchanged; a stale or failed read, not at all).
   */
  reusableUntil?: number;
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
  alongside: BoundStatement<unknown>[] = [],
): Promise<AvailabilityBlocks & { alongside: unknown[]; busyReusableUntil: number }> {
  const { db } = sources;
  const busy = sources.busyRead?.(from, to);
  const [bookingRows, closures, ...rest] = await runBatch(db, [
    activeBookings.bind(db, { to, startsAfter: from - MAX_DURATION_MS }),
    closuresBetween.bind(db, { from, to }),
    ...alongside,
    ...(busy?.statements ?? []),
  ]);
  const bookings = asActiveBookings(bookingRows as { list: string }[], from);
  const busyResults = rest.slice(alongside.length);
  const busyIntervals = busy ? await busy.resolve(busyResults, bookings) : [];
  return {
    bookings,
    closures,
    busy: busyIntervals,
    alongside: rest.slice(0, alongside.length),
    busyReusableUntil: busy ? (busy.reusableUntil ?? -Infinity) : Infinity,
  };
}

// Scheduled consultations overlapping [from, to): starting before `to` and
// after `from` less the longest duration. Uses the consultation_date index.
// One row, the list as a JSON array of [id, start, minutes]: a week's hundred
// bookings cost D1 and drizzle a hundred row objects each otherwise, more than
// the read itself (docs/decisions/0059).
const activeBookings = preparedStatement((db: Db, p: Placeholders<{ to: number; startsAfter: number }>) =>
  db
    .select({
      list: sql<string>`json_group_array(json_array(${consultations.id}, ${consultations.consultationDate}, ${consultations.durationMinutes}))`,
    })
    .from(consultations)
    .where(and(eq(consultations.status, "scheduled"), lt(consultations.consultationDate, p.to), gt(consultations.consultationDate, p.startsAfter))),
);

function asActiveBookings(rows: { list: string }[], from: number): ActiveBooking[] {
  const list = JSON.parse(rows[0]?.list ?? "[]") as [string, number, number][];
  const bookings: ActiveBooking[] = [];
  for (const [id, consultationDate, durationMinutes] of list) {
    const booking = { consultationId: id, startsAt: consultationDate, endsAt: endsAt({ consultationDate, durationMinutes }) };
    if (booking.endsAt > from) bookings.push(booking);
  }
  return bookings;
}

// The studio's closures (holidays, studio sessions; managed at /admin/availability)
// overlapping [from, to). Uses the availability_closures_ends_at index.
const closuresBetween = preparedStatement((db: Db, p: Placeholders<{ from: number; to: number }>) =>
  db
    .select({ start: availabilityClosures.startsAt, end: availabilityClosures.endsAt })
    .from(availabilityClosures)
    .where(and(gt(availabilityClosures.endsAt, p.from), lt(availabilityClosures.startsAt, p.to))),
);

export function asIntervals(bookings: ActiveBooking[]): Interval[] {
  return bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }));
}

/** The SQL of the statements above, for the test that every table and column they read changes the availability token (0061). */
export function blockStatementsSql(): string[] {
  return [activeBookings.sql(), closuresBetween.sql()];
}
