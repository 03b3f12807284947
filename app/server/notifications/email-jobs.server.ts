import { eq } from "drizzle-orm";
import { emailMessages, type ConsultationRow, type OutboxJobKind, type OutboxJobRow } from "../db/schema.server";
import type { EmailKind } from "../email/types";
import { done, failed, type JobOutcome, type OutboxDeps } from "../outbox/deps.server";
import { composeEmail } from "./compose.server";
import { emailSender } from "./sender.server";
import { blockedBySuppression } from "./suppressions.server";

// email.* jobs. One job sends at most one email, ever: before sending, the job
// looks for the message an earlier attempt of it recorded (email_messages.job_id
// is unique), and it records the message before the runner marks it done.
// Each job reads the consultation as it is now, so a late email shows the
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
  const { db, config } = deps;
  const now = deps.now();

  const [earlier] = await db.select().from(emailMessages).where(eq(emailMessages.jobId, job.id)).limit(1);
  if (earlier) return done(`already recorded as ${earlier.status} (message ${earlier.id}); not sent again`);

  if (c.erasedAt) return done("skipped: the client's personal data was erased");
  const stale = staleReason(kind, c, now);
  if (stale) return done(`skipped: ${stale}`);

  const sender = emailSender(config);
  const suppressed = await blockedBySuppression(db, c.customerEmail, kind);
  if (suppressed) {
    await db
      .insert(emailMessages)
      .values({
        id: crypto.randomUUID(),
        jobId: job.id,
        consultationId: c.id,
        kind,
        recipient: c.customerEmail,
        provider: "none",
        status: "suppressed",
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    return done(`suppressed: the address is on the suppression list (${suppressed})`);
  }

  const googleSendsInvites = Boolean(config.integrations.calendar.google?.impersonate);
  const occasion = jobOccasion(job);
  const { email, ics } = await composeEmail(config, kind, c, { jobId: job.id, now, googleSendsInvites, occasion });
  const sent = await sender.send(email);
  if (!sent.ok) return failed(sent);

  const local = sender.provider === "local";
  const id = crypto.randomUUID();
  await db
    .insert(emailMessages)
    .values({
      id,
      jobId: job.id,
      consultationId: c.id,
      kind,
      recipient: c.customerEmail,
      provider: sender.provider,
      providerMessageId: sent.providerMessageId,
      status: "sent",
      subject: email.subject,
      ...(local ? { html: email.html, text: email.text, ics: ics ?? null } : {}),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  deps.log.info("email.sent", { jobId: job.id, consultationId: c.id, kind, provider: sender.provider, providerMessageId: sent.providerMessageId });
  return done(`sent with ${sender.provider}${sent.providerMessageId ? ` (${sent.providerMessageId})` : ""}`);
}
