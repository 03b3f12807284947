import { asc, eq } from "drizzle-orm";
import type { ConsultationStatus } from "~/domain/consultation";
import type { StatusActor } from "~/domain/status";
import { findConsultation } from "../consultations.server";
import type { Db } from "../db/client.server";
import { consultationChanges, consultationStatusHistory, type ConsultationRow } from "../db/schema.server";
import { findFeedback, type Feedback } from "../feedback.server";
import { emailHistoryFor } from "../notifications/history.server";
import { jobsForConsultation } from "../outbox/admin.server";

// Everything the admin's consultation page shows: the consultation, its status
// history and change log, and what the outbox did about it (emails with their
// delivery events, calendar jobs).

export type HistoryItem = {
  id: string;
  fromStatus: ConsultationStatus | null;
  toStatus: ConsultationStatus;
  actor: StatusActor;
  actorDetail: string | null;
  reason: string | null;
  at: number;
};

export type ChangeItem = {
  id: string;
  kind: "details" | "notes" | "rescheduled";
  actor: StatusActor;
  actorDetail: string | null;
  summary: string;
  at: number;
};

export type EmailItem = {
  id: string;
  kind: string;
  recipient: string;
  status: string;
  subject: string | null;
  at: number;
  updatedAt: number;
  events: { event: string; at: number }[];
};

export type JobItem = {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  runAt: number;
  lastError: string | null;
};

export type ConsultationDetail = {
  consultation: ConsultationRow;
  history: HistoryItem[];
  changes: ChangeItem[];
  emails: EmailItem[];
  jobs: JobItem[];
  /** The client's rating and comment (docs/decisions/0018), or null. */
  feedback: Feedback | null;
};

export async function loadConsultationDetail(db: Db, id: string): Promise<ConsultationDetail | null> {
  const consultation = await findConsultation(db, id);
  if (!consultation) return null;
  const [history, changes, emails, jobs, feedback] = await Promise.all([
    db
      .select()
      .from(consultationStatusHistory)
      .where(eq(consultationStatusHistory.consultationId, id))
      .orderBy(asc(consultationStatusHistory.createdAt)),
    db
      .select()
      .from(consultationChanges)
      .where(eq(consultationChanges.consultationId, id))
      .orderBy(asc(consultationChanges.createdAt)),
    emailHistoryFor(db, id),
    jobsForConsultation(db, id),
    findFeedback(db, id),
  ]);
  return {
    consultation,
    history: history.map((h) => ({
      id: h.id,
      fromStatus: h.fromStatus as ConsultationStatus | null,
      toStatus: h.toStatus as ConsultationStatus,
      actor: h.actor,
      actorDetail: h.actorDetail,
      reason: h.reason,
      at: h.createdAt,
    })),
    changes: changes.map((c) => ({ id: c.id, kind: c.kind, actor: c.actor, actorDetail: c.actorDetail, summary: c.summary, at: c.createdAt })),
    emails: emails.map((e) => ({
      id: e.id,
      kind: e.kind,
      recipient: e.recipient,
      status: e.status,
      subject: e.subject,
      at: e.createdAt,
      updatedAt: e.updatedAt,
      events: e.events.map((ev) => ({ event: ev.event, at: ev.occurredAt })),
    })),
    jobs: jobs.map((j) => ({ id: j.id, kind: j.kind, status: j.status, attempts: j.attempts, runAt: j.runAt, lastError: j.lastError })),
    feedback,
  };
}
