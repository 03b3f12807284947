import type { calendar_v3 } from "@googleapis/calendar";
import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { preparedStatement, runStatement, type Placeholders } from "../db/prepared.server";
import { localCalendarEvents, type LocalCalendarEventRow } from "../db/schema.server";
import type { ProviderFailure } from "../email/provider-call.server";
import type { BusyInterval, CalendarClient } from "../google/calendar.server";

// The studio calendar when Google is not configured (npm start, tests without
// fakes): events live in D1 and /dev/calendar shows them. Same interface and
// the same rules as Google where they matter to us: 409 on a reused id, 404/410
// on a missing or deleted one, busy = confirmed events.

function notFound(id: string): ProviderFailure {
  return { ok: false, status: 404, message: `local calendar: no event ${id}`, retryable: false };
}

function gone(id: string): ProviderFailure {
  return { ok: false, status: 410, message: `local calendar: event ${id} was deleted`, retryable: false };
}

function bad(message: string): ProviderFailure {
  return { ok: false, status: 400, message: `local calendar: ${message}`, retryable: false };
}

function timesOf(event: calendar_v3.Schema$Event): { startsAt: number; endsAt: number } | undefined {
  const startsAt = Date.parse(event.start?.dateTime ?? event.start?.date ?? "");
  const endsAt = Date.parse(event.end?.dateTime ?? event.end?.date ?? "");
  if (Number.isNaN(startsAt) || Number.isNaN(endsAt) || endsAt <= startsAt) return undefined;
  return { startsAt, endsAt };
}

function asEvent(row: LocalCalendarEventRow): calendar_v3.Schema$Event {
  return {
    ...(JSON.parse(row.body) as calendar_v3.Schema$Event),
    id: row.id,
    status: row.status,
    sequence: row.sequence,
    updated: new Date(row.updatedAt).toISOString(),
  };
}

/** PATCH semantics: nested objects merge, arrays and scalars replace. */
function merge(target: unknown, patch: unknown): unknown {
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!plain(target) || !plain(patch)) return patch;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

type NewEvent = { id: string; consultationId: string | null; summary: string; startsAt: number; endsAt: number; body: string; at: number };

// Built once per isolate (db/prepared.server.ts): the outbox's calendar.create
// inserts one on the isolate that answers bookings (docs/decisions/0071).
const newEvent = preparedStatement((db: Db, p: Placeholders<NewEvent>) =>
  db
    .insert(localCalendarEvents)
    .values({
      id: p.id,
      consultationId: p.consultationId,
      summary: p.summary,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      status: "confirmed",
      sequence: 0,
      body: p.body,
      createdAt: p.at,
      updatedAt: p.at,
    })
    .onConflictDoNothing()
    .returning(),
);

export function createLocalCalendar(db: Db, now: () => number = Date.now): CalendarClient {
  const find = async (id: string) =>
    (await db.select().from(localCalendarEvents).where(eq(localCalendarEvents.id, id)).limit(1))[0];

  return {
    async insertEvent(event) {
      const id = event.id ?? crypto.randomUUID().replace(/-/g, "");
      const times = timesOf(event);
      if (!times) return bad("the event needs a start before its end");
      const at = now();
      const inserted = await runStatement(
        db,
        newEvent.bind(db, {
          id,
          consultationId: event.extendedProperties?.private?.consultationId ?? null,
          summary: event.summary ?? "(no title)",
          ...times,
          body: JSON.stringify({ ...event, id }),
          at,
        }),
      );
      if (inserted.length === 0) return { ok: true, data: event, alreadyExisted: true };
      return { ok: true, data: asEvent(inserted[0]), alreadyExisted: false };
    },

    async patchEvent(eventId, patch) {
      const row = await find(eventId);
      if (!row) return notFound(eventId);
      if (row.status === "cancelled") return gone(eventId);
      const merged = merge(JSON.parse(row.body), patch) as calendar_v3.Schema$Event;
      const times = timesOf(merged);
      if (!times) return bad("the event needs a start before its end");
      const moved = times.startsAt !== row.startsAt || times.endsAt !== row.endsAt;
      const [updated] = await db
        .update(localCalendarEvents)
        .set({
          ...times,
          summary: merged.summary ?? row.summary,
          sequence: row.sequence + (moved ? 1 : 0),
          body: JSON.stringify(merged),
          updatedAt: now(),
        })
        .where(eq(localCalendarEvents.id, eventId))
        .returning();
      return { ok: true, data: asEvent(updated) };
    },

    async deleteEvent(eventId) {
      const row = await find(eventId);
      if (!row || row.status === "cancelled") return { ok: true, data: { alreadyGone: true } };
      await db
        .update(localCalendarEvents)
        .set({ status: "cancelled", updatedAt: now() })
        .where(eq(localCalendarEvents.id, eventId));
      return { ok: true, data: { alreadyGone: false } };
    },

    async getEvent(eventId) {
      const row = await find(eventId);
      return row ? { ok: true, data: asEvent(row) } : notFound(eventId);
    },

    async freeBusy({ timeMin, timeMax }) {
      const rows = await db
        .select({ startsAt: localCalendarEvents.startsAt, endsAt: localCalendarEvents.endsAt })
        .from(localCalendarEvents)
        .where(
          and(
            eq(localCalendarEvents.status, "confirmed"),
            gt(localCalendarEvents.endsAt, timeMin),
            lt(localCalendarEvents.startsAt, timeMax),
          ),
        )
        .orderBy(asc(localCalendarEvents.startsAt));
      const busy: BusyInterval[] = [];
      for (const r of rows) {
        const startsAt = Math.max(r.startsAt, timeMin);
        const endsAt = Math.min(r.endsAt, timeMax);
        const last = busy.at(-1);
        if (last && startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, endsAt);
        else busy.push({ startsAt, endsAt });
      }
      return { ok: true, data: busy };
    },
  };
}

/** For /dev/calendar: events that overlap the range, busy blocks included. */
export async function listLocalEvents(db: Db, options: { limit?: number } = {}): Promise<LocalCalendarEventRow[]> {
  return db
    .select()
    .from(localCalendarEvents)
    .orderBy(asc(localCalendarEvents.startsAt))
    .limit(options.limit ?? 200);
}

/** A hand-made busy block on the local calendar (as if the studio had a session booked). */
export async function addLocalBusyBlock(db: Db, block: { startsAt: number; endsAt: number; summary: string }, now: number) {
  const id = `busy${crypto.randomUUID().replace(/-/g, "")}`;
  const body: calendar_v3.Schema$Event = {
    id,
    summary: block.summary,
    start: { dateTime: new Date(block.startsAt).toISOString() },
    end: { dateTime: new Date(block.endsAt).toISOString() },
  };
  await db.insert(localCalendarEvents).values({
    id,
    consultationId: null,
    summary: block.summary,
    startsAt: block.startsAt,
    endsAt: block.endsAt,
    status: "confirmed",
    sequence: 0,
    body: JSON.stringify(body),
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
