import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.server";
import type { QuoteRow, ServiceRequestRow } from "../db/schema.server";
import type { Statement } from "../outbox/plans.server";
import { newWebhookEvent, webhookEventStatement } from "./events.server";

// Webhook events of the path after the consultation, queued in the batch of
// the change like the consultation's own (events.server.ts). Bodies carry ids,
// amounts and outcomes; the client's details are on the consultation, which a
// receiver can fetch from the admin API.

type RequestFacts = Pick<ServiceRequestRow, "id" | "consultationId" | "trackCount" | "estimateTotalMinor" | "currency"> & { packageId: string };

/** Queued only if the request row is there when the batch runs (a replayed submission adds nothing). */
export function serviceRequestWebhook(db: Db, request: RequestFacts, now: number): Statement {
  const event = newWebhookEvent(
    "service_request.submitted",
    request.consultationId,
    {
      serviceRequest: {
        id: request.id,
        consultationId: request.consultationId,
        packageId: request.packageId,
        trackCount: request.trackCount,
        estimateTotalMinor: request.estimateTotalMinor,
        currency: request.currency,
      },
    },
    now,
  );
  return webhookEventStatement(db, event, now, sql`EXISTS (SELECT 1 FROM service_requests WHERE id = ${request.id} AND created_at = ${now})`);
}

type QuoteFacts = Pick<QuoteRow, "id" | "serviceRequestId" | "consultationId" | "number" | "currency">;

/** `onlyIf`: the guard the change's own UPDATE set (status and stamp), so a batch that lost its guard queues nothing. */
export function quoteWebhook(
  db: Db,
  type: "quote.sent" | "quote.accepted" | "quote.declined",
  quote: QuoteFacts,
  facts: Record<string, unknown>,
  now: number,
  onlyIf: SQL,
): Statement {
  const event = newWebhookEvent(
    type,
    quote.consultationId,
    { quote: { id: quote.id, number: quote.number, serviceRequestId: quote.serviceRequestId, consultationId: quote.consultationId, currency: quote.currency, ...facts } },
    now,
  );
  return webhookEventStatement(db, event, now, onlyIf);
}
