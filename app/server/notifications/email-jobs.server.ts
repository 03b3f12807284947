import { eq } from "drizzle-orm";
import { emailMessages, type ConsultationRow, type OutboxJobKind, type OutboxJobRow } from "../db/schema.server";
import type { EmailKind } from "../email/types";
import { done, type JobOutcome, type OutboxDeps } from "../outbox/deps.server";
import { composeEmail } from "./compose.server";
import { deliverOnce } from "./deliver.server";

// The consultation's own email.* jobs. One job sends at most one email, ever
// (deliver.server.ts). Each job reads the consultation as it is now, so a late email shows the
// current time, and one that no longer makes sense is skipped.

const EMAIL_KIND: Partial<Record<OutboxJobKind, EmailKind>> = {
  "email.confirmation": "confirmation",
  "email.reschedule": "reschedule",
  "email.cancellation": "cancellation",
  "email.reminder": "reminder",
  "email.follow_up": "follow_up",
};

/** Why this email should not go out any more, or null. */
function staleReason(kind: EmailKind, c: ConsultationRow, now: number): string | null {
  switch (kind) {
    case "confirmation":
    case "reschedule":
      return c.status === "scheduled" ? null : `the consultation is ${c.status}`;
    case "reminder":
      if (c.status !== "scheduled") return `the consultation is ${c.status}`;
      return now >= c.consultationDate ? "the consultation has already started" : null;
    case "follow_up":
      return c.status === "scheduled" || c.status === "completed" ? null : `the consultation is ${c.status}`;
    case "cancellation":
      return c.status === "cancelled" ? null : `the consultation is ${c.status}, not cancelled`;
  }
}

// A confirmation sent again with the manage link (booking-links.server.ts).
function jobOccasion(job: OutboxJobRow): "links_resent" | undefined {
  try {
    return (JSON.parse(job.payload) as { occasion?: unknown }).occasion === "links_resent" ? "links_resent" : undefined;
  } catch {
    return undefined;
  }
}

export async function runEmailJob(deps: OutboxDeps, job: OutboxJobRow, c: ConsultationRow): Promise<JobOutcome> {
  const kind = EMAIL_KIND[job.kind];
  if (!kind) return { ok: false, error: `not an email job: ${job.kind}`, retryable: false };
  const { config } = deps;
  const now = deps.now();

  if (c.erasedAt) return done("skipped: the client's personal data was erased");
  const stale = staleReason(kind, c, now);
  if (stale) {
    // A job an earlier attempt already sent says so, rather than "skipped".
    const [earlier] = await deps.db.select().from(emailMessages).where(eq(emailMessages.jobId, job.id)).limit(1);
    if (earlier) return done(`already recorded as ${earlier.status} (message ${earlier.id}); not sent again`);
    return done(`skipped: ${stale}`);
  }

  const googleSendsInvites = Boolean(config.integrations.calendar.google?.impersonate);
  const occasion = jobOccasion(job);
  return deliverOnce(deps, job, {
    consultationId: c.id,
    kind,
    recipient: { email: c.customerEmail, name: c.customerName },
    checkSuppression: true,
    compose: () => composeEmail(config, kind, c, { jobId: job.id, now, googleSendsInvites, occasion }),
  });
}
