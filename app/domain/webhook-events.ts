// The events the studio's other tools can subscribe to in /admin/webhooks.
// Adding one is one line here plus a call to webhookEventStatement(...) in the
// D1 batch of the change that causes it (app/server/webhooks/events.server.ts).

export const WEBHOOK_EVENTS = [
  { type: "consultation.booked", label: "Consultation booked" },
  { type: "consultation.rescheduled", label: "Consultation rescheduled" },
  { type: "consultation.cancelled", label: "Consultation cancelled" },
  { type: "consultation.completed", label: "Consultation completed" },
  { type: "service_request.submitted", label: "Service request sent by a client" },
  { type: "quote.sent", label: "Quote sent" },
  { type: "quote.accepted", label: "Quote accepted" },
  { type: "quote.declined", label: "Quote declined" },
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]["type"];

export const WEBHOOK_EVENT_TYPES = WEBHOOK_EVENTS.map((e) => e.type) as [WebhookEventType, ...WebhookEventType[]];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

export function webhookEventLabel(type: string): string {
  return WEBHOOK_EVENTS.find((e) => e.type === type)?.label ?? type;
}
