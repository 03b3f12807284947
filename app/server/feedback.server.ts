import { eq } from "drizzle-orm";
import type { FeedbackInput } from "~/domain/feedback";
import { feedbackWindow, type FeedbackWindow } from "~/domain/feedback-window";
import type { AppServices } from "./context.server";
import type { Db } from "./db/client.server";
import { consultationFeedback, type ConsultationRow } from "./db/schema.server";

// The client's feedback on a consultation (/manage/:token/feedback): one row
// per consultation; sending the form again edits it (docs/decisions/0018).

export type Feedback = { rating: number; comment: string | null; createdAt: number; updatedAt: number };

export async function findFeedback(db: Db, consultationId: string): Promise<Feedback | null> {
  const [row] = await db.select().from(consultationFeedback).where(eq(consultationFeedback.consultationId, consultationId)).limit(1);
  return row ? { rating: row.rating, comment: row.comment, createdAt: row.createdAt, updatedAt: row.updatedAt } : null;
}

export type SaveFeedbackOutcome =
  | { kind: "saved"; created: boolean; feedback: Feedback }
  | { kind: "closed"; window: Exclude<FeedbackWindow, "open"> };

// One statement decides and writes: the row goes in only while the
// consultation, as it is in D1 at that moment, takes feedback (completed, or
// scheduled and started), so a cancellation or no-show recorded between our
// read and this write can't slip a rating in. A second send (or a double
// click, or two tabs) lands on the same primary key and edits it.
const UPSERT_SQL = `INSERT INTO consultation_feedback (consultation_id, rating, comment, created_at, updated_at)
  SELECT id, ?2, ?3, ?4, ?4 FROM consultations
  WHERE id = ?1 AND (status = 'completed' OR (status = 'scheduled' AND consultation_date <= ?4))
  ON CONFLICT (consultation_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at
  RETURNING rating, comment, created_at, updated_at`;

export async function saveFeedback(
  services: Pick<AppServices, "env" | "now" | "log">,
  consultation: ConsultationRow,
  input: FeedbackInput,
): Promise<SaveFeedbackOutcome> {
  const now = services.now();
  const row = await services.env.DB.prepare(UPSERT_SQL)
    .bind(consultation.id, input.rating, input.comment, now)
    .first<{ rating: number; comment: string | null; created_at: number; updated_at: number }>();
  if (!row) {
    // Refused by the guard: say why from the consultation as it is now.
    const current = await services.env.DB.prepare("SELECT status, consultation_date FROM consultations WHERE id = ?")
      .bind(consultation.id)
      .first<{ status: ConsultationRow["status"]; consultation_date: number }>();
    const window = current ? feedbackWindow({ status: current.status, consultationDate: current.consultation_date }, now) : "cancelled";
    return { kind: "closed", window: window === "open" ? "not_yet" : window };
  }
  const created = row.created_at === row.updated_at;
  services.log.info(created ? "feedback.created" : "feedback.updated", { consultationId: consultation.id, rating: row.rating });
  return {
    kind: "saved",
    created,
    feedback: { rating: row.rating, comment: row.comment, createdAt: row.created_at, updatedAt: row.updated_at },
  };
}
