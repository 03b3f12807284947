import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { preparedStatement, type Placeholders } from "../db/prepared.server";
import { consultations, type ConsultationRow, type OutboxJobRow } from "../db/schema.server";
import { buildConsultationEvent, buildErasurePatch, buildReschedulePatch } from "../google/event-body.server";
import { calendarEventIdFor } from "../google/event-id";
import { consultationForMessages } from "../notifications/consultation-view.server";
import { done, failed, type JobOutcome, type JobWrite, type OutboxDeps } from "../outbox/deps.server";
import { studioCalendar } from "./calendar.server";

// calendar.create / calendar.patch / calendar.delete. Each job gets the
// consultation as it is when the job runs (read with the runner's claim, 0069:
// a late job writes the current time, not the one at booking), makes one call
// to the studio calendar, and records what the calendar holds (event id and
// times) on the consultation in the same D1 batch as the runner marks the job
// done (JobOutcome.writes). Every call is idempotent: the event id is derived
// from the consultation id, a repeated insert gets 409, a repeated delete 404/410.

export async function runCalendarJob(deps: OutboxDeps, job: OutboxJobRow, c: ConsultationRow): Promise<JobOutcome> {
  switch (job.kind) {
    case "calendar.create":
      return createEvent(deps, c);
    case "calendar.patch":
      return patchEvent(deps, c);
    case "calendar.delete":
      return deleteEvent(deps, c);
    default:
      return { ok: false, error: `not a calendar job: ${job.kind}`, retryable: false };
  }
}

type EventRecord = { id: string; eventId: string | null; startsAt: number | null; endsAt: number | null };

// Built once per isolate (db/prepared.server.ts, docs/decisions/0071). A null
// event id keeps the one the consultation has (a patch or a delete knows it
// already); drizzle's set() takes placeholders only inside sql``.
const eventRecord = preparedStatement((db: Db, p: Placeholders<EventRecord>) =>
  db
    .update(consultations)
    .set({
      googleCalendarEventId: sql`coalesce(${p.eventId}, ${consultations.googleCalendarEventId})`,
      calendarEventStartsAt: sql`${p.startsAt}`,
      calendarEventEndsAt: sql`${p.endsAt}`,
    })
    .where(eq(consultations.id, p.id)),
);

/** What the calendar now holds, written on the consultation with the job's outcome. */
function recordEvent(deps: OutboxDeps, id: string, fields: { googleCalendarEventId?: string; calendarEventStartsAt: number | null; calendarEventEndsAt: number | null }): JobWrite[] {
  return [
    eventRecord.bind(deps.db, { id, eventId: fields.googleCalendarEventId ?? null, startsAt: fields.calendarEventStartsAt, endsAt: fields.calendarEventEndsAt }),
  ];
}

async function createEvent(deps: OutboxDeps, c: ConsultationRow): Promise<JobOutcome> {
  if (c.status !== "scheduled") return done(`skipped: the consultation is ${c.status}`);
  const view = consultationForMessages(c, deps.config);
  if (c.googleCalendarEventId && c.calendarEventStartsAt === view.startsAt && c.calendarEventEndsAt === view.endsAt) {
    return done("skipped: the event is already there");
  }
  const calendar = studioCalendar(deps);
  const event = buildConsultationEvent(view, { inviteAttendee: calendar.googleSendsInvites });
  const eventId = event.id ?? calendarEventIdFor(c.id);
  const inserted = await calendar.client.insertEvent(event, { sendUpdates: calendar.sendUpdates });
  if (!inserted.ok) return failed(inserted);
  if (!inserted.alreadyExisted) {
    return done(
      `event ${eventId} created on the ${calendar.kind} calendar`,
      recordEvent(deps, c.id, { googleCalendarEventId: eventId, calendarEventStartsAt: view.startsAt, calendarEventEndsAt: view.endsAt }),
    );
  }
  // An earlier attempt created it (its answer was lost). Read back the times it
  // has: if they are not the current ones, the reconciler patches them.
  const existing = await calendar.client.getEvent(eventId);
  if (!existing.ok) return failed(existing);
  const startsAt = Date.parse(existing.data.start?.dateTime ?? "");
  const endsAt = Date.parse(existing.data.end?.dateTime ?? "");
  const cancelled = existing.data.status === "cancelled";
  return done(
    `event ${eventId} already existed (an earlier attempt created it)`,
    recordEvent(deps, c.id, {
      googleCalendarEventId: eventId,
      calendarEventStartsAt: cancelled || Number.isNaN(startsAt) ? null : startsAt,
      calendarEventEndsAt: cancelled || Number.isNaN(endsAt) ? null : endsAt,
    }),
  );
}

async function patchEvent(deps: OutboxDeps, c: ConsultationRow): Promise<JobOutcome> {
  if (c.status === "cancelled") return done("skipped: the consultation is cancelled (the delete job removes the event)");
  if (!c.googleCalendarEventId) {
    return done("skipped: no event yet; the create job (or the reconciler) writes the current time");
  }
  const view = consultationForMessages(c, deps.config);
  const calendar = studioCalendar(deps);
  // Erased: no personal detail and no attendee, and no mail about it to the
  // address that was just erased.
  const patched = c.erasedAt
    ? await calendar.client.patchEvent(c.googleCalendarEventId, buildErasurePatch(view), { sendUpdates: "none" })
    : await calendar.client.patchEvent(c.googleCalendarEventId, buildReschedulePatch(view), { sendUpdates: calendar.sendUpdates });
  if (!patched.ok) return failed(patched);
  return done(
    `event ${c.googleCalendarEventId} moved to ${new Date(view.startsAt).toISOString()}`,
    recordEvent(deps, c.id, { calendarEventStartsAt: view.startsAt, calendarEventEndsAt: view.endsAt }),
  );
}

async function deleteEvent(deps: OutboxDeps, c: ConsultationRow): Promise<JobOutcome> {
  if (c.status !== "cancelled") return done(`skipped: the consultation is ${c.status}, not cancelled`);
  // Also when we never learnt the id: an insert whose answer was lost may have made it.
  const eventId = c.googleCalendarEventId ?? calendarEventIdFor(c.id);
  const calendar = studioCalendar(deps);
  const deleted = await calendar.client.deleteEvent(eventId, { sendUpdates: calendar.sendUpdates });
  if (!deleted.ok) return failed(deleted);
  return done(
    deleted.data.alreadyGone ? `event ${eventId} was already gone` : `event ${eventId} deleted`,
    recordEvent(deps, c.id, { calendarEventStartsAt: null, calendarEventEndsAt: null }),
  );
}
