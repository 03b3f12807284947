import { eq } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { preparedStatement, runBatch, type Placeholders } from "../db/prepared.server";
import { emailMessages, type EmailMessageRow, type OutboxJobRow } from "../db/schema.server";
import type { EmailAddress, OutgoingEmail } from "../email/message";
import type { AnyEmailKind } from "../email/types";
import { done, failed, type JobOutcome, type OutboxDeps } from "../outbox/deps.server";
import { emailSender } from "./sender.server";
import { blocksKind, normaliseEmail, suppressionOf } from "./suppressions.server";

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

// Built once per isolate, bound per job (db/prepared.server.ts, docs/decisions/0071).
const earlierMessage = preparedStatement((db: Db, p: Placeholders<{ jobId: string }>) =>
  db.select().from(emailMessages).where(eq(emailMessages.jobId, p.jobId)).limit(1),
);

// Every column is its own placeholder, so a sent, a local and a suppressed message share one statement.
type MessageValues = Omit<EmailMessageRow, "jobId"> & { jobId: string };
const recordMessage = preparedStatement((db: Db, p: Placeholders<MessageValues>) =>
  db
    .insert(emailMessages)
    .values({
      id: p.id,
      jobId: p.jobId,
      consultationId: p.consultationId,
      kind: p.kind,
      recipient: p.recipient,
      provider: p.provider,
      providerMessageId: p.providerMessageId,
      status: p.status,
      subject: p.subject,
      html: p.html,
      text: p.text,
      ics: p.ics,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    })
    .onConflictDoNothing(),
);

export async function deliverOnce(deps: OutboxDeps, job: OutboxJobRow, delivery: Delivery): Promise<JobOutcome> {
  const { db, config } = deps;
  const now = deps.now();
  const { consultationId, kind, recipient } = delivery;

  const earlierRead = earlierMessage.bind(db, { jobId: job.id });
  const [[earlier], [suppression]] = delivery.checkSuppression
    ? await runBatch(db, [earlierRead, suppressionOf.bind(db, { email: normaliseEmail(recipient.email) })])
    : [...(await runBatch(db, [earlierRead])), []];
  if (earlier) return done(`already recorded as ${earlier.status} (message ${earlier.id}); not sent again`);

  const message = { id: crypto.randomUUID(), jobId: job.id, consultationId, kind, recipient: recipient.email, createdAt: now, updatedAt: now };
  const none = { providerMessageId: null, subject: null, html: null, text: null, ics: null };
  const suppressed = blocksKind(suppression?.reason, kind);
  if (suppressed) {
    const record = recordMessage.bind(db, { ...message, ...none, provider: "none", status: "suppressed" });
    return done(`suppressed: the address is on the suppression list (${suppressed})`, [record]);
  }

  const sender = emailSender(config);
  const { email, ics } = await delivery.compose();
  const sent = await sender.send(email);
  if (!sent.ok) return failed(sent);

  // The local provider keeps the content for /dev/mailbox.
  const local = sender.provider === "local";
  const record = recordMessage.bind(db, {
    ...message,
    ...none,
    provider: sender.provider,
    providerMessageId: sent.providerMessageId ?? null,
    status: "sent",
    subject: email.subject,
    ...(local ? { html: email.html, text: email.text, ics: ics ?? null } : {}),
  });
  deps.log.info("email.sent", { jobId: job.id, consultationId, kind, provider: sender.provider, providerMessageId: sent.providerMessageId });
  return done(`sent with ${sender.provider}${sent.providerMessageId ? ` (${sent.providerMessageId})` : ""}`, [record]);
}
