import { z } from "zod";
import { isEmailKind, type EmailKind } from "./types";

/**
 * SendGrid Event Webhook payload: a JSON array of events. Unknown fields are
 * kept (passthrough) because SendGrid adds fields without notice; our
 * custom_args (consultation_id, kind, job_id) arrive as top-level fields.
 */
export const sendGridEventSchema = z
  .object({
    email: z.string(),
    timestamp: z.number(),
    event: z.string(),
    sg_event_id: z.string(),
    sg_message_id: z.string().optional(),
    consultation_id: z.string().optional(),
    kind: z.string().optional(),
    job_id: z.string().optional(),
    type: z.string().optional(),
    bounce_classification: z.string().optional(),
    reason: z.string().optional(),
  })
  .passthrough();

export const sendGridEventsSchema = z.array(sendGridEventSchema);

export type SendGridEvent = z.infer<typeof sendGridEventSchema>;

export type DeliveryStatus =
  | "processed"
  | "deferred"
  | "delivered"
  | "bounced"
  | "dropped"
  | "spam_report"
  | "unsubscribed"
  | "opened"
  | "clicked";

export type DeliveryUpdate = {
  sgEventId: string;
  /** The X-Message-Id we stored at send time (sg_message_id up to its first dot). */
  providerMessageId: string | null;
  consultationId: string | null;
  kind: EmailKind | null;
  jobId: string | null;
  status: DeliveryStatus;
  occurredAt: number; // epoch ms
  email: string;
  /** True when this address must never be mailed again. */
  suppress: boolean;
};

const STATUS_BY_EVENT: Record<string, DeliveryStatus> = {
  processed: "processed",
  deferred: "deferred",
  delivered: "delivered",
  bounce: "bounced",
  dropped: "dropped",
  spamreport: "spam_report",
  unsubscribe: "unsubscribed",
  group_unsubscribe: "unsubscribed",
  open: "opened",
  click: "clicked",
};

/**
 * Only permanent failures suppress: a hard bounce (type "bounce"; "blocked" is
 * a receiving server's temporary refusal), a drop because the address already
 * bounced, and a spam complaint (SendGrid also drops later sends to such an
 * address, reason "Spam Reporting Address").
 */
export function mustSuppress(event: SendGridEvent): boolean {
  switch (event.event) {
    case "bounce":
      return event.type === undefined || event.type === "bounce";
    case "dropped":
      return /bounced address|spam reporting address/i.test(event.reason ?? "");
    case "spamreport":
      return true;
    default:
      return false;
  }
}

/** sg_message_id is "<X-Message-Id>.<filter details>". */
export function providerMessageIdOf(sgMessageId: string | undefined): string | null {
  if (!sgMessageId) return null;
  return sgMessageId.split(".")[0] || null;
}

/** Null for events we don't track (e.g. group_resubscribe). */
export function toDeliveryUpdate(event: SendGridEvent): DeliveryUpdate | null {
  const status = STATUS_BY_EVENT[event.event];
  if (!status) return null;
  return {
    sgEventId: event.sg_event_id,
    providerMessageId: providerMessageIdOf(event.sg_message_id),
    consultationId: event.consultation_id ?? null,
    kind: isEmailKind(event.kind) ? event.kind : null,
    jobId: event.job_id ?? null,
    status,
    occurredAt: event.timestamp * 1000,
    email: event.email,
    suppress: mustSuppress(event),
  };
}

/**
 * Parses a verified webhook body. One odd event must not make SendGrid re-post
 * (and us re-process) the whole batch, so events are checked one by one and
 * the unusable ones only counted.
 */
export function parseSendGridEvents(
  body: unknown,
): { ok: true; updates: DeliveryUpdate[]; skipped: number } | { ok: false; error: string } {
  if (!Array.isArray(body)) return { ok: false, error: "payload is not a JSON array" };
  const updates: DeliveryUpdate[] = [];
  let skipped = 0;
  for (const item of body) {
    const parsed = sendGridEventSchema.safeParse(item);
    const update = parsed.success ? toDeliveryUpdate(parsed.data) : null;
    if (update) updates.push(update);
    else skipped++;
  }
  return { ok: true, updates, skipped };
}
