import { escapeHtml } from "./escape-html";
import { slotLines } from "./format-time.server";
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
  const rows = detailRows(data.consultation, copy.showDetails);
  const unsubscribeUrl = withUnsubscribe(kind, data);
  // A subject is a header: a newline in a project name must not start a new one.
  const subject = copy.subject.replace(/[\r\n]+/g, " ");
  return {
    subject,
    html: renderHtml({ copy, rows, subject, studioName: data.studioName, unsubscribeUrl }),
    text: renderText({ copy, rows, studioName: data.studioName, unsubscribeUrl }),
  };
}

type Parts = {
  copy: Copy;
  rows: { label: string; value: string }[];
  studioName: string;
  unsubscribeUrl: string | undefined;
};

function renderText({ copy, rows, studioName, unsubscribeUrl }: Parts): string {
  return [
    studioName,
    "",
    copy.heading,
    "",
    copy.intro,
    "",
    ...rows.map((row) => `${row.label}: ${row.value}`),
    "",
    `${copy.cta.label}: ${copy.cta.url}`,
    ...(copy.secondary ? ["", copy.secondary.text, `${copy.secondary.label}: ${copy.secondary.url}`] : []),
    ...(unsubscribeUrl ? ["", `Unsubscribe from reminders and follow-ups: ${unsubscribeUrl}`] : []),
    "",
  ].join("\n");
}

function renderHtml({ copy, rows, subject, studioName, unsubscribeUrl }: Parts & { subject: string }): string {
  const e = escapeHtml;
  const rowHtml = rows
    .map(
      (row) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;font-size:14px;vertical-align:top;white-space:nowrap;">${e(row.label)}</td>` +
        `<td style="padding:4px 0;color:#111827;font-size:14px;">${e(row.value)}</td></tr>`,
    )
    .join("");
  const unsubscribe = unsubscribeUrl
    ? `<p style="margin:8px 0 0;"><a href="${e(unsubscribeUrl)}" style="color:#9ca3af;">Unsubscribe from reminders and follow-ups</a></p>`
    : "";
  const secondary = copy.secondary
    ? `\n<p style="margin:24px 0 0;font-size:15px;line-height:1.5;color:#374151;">${e(copy.secondary.text)} <a href="${e(copy.secondary.url)}" style="color:#6d28d9;font-weight:bold;">${e(copy.secondary.label)}</a></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden;">
<tr><td style="background:#111827;padding:20px 32px;color:#ffffff;font-size:20px;font-weight:bold;letter-spacing:0.5px;">${e(studioName)}</td></tr>
<tr><td style="padding:32px;">
<h1 style="margin:0 0 16px;font-size:22px;color:#111827;">${e(copy.heading)}</h1>
<p style="margin:0 0 24px;font-size:15px;line-height:1.5;color:#374151;">${e(copy.intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 24px;">${rowHtml}</table>
<table role="presentation" cellpadding="0" cellspacing="0"><tr><td style="background:#7c3aed;border-radius:6px;">
<a href="${e(copy.cta.url)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${e(copy.cta.label)}</a>
</td></tr></table>${secondary}
</td></tr>
<tr><td style="padding:16px 32px;background:#f9fafb;color:#9ca3af;font-size:12px;">${e(studioName)}${unsubscribe}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
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
