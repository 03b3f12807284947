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
