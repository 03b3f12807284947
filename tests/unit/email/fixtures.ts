import { buildIcs, icsAttachment, icsUidFor } from "../../../app/server/email/ics.server";
import type { OutgoingEmail } from "../../../app/server/email/message";
import { renderEmail, sampleConsultation } from "../../../app/server/email/templates.server";

/** A realistic confirmation with a multi-byte ICS attachment. */
export function confirmationEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const c = { ...sampleConsultation(), customerName: "Zoë Café", projectName: "東京 Nights" };
  const rendered = renderEmail("confirmation", {
    consultation: c,
    studioName: "Night Owl Studio",
    manageUrl: "https://bookings.example.com/manage/t",
    bookAgainUrl: "https://bookings.example.com/book",
  });
  const ics = buildIcs({
    method: "REQUEST",
    uid: icsUidFor(c.id, "bookings.example.com"),
    sequence: c.sequence,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    summary: `Consultation: ${c.projectName}`,
    description: c.projectDescription,
    organizer: { name: "Night Owl Studio", email: "studio@example.com" },
    attendee: { name: c.customerName, email: c.customerEmail },
    now: Date.UTC(2026, 10, 1),
  });
  return {
    to: { email: c.customerEmail, name: c.customerName },
    from: { email: "bookings@example.com", name: "Night Owl Studio" },
    replyTo: { email: "studio@example.com", name: "Night Owl Studio" },
    ...rendered,
    attachments: [icsAttachment(ics, "REQUEST")],
    kind: "confirmation",
    consultationId: c.id,
    jobId: "job-0001",
    ...overrides,
  };
}
