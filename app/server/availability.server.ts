import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Interval } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { availabilityClosures, availabilityVersion, consultations } from "./db/schema.server";
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

/**
 * The LIMIT of a block statement: `max` rows (or none: no limit), unless the
 * read is guarded by a version the isolate holds (readBlocks) and D1's is still
 * that one: then 0, which SQLite checks before it opens the loop, so the
 * statement does no work and returns nothing. Typed as drizzle's `.limit()`
 * takes it; it is an SQL expression when guarded.
 */
export type RowCap = (max?: number) => number;
const noCap: RowCap = (max = -1) => max;

/** Reads that join loadBlocks' batch, and what to make of their results (see calendar-sync/busy.server.ts). */
export type BusyRead = {
  statements: BatchItem<"sqlite">[];
  resolve(results: unknown[], bookings: readonly ActiveBooking[]): Promise<Interval[]>;
};

export type BlockSources = {
  db: Db;
  /** The studio calendar's busy time; without it nothing is busy. */
  busyRead?: (from: number, to: number, cap?: RowCap) => BusyRead;
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

/**
 * loadBlocks for the reads that only show availability (GET /api/slots,
 * /book): still one round trip that returns the truth, but when nothing the
 * blocks come from has changed since this isolate last read the same range
 * (availability_version, bumped by triggers: migration 0011, decision 0046),
 * the statements do no work and the rows this isolate kept are used. The
 * raw rows are kept, not the answer: what depends on the time (which bookings
 * have ended, whether the Google list is fresh enough or must be read again)
 * is worked out per request as loadBlocks does.
 */
export async function readBlocks(sources: BlockSources, from: number, to: number): Promise<AvailabilityBlocks> {
  const { db } = sources;
  const key = `${from}:${to}`;
  const kept = keptBlocks.get(key);
  const cap = kept ? versionCap(kept.version) : noCap;
  const busy = sources.busyRead?.(from, to, cap);
  const [versionRows, ...results] = (await db.batch([
    db.select({ version: availabilityVersion.version }).from(availabilityVersion).where(eq(availabilityVersion.id, 1)),
    activeBookingsQuery(db, from, to, cap),
    closuresQuery(db, from, to, cap),
    ...(busy?.statements ?? []),
  ])) as [{ version: number }[], ...unknown[]];
  const version = versionRows[0]?.version;
  let rows = results;
  if (kept && version === kept.version) {
    // The busy side asks for other statements than last time (the range left
    // the calendar's window): what was kept does not fit, read again unguarded.
    if (kept.rows.length !== results.length) {
      keptBlocks.delete(key);
      return readBlocks(sources, from, to);
    }
    rows = kept.rows;
  } else if (version !== undefined) keep(key, { version, rows: results });
  const [bookingRows, closures, ...busyResults] = rows as [BookingRow[], Interval[], ...unknown[]];
  const bookings = asActiveBookings(bookingRows, from);
  return { bookings, closures, busy: busy ? await busy.resolve(busyResults, bookings) : [] };
}

type KeptBlocks = { version: number; rows: unknown[] };
/** Per isolate: the raw rows of the last read of each range, with the version they were read at. */
const keptBlocks = new Map<string, KeptBlocks>();
const MAX_KEPT_RANGES = 32;

function keep(key: string, entry: KeptBlocks) {
  keptBlocks.delete(key);
  keptBlocks.set(key, entry);
  // Oldest first in a Map: drop the least recently stored range.
  if (keptBlocks.size > MAX_KEPT_RANGES) keptBlocks.delete(keptBlocks.keys().next().value as string);
}

function versionCap(version: number): RowCap {
  // COALESCE: without the row (never, after 0011) the statements read as usual.
  return (max = -1) =>
    sql`coalesce((select case when ${availabilityVersion.version} <> ${version} then ${max} else 0 end from ${availabilityVersion} where ${availabilityVersion.id} = 1), ${max})` as unknown as number;
}

type BookingRow = { id: string; consultationDate: number; durationMinutes: number };

// Scheduled consultations overlapping [from, to). Uses the consultation_date index.
function activeBookingsQuery(db: Db, from: number, to: number, cap: RowCap = noCap) {
  return db
    .select({ id: consultations.id, consultationDate: consultations.consultationDate, durationMinutes: consultations.durationMinutes })
    .from(consultations)
    .where(
      and(
        eq(consultations.status, "scheduled"),
        lt(consultations.consultationDate, to),
        gt(consultations.consultationDate, from - MAX_DURATION_MS),
      ),
    )
    .limit(cap());
}

function asActiveBookings(rows: BookingRow[], from: number): ActiveBooking[] {
  return rows
    .map((r) => ({ consultationId: r.id, startsAt: r.consultationDate, endsAt: endsAt(r) }))
    .filter((b) => b.endsAt > from);
}

// The studio's closures (holidays, studio sessions; managed at /admin/availability)
// overlapping [from, to). Uses the availability_closures_ends_at index.
function closuresQuery(db: Db, from: number, to: number, cap: RowCap = noCap) {
  return db
    .select({ start: availabilityClosures.startsAt, end: availabilityClosures.endsAt })
    .from(availabilityClosures)
    .where(and(gt(availabilityClosures.endsAt, from), lt(availabilityClosures.startsAt, to)))
    .limit(cap());
}

export function asIntervals(bookings: ActiveBooking[]): Interval[] {
  return bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }));
}
