import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { outboxJobs, webhookAttempts, webhookEndpoints } from "../db/schema.server";
import { MAX_ATTEMPTS } from "../outbox/plans.server";
import type { WebhookJobPayload } from "./events.server";

// Recent deliveries for /admin/webhooks: each 'webhook.deliver' job with its
// endpoint and the receiver's last answer; and "resend", which queues the same
// event (same id, same body) to the same endpoint again as a new delivery.

export type DeliveryView = {
  id: string;
  eventId: string;
  type: string;
  consultationId: string;
  endpointUrl: string | null;
  status: string;
  attempts: number;
  runAt: number;
  createdAt: number;
  resendOf: string | null;
  lastAnswer: { statusCode: number | null; excerpt: string | null; error: string | null; durationMs: number; at: number } | null;
};

export async function recentDeliveries(db: Db, options: { limit?: number } = {}): Promise<DeliveryView[]> {
  const jobs = await db
    .select()
    .from(outboxJobs)
    .where(eq(outboxJobs.kind, "webhook.deliver"))
    .orderBy(desc(outboxJobs.createdAt))
    .limit(options.limit ?? 50);
  if (jobs.length === 0) return [];
  const ids = jobs.map((j) => j.id);
  const [endpoints, attempts] = await Promise.all([
    db.select({ id: webhookEndpoints.id, url: webhookEndpoints.url }).from(webhookEndpoints),
    // The newest attempt of each job.
    db
      .select()
      .from(webhookAttempts)
      .where(
        and(
          sql`${webhookAttempts.jobId} IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
          sql`${webhookAttempts.createdAt} = (SELECT max(a.created_at) FROM webhook_attempts a WHERE a.job_id = ${webhookAttempts.jobId})`,
        ),
      ),
  ]);
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  const attemptOf = new Map(attempts.map((a) => [a.jobId, a]));
  return jobs.map((job) => {
    const payload = JSON.parse(job.payload) as WebhookJobPayload;
    const last = attemptOf.get(job.id);
    return {
      id: job.id,
      eventId: payload.eventId,
      type: payload.type,
      consultationId: job.consultationId,
      endpointUrl: urlOf.get(payload.endpointId) ?? null,
      status: job.status,
      attempts: job.attempts,
      runAt: job.runAt,
      createdAt: job.createdAt,
      resendOf: payload.resendOf ?? null,
      lastAnswer: last
        ? { statusCode: last.statusCode, excerpt: last.responseExcerpt, error: last.error, durationMs: last.durationMs, at: last.createdAt }
        : null,
    };
  });
}

/**
 * Queues the delivery's event to its endpoint again, due now: a new delivery
 * with the same event id and body, so the receiver can tell it has seen it.
 * Returns the new delivery's id, or null when there is no such delivery or
 * its endpoint was removed.
 */
export async function resendDelivery(db: Db, deliveryId: string, now: number): Promise<string | null> {
  const [job] = await db
    .select()
    .from(outboxJobs)
    .where(and(eq(outboxJobs.id, deliveryId), eq(outboxJobs.kind, "webhook.deliver")))
    .limit(1);
  if (!job) return null;
  const payload = JSON.parse(job.payload) as WebhookJobPayload;
  const id = crypto.randomUUID();
  // Only while the endpoint is still registered: one guarded INSERT ... SELECT.
  const inserted = await db
    .insert(outboxJobs)
    .select(
      sql`SELECT ${id}, 'webhook.deliver', ${job.consultationId}, ${JSON.stringify({ ...payload, resendOf: payload.resendOf ?? job.id })},
        ${now}, 'pending', 0, ${MAX_ATTEMPTS["webhook.deliver"]}, NULL, NULL, NULL, NULL, ${now}, ${now}, NULL
        WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ${payload.endpointId} AND disabled_at IS NULL)`,
    )
    .returning({ id: outboxJobs.id });
  return inserted.length > 0 ? id : null;
}
