import { json, type ActionFunctionArgs } from "@remix-run/cloudflare";
import { appServices } from "~/server/context.server";
import { checkRateLimit, tooManyRequests } from "~/server/rate-limit/limits.server";
import { handleSendGridWebhook } from "~/server/notifications/webhook.server";

// POST /webhooks/sendgrid: SendGrid's Event Webhook (signed; see app/server/notifications/webhook.server.ts).
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST" }, { status: 405, headers: { allow: "POST" } });
  const limit = await checkRateLimit(context, request, "webhook");
  if (limit.limited) return tooManyRequests(limit);
  const services = appServices(context);
  try {
    const result = await handleSendGridWebhook(services, request);
    return json(result.body, { status: result.status });
  } catch (error) {
    // A 5xx makes SendGrid retry the batch later; sg_event_id dedupe makes that safe.
    services.log.error("webhook.sendgrid_failed", { error });
    return json({ error: "Could not record the events just now" }, { status: 503 });
  }
}

export async function loader() {
  return json({ error: "Use POST" }, { status: 405, headers: { allow: "POST" } });
}
