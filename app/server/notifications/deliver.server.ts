import { eq } from "drizzle-orm";
import { emailMessages, type OutboxJobRow } from "../db/schema.server";
import type { EmailAddress, OutgoingEmail } from "../email/message";
import type { AnyEmailKind } from "../email/types";
import { done, failed, type JobOutcome, type OutboxDeps } from "../outbox/deps.server";
import { emailSender } from "./sender.server";
import { blocksKind, suppressionQuery } from "./suppressions.server";

// The one way an email job sends: at most one email per job, ever. Before
// sending it looks for the message an earlier attempt of the job recorded
// (email_messages.job_id is unique) and honours the suppression list, both in
// ONE D1 batch. The message row it records goes back to the runner as the
// outcome's `writes`, committed in one batch with the job's outcome
// (docs/decisions/0069); it is what stops a second send, so the runner writes
// it even when the outcome row is no longer this runner's (lease lost) and,
// when that batch fails, on its own. The local provider keeps the content for
// /dev/mailbox.

export type Delivery = {
  consultationId: string;
  kind: AnyEmailKind;
  recipient: EmailAddress;
  /** Builds the message (only called when it will really be sent). */
  compose: () => Promise<{ email: OutgoingEmail; ics?: string }>;
  /** Suppression rules apply to mail to clients, not to the studio's own notifications. */
  checkSuppression: boolean;
};

export async function deliverOnce(deps: OutboxDeps, job: OutboxJobRow, delivery: Delivery): Promise<JobOutcome> {
  const { db, config } = deps;
  const now = deps.now();
  const { consultationId, kind, recipient } = delivery;

  const earlierQuery = db.select().from(emailMessages).where(eq(emailMessages.jobId, job.id)).limit(1);
  const [[earlier], [suppression]] = delivery.checkSuppression
    ? await db.batch([earlierQuery, suppressionQuery(db, recipient.email)])
    : [await earlierQuery, []];
  if (earlier) return done(`already recorded as ${earlier.status} (message ${earlier.id}); not sent again`);

  const suppressed = blocksKind(suppression?.reason, kind);
  if (suppressed) {
    const record = db
      .insert(emailMessages)
      .values({
        id: crypto.randomUUID(),
        jobId: job.id,
        consultationId,
        kind,
        recipient: recipient.email,
        provider: "none",
        status: "suppressed",
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    return done(`suppressed: the address is on the suppression list (${suppressed})`, [record]);
  }

  const sender = emailSender(config);
  const { email, ics } = await delivery.compose();
  const sent = await sender.send(email);
  if (!sent.ok) return failed(sent);

  const local = sender.provider === "local";
  const record = db
    .insert(emailMessages)
    .values({
      id: crypto.randomUUID(),
      jobId: job.id,
      consultationId,
      kind,
      recipient: recipient.email,
      provider: sender.provider,
      providerMessageId: sent.providerMessageId,
      status: "sent",
      subject: email.subject,
      ...(local ? { html: email.html, text: email.text, ics: ics ?? null } : {}),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  deps.log.info("email.sent", { jobId: job.id, consultationId, kind, provider: sender.provider, providerMessageId: sent.providerMessageId });
  return done(`sent with ${sender.provider}${sent.providerMessageId ? ` (${sent.providerMessageId})` : ""}`, [record]);
}
