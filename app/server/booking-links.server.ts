import { sql } from "drizzle-orm";
import type { Db } from "./db/client.server";
import { outboxJobs } from "./db/schema.server";
import type { Logger } from "./log.server";
import { newJob, type Statement } from "./outbox/plans.server";

// Over MAX_UPCOMING_PER_EMAIL, the booking page only says so: anyone can type
// an address, so the existing bookings' private links go to that address by
// email (their confirmation again, with a note: email.confirmation jobs with
// payload {"occasion":"links_resent"}). At most once a day per consultation,
// so typing someone's address again and again doesn't flood their inbox.

export const RESEND_EVERY_MS = 24 * 60 * 60 * 1000;

/** Statements for one D1 batch: a resend job per consultation unless one was queued in the last day. */
export function linkResendStatements(db: Db, consultationIds: string[], now: number): Statement[] {
  return consultationIds.map((id) => {
    const job = newJob("email.confirmation", id, now, now, { occasion: "links_resent" });
    return db.insert(outboxJobs).select(sql`
      SELECT ${job.id}, ${job.kind}, ${job.consultationId}, ${job.payload}, ${job.runAt}, 'pending', 0, ${job.maxAttempts},
        NULL, NULL, NULL, NULL, ${job.createdAt}, ${job.updatedAt}, NULL
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox_jobs WHERE consultation_id = ${id} AND kind = 'email.confirmation'
          AND payload = ${job.payload} AND created_at > ${now - RESEND_EVERY_MS}
      )`);
  });
}

export async function emailBookingLinks(deps: { db: Db; log: Logger; now: () => number }, consultationIds: string[]): Promise<void> {
  const [first, ...rest] = linkResendStatements(deps.db, consultationIds, deps.now());
  if (!first) return;
  await deps.db.batch([first, ...rest]);
  deps.log.info("booking.links_resent", { consultationIds: consultationIds.join(",") });
}
