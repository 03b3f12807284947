import { slotLines } from "./format-time.server";
import { renderLayout } from "./layout.server";
import { EMAIL_KINDS, type ConsultationForMessages, type EmailKind } from "./types";

export { EMAIL_KINDS, type EmailKind };

export type EmailTemplateData = {
  consultation: ConsultationForMessages;
  studioName: string;
  manageUrl: string;
  /** Only reminder and follow_up carry it: the others are transactional. */
  unsubscribeUrl?: string;
  bookAgainUrl: string;
  /** The follow-up's links: "how did it go?" (/manage/:token/feedback) and the service request (/manage/:token/service). */
  feedbackUrl?: string;
  serviceUrl?: string;
  /** False when Google Calendar sends the invite itself (domain-wide delegation): no ICS is attached. */
  inviteAttached?: boolean;
  /**
   * "links_resent": this confirmation is sent again because someone tried to
   * book one more consultation with this address than we hold (the booking
   * page never shows the existing bookings' links; they come here).
   */
  occasion?: "links_resent";
};

export type RenderedEmail = { subject: string; html: string; text: string };

type Copy = {
  subject: string;
  heading: string;
  intro: string;
  cta: { label: string; url: string };
  /** A second, quieter link under the button (the follow-up's service request). */
  secondary?: { text: string; label: string; url: string };
  showDetails: boolean;
};

/** All wording lives here, so copy changes never touch the sending code. */
function copyFor(kind: EmailKind, data: EmailTemplateData): Copy {
  const c = data.consultation;
  const manage = { label: "Manage your booking", url: data.manageUrl };
  const attached = data.inviteAttached !== false;
  switch (kind) {
    case "confirmation":
      if (data.occasion === "links_resent") {
        return {
          subject: `Your upcoming consultation - ${c.projectName}`,
          heading: "Your booking with us",
          intro: `Hi ${c.customerName}, someone (we hope you) just tried to book another consultation with this email address, but it already has as many upcoming consultations as we can hold for one person. This is one of them. To change or cancel it, use the link below; you can then book a new time.`,
          cta: manage,
          showDetails: true,
        };
      }
      return {
        subject: `Your consultation is confirmed - ${c.projectName}`,
        heading: "You're booked in",
        intro: `Hi ${c.customerName}, your 15-minute consultation about "${c.projectName}" is confirmed. ${attached ? "A calendar invite is attached." : "A calendar invite follows in a separate email."}`,
        cta: manage,
        showDetails: true,
      };
    case "reschedule":
      return {
        subject: `Your consultation has moved - ${c.projectName}`,
        heading: "Your consultation has moved",
        intro: `Hi ${c.customerName}, your consultation about "${c.projectName}" now has a new time. ${attached ? "The updated calendar invite is attached." : "Your calendar invite has been updated."}`,
        cta: manage,
        showDetails: true,
      };
    case "cancellation":
      return {
        subject: `Your consultation is cancelled - ${c.projectName}`,
        heading: "Your consultation is cancelled",
        intro: `Hi ${c.customerName}, your consultation about "${c.projectName}" has been cancelled. We'd love to hear the project another time.`,
        cta: { label: "Book a new time", url: data.bookAgainUrl },
        showDetails: false,
      };
    case "reminder":
      return {
        subject: `Reminder: your consultation tomorrow - ${c.projectName}`,
        heading: "See you tomorrow",
        intro: `Hi ${c.customerName}, a quick reminder that your consultation about "${c.projectName}" is tomorrow.`,
        cta: manage,
        showDetails: true,
      };
    case "follow_up":
      // Asks how it went (the feedback form) and offers the next step, a
      // quote for the work, both behind the client's private link.
      return {
        subject: `How did it go? Your consultation - ${c.projectName}`,
        heading: "How did it go?",
        intro: `Hi ${c.customerName}, thanks for telling us about "${c.projectName}". How was your consultation? A rating and a word or two take less than a minute and help us improve.`,
        cta: { label: "Tell us how it went", url: data.feedbackUrl ?? data.manageUrl },
        secondary: {
          text: "Ready for the next step? Ask for a quote for mixing, mastering or production: your project's details are already filled in.",
          label: "Request a quote",
          url: data.serviceUrl ?? data.bookAgainUrl,
        },
        showDetails: false,
      };
  }
}

function detailRows(c: ConsultationForMessages, showDetails: boolean): { label: string; value: string }[] {
  const rows = slotLines(c);
  if (!showDetails) return rows;
  rows.push({ label: "Project", value: c.projectName }, { label: "Genre", value: c.genre });
  if (c.bpm !== null) rows.push({ label: "BPM", value: String(c.bpm) });
  if (c.specialRequirements) rows.push({ label: "Special requirements", value: c.specialRequirements });
  return rows;
}

function withUnsubscribe(kind: EmailKind, data: EmailTemplateData): string | undefined {
  return kind === "reminder" || kind === "follow_up" ? data.unsubscribeUrl : undefined;
}

export function renderEmail(kind: EmailKind, data: EmailTemplateData): RenderedEmail {
  const copy = copyFor(kind, data);
  const unsubscribeUrl = withUnsubscribe(kind, data);
  return renderLayout({
    studioName: data.studioName,
    subject: copy.subject,
    heading: copy.heading,
    blocks: [
      { kind: "paragraph", text: copy.intro },
      { kind: "rows", rows: detailRows(data.consultation, copy.showDetails) },
      { kind: "button", ...copy.cta },
      ...(copy.secondary ? [{ kind: "link" as const, ...copy.secondary }] : []),
    ],
    unsubscribe: unsubscribeUrl ? { label: "Unsubscribe from reminders and follow-ups", url: unsubscribeUrl } : undefined,
  });
}

/** Fixed, fictional data for template previews and tests. */
export function sampleConsultation(): ConsultationForMessages {
  return {
    id: "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d",
    projectName: "Midnight Drive EP",
    projectDescription: "Four-track synthwave EP; need help with mixing and mastering the lead single.",
    genre: "Synthwave",
    bpm: 118,
    customerName: "Alex Example",
    customerEmail: "alex@example.com",
    customerPhone: "+44 20 7946 0000",
    specialRequirements: "Step-free access, please.",
    startsAt: Date.UTC(2026, 11, 1, 15, 0),
    endsAt: Date.UTC(2026, 11, 1, 15, 15),
    clientTimeZone: "America/New_York",
    studioTimeZone: "Europe/London",
    sequence: 0,
    locale: "en-GB",
  };
}
