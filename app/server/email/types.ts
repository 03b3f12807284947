/**
 * The one shape every outgoing message (email, ICS, calendar event) is built
 * from. The rest of the app maps its database rows onto this, so templates and
 * provider modules never depend on the schema.
 */
export type ConsultationForMessages = {
  id: string;
  projectName: string;
  projectDescription: string;
  genre: string;
  bpm: number | null;
  customerName: string;
  customerEmail: string;
  customerPhone: string | null;
  specialRequirements: string | null;
  startsAt: number; // epoch ms
  endsAt: number; // epoch ms
  clientTimeZone: string;
  studioTimeZone: string;
  sequence: number; // ICS SEQUENCE, raised on every change
  locale: string; // the client's, for dates and times (app/domain/locale.ts)
};

export const EMAIL_KINDS = [
  "confirmation",
  "reschedule",
  "cancellation",
  "reminder",
  "follow_up",
] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];

export function isEmailKind(value: unknown): value is EmailKind {
  return typeof value === "string" && (EMAIL_KINDS as readonly string[]).includes(value);
}

/**
 * Emails of the path after the consultation (service requests, quotes,
 * projects). They are composed by app/server/notifications/service-emails.server.ts
 * from the ids in their outbox job's payload; some go to the studio.
 */
export const SERVICE_EMAIL_KINDS = [
  "request_received", // to the studio: a client sent a service request
  "request_copy", // to the client: a copy of what they sent
  "quote_sent", // to the client: the quote, with its private link
  "quote_accepted", // to the client: what they accepted, the project's next step
  "quote_accepted_studio", // to the studio
  "quote_declined_studio", // to the studio
  "milestone", // to the client: a project milestone moved
] as const;

export type ServiceEmailKind = (typeof SERVICE_EMAIL_KINDS)[number];

/** Every kind recorded in email_messages.kind. */
export type AnyEmailKind = EmailKind | ServiceEmailKind;

export function isAnyEmailKind(value: unknown): value is AnyEmailKind {
  return isEmailKind(value) || (typeof value === "string" && (SERVICE_EMAIL_KINDS as readonly string[]).includes(value));
}
