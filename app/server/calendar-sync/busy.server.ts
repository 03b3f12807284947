import { and, eq, gt, isNotNull, lt } from "drizzle-orm";
import type { Interval } from "~/domain/slots";
import type { BusyRead } from "../availability.server";
import type { ActiveBooking } from "../consultations.server";
import type { Db } from "../db/client.server";
import { preparedStatement, type Placeholders } from "../db/prepared.server";
import { calendarBusyCache, consultations, localCalendarEvents } from "../db/schema.server";
import type { BusyInterval } from "../google/calendar.server";
import type { OutboxDeps } from "../outbox/deps.server";
import { BUSY_TIMEOUT_MS, studioCalendar, type StudioCalendar } from "./calendar.server";

// Busy time in the studio calendar, for the booking page and the booking check
// (BlockSources.busyBetween). One freeBusy query covers the whole bookable
// window and is shared through D1 for about a minute. When Google cannot be
// read (an error, a timeout, a 200 whose calendar entry has `errors`), the last
// list is used while it is at most CALENDAR_BUSY_MAX_STALE_MINUTES old; past
// that only D1 decides, and the caller's BusyCheck records that the answer was
// not checked against the calendar. Either way the page renders normally.

const CACHE_ID = "studio";
export const BUSY_FRESH_MS = 60_000;
/** After a failed read, wait this long before asking Google again (each page view would otherwise). */
const RETRY_AFTER_FAILURE_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** One freeBusy query never asks for more than this (Google limits the range of a query). */
const MAX_WINDOW_DAYS = 60;

/** Filled in by busyBetween: false when the answer could not be checked against the calendar. */
export type BusyCheck = { checked: boolean; source?: "fresh" | "cache" | "stale" | "none" | "local" };

export function busyWindow(deps: OutboxDeps, now: number): { from: number; to: number } {
  return { from: now - DAY_MS, to: now + Math.min(deps.config.bookingRules.horizonDays + 6, MAX_WINDOW_DAYS) * DAY_MS };
}

type CacheRow = typeof calendarBusyCache.$inferSelect;

/**
 * The busy time in [from, to) as reads that join the caller's D1 batch
 * (availability.server.ts loadBlocks): the shared list (or, for the local
 * calendar, its events) and our own events, so a page needs one round trip.
 * Only a stale shared list makes resolve() call Google.
 */
export function busyRead(deps: OutboxDeps, from: number, to: number, check: BusyCheck = { checked: true }): BusyRead {
  const now = deps.now();
  const window = busyWindow(deps, now);
  const lo = Math.max(from, window.from);
  const hi = Math.min(to, window.to);
  // Only with a horizon over ~8 weeks: times past the window were not checked.
  if (to > window.to) check.checked = false;
  if (hi <= lo) return { statements: [], resolve: async () => [], reusableUntil: Infinity };
  const calendar = studioCalendar(deps, { timeoutMs: BUSY_TIMEOUT_MS });
  const local = calendar.kind === "local";
  const read: BusyRead = {
    statements: [
      local ? localBusy.bind(deps.db, { from: lo, to: hi }) : sharedBusyList.bind(deps.db, {}),
      ownEvents.bind(deps.db, { from: lo, to: hi }),
    ],
    async resolve([first, events], bookings) {
      let busy: { startsAt: number; endsAt: number }[];
      if (local) {
        // D1 is the calendar: nothing to cache, nothing that can be out of reach.
        check.checked = true;
        check.source = "local";
        busy = first as BusyInterval[];
        read.reusableUntil = Infinity;
      } else {
        const cached = (first as CacheRow[])[0];
        busy = await studioBusy(deps, now, window, check, calendar, cached);
        // Google's list is reused while it would be read from D1 anyway (fresh); a stale one, not at all.
        read.reusableUntil =
          check.source === "fresh" ? now + BUSY_FRESH_MS : check.source === "cache" ? (cached?.fetchedAt ?? now) + BUSY_FRESH_MS : -Infinity;
      }
      const clipped = busy.filter((b) => b.startsAt < hi && b.endsAt > lo).map((b) => ({ start: b.startsAt, end: b.endsAt }));
      if (clipped.length === 0) return [];
      return subtractIntervals(clipped, ownEventIntervals(events as OwnEventRow[], bookings));
    },
  };
  return read;
}

/** The local calendar's confirmed events (busy, as freeBusy reports them). Uses local_calendar_events_time. */
const localBusy = preparedStatement((db: Db, p: Placeholders<{ from: number; to: number }>) =>
  db
    .select({ startsAt: localCalendarEvents.startsAt, endsAt: localCalendarEvents.endsAt })
    .from(localCalendarEvents)
    .where(and(eq(localCalendarEvents.status, "confirmed"), gt(localCalendarEvents.endsAt, p.from), lt(localCalendarEvents.startsAt, p.to))),
);

/** The busy list shared through D1 (one row). */
const sharedBusyList = preparedStatement((db: Db) => db.select().from(calendarBusyCache).where(eq(calendarBusyCache.id, CACHE_ID)).limit(1));

async function studioBusy(
  deps: OutboxDeps,
  now: number,
  window: { from: number; to: number },
  check: BusyCheck,
  calendar: StudioCalendar,
  cached: CacheRow | undefined,
): Promise<BusyInterval[]> {
  if (cached?.fetchedAt != null && now - cached.fetchedAt < BUSY_FRESH_MS && (cached.windowTo ?? 0) >= window.to - BUSY_FRESH_MS) {
    check.source = "cache";
    return parseBusy(cached);
  }

  const failedRecently = cached?.lastError != null && now - cached.lastAttemptAt < RETRY_AFTER_FAILURE_MS;
  if (!failedRecently) {
    const answer = await calendar.client.freeBusy({ timeMin: window.from, timeMax: window.to });
    if (answer.ok) {
      await saveCache(deps.db, { windowFrom: window.from, windowTo: window.to, busy: JSON.stringify(answer.data), fetchedAt: now, lastAttemptAt: now, lastError: null }).catch(
        (error) => deps.log.warn("calendar.busy_cache_write_failed", { error }),
      );
      check.source = "fresh";
      return answer.data;
    }
    deps.log.warn("calendar.busy_unreadable", { status: answer.status, error: answer.message });
    await saveCache(deps.db, { lastAttemptAt: now, lastError: `${answer.status}: ${answer.message}`.slice(0, 500) }).catch(() => undefined);
  }

  const maxStaleMs = deps.config.integrations.calendar.busyMaxStaleMinutes * 60_000;
  if (cached?.fetchedAt != null && now - cached.fetchedAt <= maxStaleMs) {
    check.source = "stale";
    return parseBusy(cached);
  }
  deps.log.warn("calendar.busy_unchecked", { lastReadAt: cached?.fetchedAt ?? null });
  check.checked = false;
  check.source = "none";
  return [];
}

async function saveCache(db: Db, fields: Partial<CacheRow> & { lastAttemptAt: number }): Promise<void> {
  await db
    .insert(calendarBusyCache)
    .values({ id: CACHE_ID, ...fields })
    .onConflictDoUpdate({ target: calendarBusyCache.id, set: fields });
}

function parseBusy(row: CacheRow): BusyInterval[] {
  try {
    const list = JSON.parse(row.busy ?? "[]") as BusyInterval[];
    return Array.isArray(list) ? list.filter((b) => Number.isFinite(b.startsAt) && Number.isFinite(b.endsAt)) : [];
  } catch {
    return [];
  }
}

type OwnEventRow = { eventStartsAt: number; eventEndsAt: number };

/** Consultations whose calendar event we last wrote inside [from, to). Uses consultations_calendar_event_ends_at (0009). */
const ownEvents = preparedStatement((db: Db, p: Placeholders<{ from: number; to: number }>) =>
  db
    .select({ eventStartsAt: consultations.calendarEventStartsAt, eventEndsAt: consultations.calendarEventEndsAt })
    .from(consultations)
    .where(
      and(
        isNotNull(consultations.calendarEventEndsAt),
        gt(consultations.calendarEventEndsAt, p.from),
        lt(consultations.calendarEventStartsAt, p.to),
      ),
    ),
);

/**
 * Where our own events are, or may be: the times we last wrote to the
 * calendar, and the current time of every scheduled consultation (blocked by
 * D1 anyway). freeBusy reports them as busy like anything else; subtracting
 * them keeps a consultation being rescheduled from blocking itself, and keeps
 * the old slot free once the consultation has moved (even before its event is).
 */
function ownEventIntervals(events: OwnEventRow[], bookings: readonly ActiveBooking[]): Interval[] {
  return [...events.map((e) => ({ start: e.eventStartsAt, end: e.eventEndsAt })), ...bookings.map((b) => ({ start: b.startsAt, end: b.endsAt }))];
}

/** busy minus holes, both half-open intervals. */
export function subtractIntervals(busy: Interval[], holes: Interval[]): Interval[] {
  if (holes.length === 0) return busy;
  const sortedHoles = [...holes].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const b of busy) {
    let pieces: Interval[] = [b];
    for (const h of sortedHoles) {
      if (h.end <= b.start || h.start >= b.end) continue;
      pieces = pieces.flatMap((p) => {
        if (h.end <= p.start || h.start >= p.end) return [p];
        const left = h.start > p.start ? [{ start: p.start, end: h.start }] : [];
        const right = h.end < p.end ? [{ start: h.end, end: p.end }] : [];
        return [...left, ...right];
      });
    }
    out.push(...pieces);
  }
  return out;
}

/** For the admin dashboard: how fresh the busy list is. */
export async function busyCacheState(db: Db) {
  const row = (await db.select().from(calendarBusyCache).where(eq(calendarBusyCache.id, CACHE_ID)).limit(1))[0];
  return row
    ? { lastReadAt: row.fetchedAt, lastAttemptAt: row.lastAttemptAt, lastError: row.lastError }
    : { lastReadAt: null, lastAttemptAt: null, lastError: null };
}

/** The SQL of busyRead's statements, for the test that every table and column they read changes the availability token (0061). */
export function busyStatementsSql(): string[] {
  return [localBusy.sql(), sharedBusyList.sql(), ownEvents.sql()];
}
