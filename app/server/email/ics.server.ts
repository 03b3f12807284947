import type { EmailAttachment } from "./message";
import { escapeText, paramValue, serializeLines, stripControls, utcStamp } from "./ics-format";

export type IcsMethod = "REQUEST" | "CANCEL";

export type IcsInput = {
  method: IcsMethod;
  uid: string;
  sequence: number;
  startsAt: number; // epoch ms
  endsAt: number; // epoch ms
  summary: string;
  description: string;
  location?: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** DTSTAMP: when this version of the invite was produced. */
  now: number;
  url?: string;
};

/**
 * Stable across reschedules and cancellation: calendar apps match updates to
 * the original invite by UID, and order them by SEQUENCE.
 */
export function icsUidFor(consultationId: string, uidDomain: string): string {
  return `consultation-${consultationId}@${uidDomain}`;
}

export function buildIcs(input: IcsInput): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Studio Consultations//Booking//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `METHOD:${input.method}`,
    "BEGIN:VEVENT",
    `UID:${stripControls(input.uid)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(input.sequence))}`,
    `DTSTAMP:${utcStamp(input.now)}`,
    `DTSTART:${utcStamp(input.startsAt)}`,
    `DTEND:${utcStamp(input.endsAt)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    `DESCRIPTION:${escapeText(input.description)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`] : []),
    ...(input.url ? [`URL:${stripControls(input.url)}`] : []),
    `STATUS:${input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    `ORGANIZER;CN=${paramValue(input.organizer.name)}:mailto:${stripControls(input.organizer.email)}`,
    `ATTENDEE;CN=${paramValue(input.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${stripControls(input.attendee.email)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return serializeLines(lines);
}

/** The attachment shape mail clients recognise as an invite (method must match METHOD). */
export function icsAttachment(ics: string, method: IcsMethod): EmailAttachment {
  return { filename: "invite.ics", content: ics, contentType: `text/calendar; method=${method}` };
}
