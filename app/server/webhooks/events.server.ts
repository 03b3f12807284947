import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { WebhookEventType } from "~/domain/webhook-events";
import type { Db } from "../db/client.server";
import { preparedStatement, type BoundStatement, type Placeholders } from "../db/prepared.server";
import { outboxJobs, type ConsultationRow } from "../db/schema.server";
import { MAX_ATTEMPTS, type Statement } from "../outbox/plans.server";
import { consultationJson } from "../submit-booking.server";

// A webhook event becomes one outbox job per endpoint subscribed to it, in the
// SAME D1 batch as the change that caused it: one INSERT ... SELECT over the
// active endpoints, so no read (and no await) comes between the change and its
// deliveries. The body is fixed now, so every retry (and a resend) carries the
// same bytes and the same event id; only the signature's timestamp changes.

export type WebhookEvent = {
  /** evt_<uuid without dashes>: the same for every endpoint and every retry. */
  id: string;
  type: WebhookEventType;
  consultationId: string;
  /** The JSON body sent to every endpoint. */
  body: string;
};

export function newWebhookEvent(type: WebhookEventType, consultationId: string, data: Record<string, unknown>, now: number): WebhookEvent {
  const id = `evt_${crypto.randomUUID().replace(/-/g, "")}`;
  const body = JSON.stringify({ id, type, createdAt: new Date(now).toISOString(), data });
  return { id, type, consultationId, body };
}

/** What every consultation event carries: the consultation as it is after the change. */
export function consultationEventData(row: ConsultationRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    consultation: {
      ...consultationJson(row),
      source: { page: row.sourcePage, utmSource: row.utmSource, utmMedium: row.utmMedium, utmCampaign: row.utmCampaign },
    },
    ...extra,
  };
}

export type WebhookJobPayload = { eventId: string; type: WebhookEventType; endpointId: string; body: string; resendOf?: string };

/**
 * The statement that queues `event` for every active endpoint subscribed to
 * its type (none: it inserts nothing). Put it in the change's batch.
 * `onlyIf` queues it only when the condition holds as the batch runs (e.g. the
 * row the change inserted is there).
 */
export function webhookEventStatement(db: Db, event: WebhookEvent | EventPlaceholders, now: number | Placeholder, onlyIf?: SQL) {
  const maxAttempts = MAX_ATTEMPTS["webhook.deliver"];
  // Columns in the table's order (drizzle inserts into all of them). Job ids
  // are UUIDs like every other job's (the outbox page retries by UUID).
  return db.insert(outboxJobs).select(sql`
    SELECT
      lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
      'webhook.deliver', ${event.consultationId},
      json_object('eventId', ${event.id}, 'type', ${event.type}, 'endpointId', e.id, 'body', ${event.body}),
      ${now}, 'pending', 0, ${maxAttempts}, NULL, NULL, NULL, NULL, ${now}, ${now}, NULL
    FROM (SELECT hex(randomblob(16)) AS h, id FROM webhook_endpoints
          WHERE disabled_at IS NULL AND EXISTS (SELECT 1 FROM json_each(webhook_endpoints.events) WHERE value = ${event.type})
          ${onlyIf ? sql`AND (${onlyIf})` : sql``}) AS e`);
}

/** The event's statement for a consultation change, in one call. */
export function consultationWebhook(db: Db, type: WebhookEventType, row: ConsultationRow, now: number, extra: Record<string, unknown> = {}): Statement {
  return webhookEventStatement(db, newWebhookEvent(type, row.id, consultationEventData(row, extra), now), now);
}

type EventPlaceholders = { [K in keyof WebhookEvent]: Placeholder };

// The same statement with its SQL built once per isolate, for the booking's own
// path (docs/decisions/0051): every booking writes it, with or without endpoints.
const preparedEvent = preparedStatement((db: Db, p: Placeholders<WebhookEvent & { now: number }>) => webhookEventStatement(db, p, p.now));

/** consultationWebhook for the booking's batch (db/prepared.server.ts). */
export function preparedConsultationWebhook(db: Db, type: WebhookEventType, row: ConsultationRow, now: number): BoundStatement<unknown> {
  return preparedEvent.bind(db, { ...newWebhookEvent(type, row.id, consultationEventData(row), now), now });
}
