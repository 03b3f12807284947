import { eq } from "drizzle-orm";
import { emailEvents, emailMessages, type SuppressionReason } from "../db/schema.server";
import { parseSendGridEvents, type DeliveryStatus, type DeliveryUpdate } from "../email/webhook-events";
import { verifySendGridSignature } from "../email/webhook-signature.server";
import type { OutboxDeps } from "../outbox/deps.server";
import { suppress } from "./suppressions.server";

// POST /webhooks/sendgrid: SendGrid's Event Webhook. Verified over the raw
// body, deduplicated on sg_event_id, recorded against our message (found by
// the job_id custom arg, else by the X-Message-Id prefix of sg_message_id).

const MAX_BODY_BYTES = 1024 * 1024;

// A message's status only moves forward: a late "delivered" must not hide a "clicked" or a "bounced".
const RANK: Record<string, number> = {
  sent: 0,
  processed: 1,
  deferred: 2,
  delivered: 3,
  opened: 4,
  clicked: 5,
  unsubscribed: 6,
  dropped: 7,
  bounced: 7,
  spam_report: 8,
};

function suppressionReason(update: DeliveryUpdate, raw: unknown): SuppressionReason | null {
  if (update.status === "unsubscribed") return "unsubscribe";
  if (!update.suppress) return null;
  if (update.status === "spam_report") return "spamreport";
  // A drop suppresses only for "Bounced Address" or "Spam Reporting Address".
  const reason = (raw as { reason?: unknown } | null)?.reason;
  if (update.status === "dropped" && typeof reason === "string" && /spam/i.test(reason)) return "spamreport";
  return "bounce";
}

export type WebhookResult = { status: number; body: Record<string, unknown> };

export async function handleSendGridWebhook(deps: OutboxDeps, request: Request): Promise<WebhookResult> {
  const publicKey = deps.config.integrations.email.webhookPublicKey;
  if (!publicKey) {
    deps.log.warn("webhook.sendgrid_not_configured", {});
    return { status: 503, body: { error: "The SendGrid event webhook is not configured (SENDGRID_WEBHOOK_PUBLIC_KEY)." } };
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { status: 413, body: { error: "Payload too large" } };
  // The signature covers these exact bytes: never re-serialise before verifying.
  const rawBody = await request.text();
  if (rawBody.length > MAX_BODY_BYTES) return { status: 413, body: { error: "Payload too large" } };

  const check = await verifySendGridSignature({
    publicKey,
    signature: request.headers.get("x-twilio-email-event-webhook-signature"),
    timestamp: request.headers.get("x-twilio-email-event-webhook-timestamp"),
    rawBody,
    now: deps.now(),
  });
  if (!check.ok) {
    deps.log.warn("webhook.sendgrid_rejected", { reason: check.reason });
    if (check.reason === "bad_key") return { status: 503, body: { error: "SENDGRID_WEBHOOK_PUBLIC_KEY is not a valid P-256 public key" } };
    return { status: check.reason === "missing" ? 401 : 403, body: { error: `Rejected: ${check.reason}` } };
  }

  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: "The body is not JSON" } };
  }
  const parsed = parseSendGridEvents(body);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };

  const rawById = new Map<string, unknown>();
  for (const item of body as { sg_event_id?: unknown }[]) {
    if (item && typeof item.sg_event_id === "string") rawById.set(item.sg_event_id, item);
  }
  let recorded = 0;
  let duplicates = 0;
  for (const update of parsed.updates) {
    const fresh = await recordUpdate(deps, update, rawById.get(update.sgEventId));
    if (fresh) recorded++;
    else duplicates++;
  }
  deps.log.info("webhook.sendgrid", { events: parsed.updates.length, recorded, duplicates, skipped: parsed.skipped });
  return { status: 200, body: { recorded, duplicates, skipped: parsed.skipped } };
}

/** False when this sg_event_id was seen before (SendGrid retries batches). */
async function recordUpdate(deps: OutboxDeps, update: DeliveryUpdate, raw: unknown): Promise<boolean> {
  const { db } = deps;
  const now = deps.now();
  const message = await findMessage(deps, update);
  const inserted = await db
    .insert(emailEvents)
    .values({
      sgEventId: update.sgEventId,
      messageId: message?.id ?? null,
      event: update.status,
      occurredAt: update.occurredAt,
      raw: JSON.stringify(raw ?? null).slice(0, 8000),
      receivedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: emailEvents.sgEventId });
  if (inserted.length === 0) return false;

  if (message && (RANK[update.status] ?? 0) >= (RANK[message.status] ?? 0)) {
    await db.update(emailMessages).set({ status: update.status, updatedAt: now }).where(eq(emailMessages.id, message.id));
  }
  const reason = suppressionReason(update, raw);
  if (reason) {
    await suppress(db, update.email, reason, now);
    deps.log.info("email.suppressed", { reason, messageId: message?.id ?? null, consultationId: update.consultationId });
  }
  return true;
}

async function findMessage(deps: OutboxDeps, update: DeliveryUpdate): Promise<{ id: string; status: string } | undefined> {
  const columns = { id: emailMessages.id, status: emailMessages.status };
  if (update.jobId) {
    const [byJob] = await deps.db.select(columns).from(emailMessages).where(eq(emailMessages.jobId, update.jobId)).limit(1);
    if (byJob) return byJob;
  }
  if (update.providerMessageId) {
    const [byId] = await deps.db
      .select(columns)
      .from(emailMessages)
      .where(eq(emailMessages.providerMessageId, update.providerMessageId))
      .limit(1);
    if (byId) return byId;
  }
  return undefined;
}

export type { DeliveryStatus };
