import type { calendar_v3 } from "@googleapis/calendar";
import type { ConsultationForMessages } from "../email/types";
import { calendarEventIdFor } from "./event-id";

export type EventBodyOptions = {
  /**
   * Adds the client as an attendee. Off by default: we send our own invite,
   * and service accounts may only invite with domain-wide delegation.
   */
  inviteAttendee?: boolean;
};

/** The studio calendar's copy of a consultation; the id makes inserts idempotent. */
export function buildConsultationEvent(
  c: ConsultationForMessages,
  options: EventBodyOptions = {},
): calendar_v3.Schema$Event {
  return {
    id: calendarEventIdFor(c.id),
    summary: `Consultation: ${c.projectName} (${c.customerName})`,
    description: consultationDescription(c),
    start: { dateTime: new Date(c.startsAt).toISOString(), timeZone: "UTC" },
    end: { dateTime: new Date(c.endsAt).toISOString(), timeZone: "UTC" },
    status: "confirmed",
    extendedProperties: { private: { consultationId: c.id } },
    ...(options.inviteAttendee ? { attendees: [{ email: c.customerEmail, displayName: c.customerName }] } : {}),
  };
}

/** For reschedules: only the fields that change, so studio edits to the event survive. */
export function buildReschedulePatch(c: ConsultationForMessages): calendar_v3.Schema$Event {
  return {
    summary: `Consultation: ${c.projectName} (${c.customerName})`,
    description: consultationDescription(c),
    start: { dateTime: new Date(c.startsAt).toISOString(), timeZone: "UTC" },
    end: { dateTime: new Date(c.endsAt).toISOString(), timeZone: "UTC" },
  };
}

/**
 * After the client's personal data was erased (docs/decisions/0022): the event
 * keeps its time, loses the client as attendee and every personal detail.
 */
export function buildErasurePatch(c: Pick<ConsultationForMessages, "startsAt" | "endsAt" | "genre">): calendar_v3.Schema$Event {
  return {
    summary: "Consultation (personal details erased)",
    description: `Genre: ${c.genre}\n\nThe client's personal details were erased on request or after the retention period. The time is kept for the studio's records.`,
    attendees: [],
    start: { dateTime: new Date(c.startsAt).toISOString(), timeZone: "UTC" },
    end: { dateTime: new Date(c.endsAt).toISOString(), timeZone: "UTC" },
  };
}

function consultationDescription(c: ConsultationForMessages): string {
  return [
    `Project: ${c.projectName}`,
    `Genre: ${c.genre}`,
    `BPM: ${c.bpm ?? "not given"}`,
    "",
    c.projectDescription,
    "",
    `Client: ${c.customerName}`,
    `Email: ${c.customerEmail}`,
    `Phone: ${c.customerPhone ?? "not given"}`,
    `Special requirements: ${c.specialRequirements ?? "none"}`,
    `Client time zone: ${c.clientTimeZone}`,
  ].join("\n");
}
