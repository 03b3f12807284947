import { and, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import {
  consultationFeedback,
  projectEvents,
  projectMilestones,
  projects,
  quotes,
  serviceRequests,
  consultationChanges,
  consultations,
  consultationStatusHistory,
  dataErasures,
  emailEvents,
  emailMessages,
  emailSuppressions,
  idempotencyKeys,
  localCalendarEvents,
  outboxJobs,
} from "../db/schema.server";
import { newJob, type Statement } from "../outbox/plans.server";

// Everything stored about a client, table by table: what "download my data"
// exports and what "delete my data" (and the retention cron) erases. One
// part per table; export.server.ts and erase.server.ts only walk this list.
//
// A new table with client data adds ONE part here, e.g. for feedback:
//
//   { name: "feedback",
//     export: (db, ids) => db.select().from(consultationFeedback).where(inArray(consultationFeedback.consultationId, ids)),
//     erase: (db, ids) => [db.update(consultationFeedback).set({ comment: null }).where(inArray(consultationFeedback.consultationId, ids))] },
//
// Erasure keeps times, statuses, ratings and counts (the reports still add up)
// and blanks what identifies or describes the person. See docs/decisions/0022.

export const ERASED = "(erased)";

export type PrivacyContext = { db: Db; consultationIds: string[]; now: number };

export type PrivacyPart = {
  /** The key in the exported JSON. */
  name: string;
  /** Rows to export (omit for tables that hold nothing worth showing, e.g. caches). */
  export?: (ctx: PrivacyContext) => Promise<unknown[] | Record<string, unknown> | null>;
  /** Statements for the erasure's D1 batch (omit when there is nothing personal). */
  erase?: (ctx: PrivacyContext) => Statement[];
};

const ids = (ctx: PrivacyContext) => ctx.consultationIds;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export const PRIVACY_PARTS: PrivacyPart[] = [
  {
    name: "consultations",
    async export(ctx) {
      const rows = await ctx.db.select().from(consultations).where(inArray(consultations.id, ids(ctx)));
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        startsAt: iso(r.consultationDate),
        durationMinutes: r.durationMinutes,
        timeZone: r.timeZone,
        projectName: r.projectName,
        projectDescription: r.projectDescription,
        genre: r.genre,
        bpm: r.bpm,
        name: r.customerName,
        email: r.customerEmail,
        phone: r.customerPhone,
        specialRequirements: r.specialRequirements,
        studioNotes: r.adminNotes,
        calendarEventId: r.googleCalendarEventId,
        bookedAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        erasedAt: iso(r.erasedAt),
      }));
    },
    erase: (ctx) => [
      ctx.db
        .update(consultations)
        .set({
          projectName: ERASED,
          projectDescription: ERASED,
          customerName: ERASED,
          customerEmail: ERASED,
          customerPhone: null,
          specialRequirements: null,
          adminNotes: null,
          erasedAt: ctx.now,
          // updated_at is the row's version for the change use cases (0009).
          updatedAt: sql`MAX(${consultations.updatedAt} + 1, ${ctx.now})`,
        })
        // Erased once: a second erasure changes nothing and records nothing.
        .where(and(inArray(consultations.id, ids(ctx)), isNull(consultations.erasedAt))),
    ],
  },
  {
    name: "statusHistory",
    export: (ctx) =>
      ctx.db
        .select({
          consultationId: consultationStatusHistory.consultationId,
          from: consultationStatusHistory.fromStatus,
          to: consultationStatusHistory.toStatus,
          by: consultationStatusHistory.actor,
          reason: consultationStatusHistory.reason,
          at: consultationStatusHistory.createdAt,
        })
        .from(consultationStatusHistory)
        .where(inArray(consultationStatusHistory.consultationId, ids(ctx))),
    // Reasons are free text (a client's cancellation reason may say why).
    erase: (ctx) => [
      ctx.db
        .update(consultationStatusHistory)
        .set({ reason: ERASED })
        .where(and(inArray(consultationStatusHistory.consultationId, ids(ctx)), sql`${consultationStatusHistory.reason} IS NOT NULL`)),
    ],
  },
  {
    name: "changes",
    export: (ctx) =>
      ctx.db
        .select({ consultationId: consultationChanges.consultationId, kind: consultationChanges.kind, by: consultationChanges.actor, summary: consultationChanges.summary, at: consultationChanges.createdAt })
        .from(consultationChanges)
        .where(inArray(consultationChanges.consultationId, ids(ctx))),
    // Summaries name the fields changed, never their values; a reschedule's may end with the studio's reason.
    erase: (ctx) => [
      ctx.db
        .update(consultationChanges)
        .set({ summary: sql`CASE WHEN ${consultationChanges.kind} = 'rescheduled' THEN 'Moved to another time' ELSE ${consultationChanges.summary} END` })
        .where(inArray(consultationChanges.consultationId, ids(ctx))),
    ],
  },
  {
    name: "emails",
    export: (ctx) =>
      ctx.db
        .select({
          consultationId: emailMessages.consultationId,
          kind: emailMessages.kind,
          to: emailMessages.recipient,
          subject: emailMessages.subject,
          status: emailMessages.status,
          provider: emailMessages.provider,
          at: emailMessages.createdAt,
        })
        .from(emailMessages)
        .where(inArray(emailMessages.consultationId, ids(ctx))),
    erase: (ctx) => [
      // The provider's events quote the address.
      ctx.db
        .update(emailEvents)
        .set({ raw: "{}" })
        .where(inArray(emailEvents.messageId, ctx.db.select({ id: emailMessages.id }).from(emailMessages).where(inArray(emailMessages.consultationId, ids(ctx))))),
      ctx.db
        .update(emailMessages)
        .set({ recipient: ERASED, subject: null, html: null, text: null, ics: null })
        .where(inArray(emailMessages.consultationId, ids(ctx))),
    ],
  },
  {
    name: "outbox",
    // What was (or will be) sent or changed for the client, without payloads.
    export: (ctx) =>
      ctx.db
        .select({ consultationId: outboxJobs.consultationId, kind: outboxJobs.kind, status: outboxJobs.status, runAt: outboxJobs.runAt })
        .from(outboxJobs)
        .where(inArray(outboxJobs.consultationId, ids(ctx))),
    // No more mail to an erased address; the calendar event is rewritten
    // without the client (calendar.patch reads the erased row when it runs).
    erase: (ctx) => [
      ctx.db
        .update(outboxJobs)
        .set({ status: "cancelled", result: "personal data erased", updatedAt: ctx.now, doneAt: ctx.now })
        .where(and(inArray(outboxJobs.consultationId, ids(ctx)), eq(outboxJobs.status, "pending"), like(outboxJobs.kind, "email.%"))),
      ...ids(ctx).map((id) => {
        const job = newJob("calendar.patch", id, ctx.now, ctx.now, { reason: "erased" });
        // Columns in the table's order, as in outbox/plans.server.ts insertUnless.
        return ctx.db.insert(outboxJobs).select(sql`
          SELECT ${job.id}, ${job.kind}, ${job.consultationId}, ${job.payload}, ${job.runAt}, 'pending', 0, ${job.maxAttempts},
            NULL, NULL, NULL, NULL, ${job.createdAt}, ${job.updatedAt}, NULL
          WHERE EXISTS (SELECT 1 FROM consultations WHERE id = ${id} AND google_calendar_event_id IS NOT NULL AND status != 'cancelled')`);
      }),
    ],
  },
  {
    name: "localCalendar",
    // Only the development stand-in for Google; the patch job rewrites live events.
    erase: (ctx) => [
      ctx.db
        .update(localCalendarEvents)
        .set({ summary: "Consultation (personal details erased)", body: sql`json_set(${localCalendarEvents.body}, '$.description', ${ERASED}, '$.attendees', json('[]'), '$.summary', 'Consultation (personal details erased)')` })
        .where(inArray(localCalendarEvents.consultationId, ids(ctx))),
    ],
  },
  {
    name: "idempotencyKeys",
    // A stored 201 answer repeats the booking, name and email included.
    erase: (ctx) => [
      ctx.db.delete(idempotencyKeys).where(or(...ids(ctx).map((id) => like(idempotencyKeys.responseBody, `%${id}%`)))),
    ],
  },
  {
    name: "feedback",
    export: (ctx) =>
      ctx.db
        .select({ consultationId: consultationFeedback.consultationId, rating: consultationFeedback.rating, comment: consultationFeedback.comment, at: consultationFeedback.createdAt, editedAt: consultationFeedback.updatedAt })
        .from(consultationFeedback)
        .where(inArray(consultationFeedback.consultationId, ids(ctx))),
    // The rating stays (the reports' averages); the comment is the client's own words.
    erase: (ctx) => [ctx.db.update(consultationFeedback).set({ comment: null }).where(inArray(consultationFeedback.consultationId, ids(ctx)))],
  },
  {
    name: "serviceRequests",
    export: (ctx) =>
      ctx.db
        .select({
          id: serviceRequests.id,
          consultationId: serviceRequests.consultationId,
          status: serviceRequests.status,
          trackCount: serviceRequests.trackCount,
          fileLinks: serviceRequests.fileLinks,
          wishedDeadline: serviceRequests.wishedDeadline,
          notes: serviceRequests.notes,
          estimate: serviceRequests.estimateJson,
          currency: serviceRequests.currency,
          sentAt: serviceRequests.createdAt,
        })
        .from(serviceRequests)
        .where(inArray(serviceRequests.consultationId, ids(ctx))),
    // The choice and its estimate stay (the funnel's figures); links and notes go.
    erase: (ctx) => [
      ctx.db.update(serviceRequests).set({ fileLinks: "[]", notes: null }).where(inArray(serviceRequests.consultationId, ids(ctx))),
    ],
  },
  {
    name: "quotes",
    export: (ctx) =>
      ctx.db
        .select({
          id: quotes.id,
          number: quotes.number,
          status: quotes.status,
          message: quotes.message,
          paymentTerms: quotes.paymentTerms,
          sentAt: quotes.sentAt,
          expiresAt: quotes.expiresAt,
          acceptedName: quotes.acceptedName,
          acceptedAt: quotes.acceptedAt,
          acceptedTotalMinor: quotes.acceptedTotalMinor,
          declinedAt: quotes.declinedAt,
          declineReason: quotes.declineReason,
          currency: quotes.currency,
        })
        .from(quotes)
        .where(inArray(quotes.consultationId, ids(ctx))),
    // Numbers, totals and outcomes stay (accepted value in the reports); the
    // typed name, the snapshot (it repeats the name) and free text go.
    erase: (ctx) => [
      ctx.db
        .update(quotes)
        .set({
          acceptedName: sql`CASE WHEN ${quotes.acceptedName} IS NULL THEN NULL ELSE ${ERASED} END`,
          acceptedSnapshot: sql`CASE WHEN ${quotes.acceptedSnapshot} IS NULL THEN NULL ELSE '{}' END`,
          declineReason: sql`CASE WHEN ${quotes.declineReason} IS NULL THEN NULL ELSE ${ERASED} END`,
        })
        .where(inArray(quotes.consultationId, ids(ctx))),
    ],
  },
  {
    name: "projects",
    export: async (ctx) => {
      const rows = await ctx.db.select().from(projects).where(inArray(projects.consultationId, ids(ctx)));
      if (rows.length === 0) return [];
      const projectIds = rows.map((r) => r.id);
      const milestones = await ctx.db.select().from(projectMilestones).where(inArray(projectMilestones.projectId, projectIds));
      return rows.map((r) => ({
        id: r.id,
        consultationId: r.consultationId,
        status: r.status,
        filesReceivedAt: iso(r.filesReceivedAt),
        dueDate: r.dueDate,
        totalMinor: r.totalMinor,
        milestones: milestones.filter((m) => m.projectId === r.id).map((m) => ({ milestone: m.kind, doneAt: iso(m.doneAt), note: m.note })),
      }));
    },
    // Notes to the client may name them or their songs.
    erase: (ctx) => {
      const ofClient = ctx.db.select({ id: projects.id }).from(projects).where(inArray(projects.consultationId, ids(ctx)));
      return [
        ctx.db.update(projectMilestones).set({ note: null }).where(inArray(projectMilestones.projectId, ofClient)),
        ctx.db.update(projectEvents).set({ note: null }).where(inArray(projectEvents.projectId, ofClient)),
      ];
    },
  },
  {
    name: "erasures",
    export: (ctx) =>
      ctx.db
        .select({ consultationId: dataErasures.consultationId, by: dataErasures.actor, reason: dataErasures.reason, at: dataErasures.createdAt })
        .from(dataErasures)
        .where(inArray(dataErasures.consultationId, ids(ctx))),
  },
];

/** Whether the address is on the suppression list (kept after erasure: it is what stops mail to it). */
export async function suppressionOf(db: Db, email: string) {
  const [row] = await db.select().from(emailSuppressions).where(eq(emailSuppressions.email, email.trim().toLowerCase())).limit(1);
  return row ? { reason: row.reason, since: iso(row.createdAt) } : null;
}
