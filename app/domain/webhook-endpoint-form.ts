import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";
import { checkWebhookUrl, type WebhookUrlPolicy } from "./webhook-url";

// The form that registers a webhook endpoint (/admin/webhooks), for the
// browser and the server alike. The URL rules depend on where the app runs.

export function webhookEndpointSchema(policy: WebhookUrlPolicy) {
  return z.object({
    intent: z.literal("create"),
    url: z
      .string({ required_error: "Enter the endpoint's URL" })
      .trim()
      .max(2000, "Use at most 2000 characters")
      .transform((value, ctx) => {
        const check = checkWebhookUrl(value, policy);
        if (!check.ok) {
          ctx.addIssue({ code: "custom", message: check.message });
          return z.NEVER;
        }
        return check.url;
      }),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES, { errorMap: () => ({ message: "Pick events from the list" }) }), {
        required_error: "Pick at least one event to send",
      })
      .min(1, "Pick at least one event to send")
      .transform((events) => [...new Set(events)]),
    description: z.string().trim().max(200, "Use at most 200 characters").optional(),
  });
}

export type WebhookEndpointInput = z.infer<ReturnType<typeof webhookEndpointSchema>>;
