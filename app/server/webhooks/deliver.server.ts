import { eq } from "drizzle-orm";
import { checkWebhookUrl, webhookUrlPolicy } from "~/domain/webhook-url";
import { webhookAttempts, webhookEndpoints, type OutboxJobRow } from "../db/schema.server";
import { errorMessage, fetchWithTimeout, parseRetryAfter, type FetchLike } from "../email/provider-call.server";
import type { JobOutcome, OutboxDeps } from "../outbox/deps.server";
import type { WebhookJobPayload } from "./events.server";
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

// Runs one 'webhook.deliver' job: one signed POST to one endpoint. Any 2xx is
// done; anything else (3xx included: redirects are not followed, they could
// lead anywhere), a network error or a timeout is retried with the outbox's
// backoff. Every try is recorded with the receiver's answer for the admin.

const EXCERPT_CHARS = 500;

export async function runWebhookJob(deps: OutboxDeps & { fetch?: FetchLike }, job: OutboxJobRow): Promise<JobOutcome> {
  const payload = JSON.parse(job.payload) as WebhookJobPayload;
  const [endpoint] = await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, payload.endpointId)).limit(1);
  if (!endpoint || endpoint.disabledAt !== null) return { ok: true, result: "skipped: the endpoint was removed" };
  // Checked again at each try: the rules may be stricter where the job runs.
  const target = checkWebhookUrl(endpoint.url, webhookUrlPolicy(deps.config.appEnv));
  if (!target.ok) return { ok: false, error: `refused to call ${endpoint.url}: ${target.message}`, retryable: false };

  const started = deps.now();
  const timestamp = Math.floor(started / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": `${deps.config.studioName.replace(/[^\x20-\x7e]/g, "")} webhooks/1`,
    [SIGNATURE_HEADER]: await signatureHeader(endpoint.secret, timestamp, payload.body),
    [EVENT_ID_HEADER]: payload.eventId,
    [EVENT_TYPE_HEADER]: payload.type,
    [DELIVERY_ID_HEADER]: job.id,
  };
  const answer = await fetchWithTimeout(
    deps.fetch ?? ((input, init) => fetch(input, init)),
    target.url,
    { method: "POST", headers, body: payload.body, redirect: "manual" },
    deps.config.integrations.outboundTimeoutMs,
  );
  const durationMs = Math.max(0, deps.now() - started);

  const statusCode = answer.ok ? answer.response.status : answer.status || null;
  const excerpt = answer.ok ? answer.bodyText.slice(0, EXCERPT_CHARS) : null;
  const delivered = answer.ok && answer.response.status >= 200 && answer.response.status < 300;
  const error = answer.ok ? (delivered ? null : `answered ${answer.response.status}`) : answer.message;
  try {
    await deps.db.insert(webhookAttempts).values({
      id: crypto.randomUUID(),
      jobId: job.id,
      endpointId: endpoint.id,
      eventId: payload.eventId,
      attempt: job.attempts,
      statusCode,
      responseExcerpt: excerpt,
      error,
      durationMs,
      createdAt: started,
    });
  } catch (cause) {
    // The delivery itself happened (or not) either way; the history is a nicety.
    deps.log.warn("webhook.attempt_not_recorded", { jobId: job.id, error: errorMessage(cause) });
  }

  if (delivered) return { ok: true, result: `${answer.response.status} in ${durationMs} ms` };
  if (answer.ok) {
    const retryAfterSeconds = [429, 503].includes(answer.response.status) ? parseRetryAfter(answer.response.headers.get("retry-after")) : undefined;
    return { ok: false, error: `${endpoint.url} answered ${answer.response.status}`, retryable: true, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  return { ok: false, error: `${endpoint.url}: ${answer.message}`, retryable: true };
}
