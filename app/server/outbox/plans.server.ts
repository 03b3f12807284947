import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { preparedStatement, type BoundStatement, type Placeholders } from "../db/prepared.server";
import { consultations, outboxJobs, type ConsultationRow, type OutboxJobKind } from "../db/schema.server";

// What a booking, a reschedule and a cancellation imply for the outside world,
// as statements for the SAME D1 batch as the consultation change: the change
// and its jobs commit together or not at all. Nothing here calls Google or the
// email provider; the runner (runner.server.ts) does, later.

export type Statement = Parameters<Db["batch"]>[0][number];

type ConsultationTimes = Pick<ConsultationRow, "id" | "consultationDate" | "durationMinutes">;

const HOUR_MS = 60 * 60 * 1000;
/** The reminder goes out this long before the consultation starts. */
export const REMINDER_BEFORE_MS = 24 * HOUR_MS;
/** No reminder when it would go out sooner than this after booking: the confirmation just did its job. */
export const REMINDER_MIN_LEAD_MS = 1 * HOUR_MS;
/** The follow-up goes out this long after the consultation ends. */
export const FOLLOW_UP_AFTER_MS = 1 * HOUR_MS;

export const MAX_ATTEMPTS: Record<OutboxJobKind, number> = {
  "calendar.create": 12,
  "calendar.patch": 12,
  "calendar.delete": 12,
  "email.confirmation": 10,
  "email.reschedule": 10,
  "email.cancellation": 10,
  "email.reminder": 8,
  "email.follow_up": 8,
  "email.request_received": 10,
  "email.request_copy": 10,
  "email.quote_sent": 10,
  "email.quote_accepted": 10,
  "email.quote_accepted_studio": 10,
  "email.quote_declined_studio": 10,
  "email.milestone": 10,
  // 30 s, 1, 2, 4 ... min, capped at 1 h: about 5 hours of tries before it is dead.
  "webhook.deliver": 12,
};

export function endsAtOf(c: ConsultationTimes): number {
  return c.consultationDate + c.durationMinutes * 60_000;
}

export function reminderAt(c: ConsultationTimes): number {
  return c.consultationDate - REMINDER_BEFORE_MS;
}

export function followUpAt(c: ConsultationTimes): number {
  return endsAtOf(c) + FOLLOW_UP_AFTER_MS;
}

function reminderWanted(c: ConsultationTimes, now: number): boolean {
  return reminderAt(c) >= now + REMINDER_MIN_LEAD_MS;
}

export type NewJob = typeof outboxJobs.$inferInsert;

export function newJob(
  kind: OutboxJobKind,
  consultationId: string,
  runAt: number,
  now: number,
  payload: Record<string, unknown> = {},
): NewJob {
  return {
    id: crypto.randomUUID(),
    kind,
    consultationId,
    payload: JSON.stringify(payload),
    runAt,
    status: "pending",
    attempts: 0,
    maxAttempts: MAX_ATTEMPTS[kind],
    createdAt: now,
    updatedAt: now,
  };
}

/** Booking: create the event, confirm by email, remind at start - 24 h, follow up after the end. */
export function bookingJobs(consultation: ConsultationTimes, now: number): NewJob[] {
  const id = consultation.id;
  const jobs = [newJob("calendar.create", id, now, now), newJob("email.confirmation", id, now, now)];
  if (reminderWanted(consultation, now)) jobs.push(newJob("email.reminder", id, reminderAt(consultation), now));
  jobs.push(newJob("email.follow_up", id, followUpAt(consultation), now));
  return jobs;
}

export function jobsForBooking(db: Db, consultation: ConsultationTimes, now: number): Statement[] {
  return [db.insert(outboxJobs).values(bookingJobs(consultation, now))];
}

// The booking's own path (booking.server.ts): the same jobs as jobsForBooking,
// in one INSERT whose SQL is built once per isolate for each number of rows.
const JOB_FIELDS = ["id", "kind", "consultationId", "payload", "runAt", "status", "attempts", "maxAttempts", "createdAt", "updatedAt"] as const;
const jobInserts = new Map<number, ReturnType<typeof jobInsertOf>>();

function jobInsertOf(rows: number) {
  return preparedStatement((db: Db, p: Placeholders<Record<string, unknown>>) =>
    db
      .insert(outboxJobs)
      .values(Array.from({ length: rows }, (_, i) => Object.fromEntries(JOB_FIELDS.map((field) => [field, p[`${field}${i}`]])) as never)),
  );
}

export function bookingJobStatements(db: Db, consultation: ConsultationTimes, now: number): BoundStatement<unknown>[] {
  const jobs = bookingJobs(consultation, now);
  let insert = jobInserts.get(jobs.length);
  if (!insert) jobInserts.set(jobs.length, (insert = jobInsertOf(jobs.length)));
  const values: Record<string, unknown> = {};
  jobs.forEach((job, i) => {
    for (const field of JOB_FIELDS) values[`${field}${i}`] = job[field] ?? null;
  });
  return [insert.bind(db, values)];
}

/**
 * Reschedule. `consultation` carries the NEW time; the caller's batch must also
 * hold the UPDATE of consultation_date (before or after these statements).
 * Raises calendar_sequence (do not raise it yourself), patches the event,
 * sends the reschedule email with the updated invite, and moves the pending
 * reminder and follow-up (or adds them when the new time calls for them).
 */
export function jobsForReschedule(db: Db, consultation: ConsultationTimes, previousStartsAt: number, now: number): Statement[] {
  const id = consultation.id;
  const statements: Statement[] = [
    db
      .update(consultations)
      .set({ calendarSequence: sql`${consultations.calendarSequence} + 1` })
      .where(eq(consultations.id, id)),
    db.insert(outboxJobs).values([
      newJob("calendar.patch", id, now, now, { previousStartsAt }),
      newJob("email.reschedule", id, now, now, { previousStartsAt }),
    ]),
  ];

  const pendingOf = (kind: OutboxJobKind) =>
    and(eq(outboxJobs.consultationId, id), eq(outboxJobs.kind, kind), eq(outboxJobs.status, "pending"));

  if (reminderWanted(consultation, now)) {
    const at = reminderAt(consultation);
    statements.push(
      db.update(outboxJobs).set({ runAt: at, attempts: 0, updatedAt: now }).where(pendingOf("email.reminder")),
      insertUnless(db, newJob("email.reminder", id, at, now), ["pending"]),
    );
  } else {
    statements.push(
      db
        .update(outboxJobs)
        .set({ status: "cancelled", result: "rescheduled to less than a day ahead", updatedAt: now, doneAt: now })
        .where(pendingOf("email.reminder")),
    );
  }

  const followUp = followUpAt(consultation);
  statements.push(
    db.update(outboxJobs).set({ runAt: followUp, attempts: 0, updatedAt: now }).where(pendingOf("email.follow_up")),
    // One follow-up per consultation, ever.
    insertUnless(db, newJob("email.follow_up", id, followUp, now), ["pending", "running", "done"]),
  );
  return statements;
}

/**
 * Cancellation. The caller's batch holds the status change. Raises
 * calendar_sequence, deletes the event, sends the cancellation (METHOD:CANCEL),
 * and cancels the reminder, follow-up and any calendar work still waiting.
 */
export function jobsForCancellation(db: Db, consultation: Pick<ConsultationRow, "id">, now: number): Statement[] {
  const id = consultation.id;
  return [
    db
      .update(consultations)
      .set({ calendarSequence: sql`${consultations.calendarSequence} + 1` })
      .where(eq(consultations.id, id)),
    db
      .update(outboxJobs)
      .set({ status: "cancelled", result: "consultation cancelled", updatedAt: now, doneAt: now })
      .where(
        and(
          eq(outboxJobs.consultationId, id),
          eq(outboxJobs.status, "pending"),
          inArray(outboxJobs.kind, ["email.reminder", "email.follow_up", "email.reschedule", "calendar.create", "calendar.patch"]),
        ),
      ),
    db.insert(outboxJobs).values([newJob("calendar.delete", id, now, now), newJob("email.cancellation", id, now, now)]),
  ];
}

// What the studio's calendar event shows (see google/event-body.server.ts).
const FIELDS_ON_THE_EVENT = new Set([
  "projectName",
  "projectDescription",
  "genre",
  "bpm",
  "customerName",
  "customerEmail",
  "customerPhone",
  "specialRequirements",
]);

/**
 * The studio edited a scheduled consultation's details: bring its calendar
 * event up to date (one waiting patch is enough, it reads the row when it runs).
 * The client is not emailed: the time, and so their invite, did not change.
 */
export function jobsForDetailsChange(
  db: Db,
  consultation: Pick<ConsultationRow, "id" | "status">,
  fields: readonly string[],
  now: number,
): Statement[] {
  if (consultation.status !== "scheduled" || !fields.some((f) => FIELDS_ON_THE_EVENT.has(f))) return [];
  return [insertUnless(db, newJob("calendar.patch", consultation.id, now, now, { reason: "details" }), ["pending"])];
}

/** INSERT the job unless the consultation already has one of that kind in one of these statuses. */
function insertUnless(db: Db, job: NewJob, statuses: string[]): Statement {
  const list = sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  );
  // Columns in the table's order (drizzle inserts into all of them). Not
  // db.run(sql`...`): drizzle cannot put a raw statement with parameters in a D1 batch.
  return db.insert(outboxJobs).select(sql`
    SELECT ${job.id}, ${job.kind}, ${job.consultationId}, ${job.payload}, ${job.runAt}, 'pending', 0, ${job.maxAttempts},
      NULL, NULL, NULL, NULL, ${job.createdAt}, ${job.updatedAt}, NULL
    WHERE NOT EXISTS (
      SELECT 1 FROM outbox_jobs WHERE consultation_id = ${job.consultationId} AND kind = ${job.kind} AND status IN (${list})
    )`);
}
