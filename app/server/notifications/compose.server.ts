import { localeFormat } from "~/domain/locale";
import type { ConsultationRow } from "../db/schema.server";
import { formatSlot } from "../email/format-time.server";
import { buildIcs, icsAttachment, icsUidFor, type IcsMethod } from "../email/ics.server";
import type { OutgoingEmail } from "../email/message";
import { renderEmail } from "../email/templates.server";
import type { EmailKind } from "../email/types";
import type { AppConfig } from "../env.server";
import { baseUrl, manageUrl, unsubscribeUrl } from "../links.server";
import { consultationForMessages } from "./consultation-view.server";

// Builds one email of a consultation: the template, the signed links and,
// for confirmation / reschedule / cancellation, the ICS invite.

const ICS_METHOD: Partial<Record<EmailKind, IcsMethod>> = {
  confirmation: "REQUEST",
  reschedule: "REQUEST",
  cancellation: "CANCEL",
};

export type ComposedEmail = { email: OutgoingEmail; ics: string | undefined };

export function uidDomain(config: AppConfig): string {
  try {
    return new URL(baseUrl(config)).hostname || "studio-consultations.local";
  } catch {
    return "studio-consultations.local";
  }
}

/** The invite for a consultation as it is now (the caller decides whether to attach it). */
export function consultationIcs(config: AppConfig, row: ConsultationRow, method: IcsMethod, now: number, url?: string): string {
  const c = consultationForMessages(row, config);
  const studio = config.studioName;
  const from = config.integrations.email.from;
  return buildIcs({
    method,
    uid: icsUidFor(c.id, uidDomain(config)),
    sequence: c.sequence,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    // The start in the client's own zone, written their way ("3:15 PM", "15:15"): the title is what a calendar shows first.
    summary: `Consultation with ${studio} at ${localeFormat(c.locale).time(c.startsAt, c.clientTimeZone)} (${c.clientTimeZone}): ${c.projectName}`,
    description: [
      `Your 15-minute consultation with ${studio} about "${c.projectName}" (${c.genre}).`,
      // The client's own time, written their way (the calendar shows it in the viewer's zone anyway).
      `When: ${formatSlot(c.startsAt, c.endsAt, c.clientTimeZone, c.locale)}`,
      row.communicationPreference === "call" && c.customerPhone ? `We will call you on ${c.customerPhone}.` : "",
      url ? `Manage your booking: ${url}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    location: row.communicationPreference === "call" ? "Phone call" : undefined,
    organizer: { name: studio, email: from.email },
    attendee: { name: c.customerName, email: c.customerEmail },
    now,
    url,
  });
}

export async function composeEmail(
  config: AppConfig,
  kind: EmailKind,
  row: ConsultationRow,
  options: { jobId: string; now: number; googleSendsInvites: boolean; occasion?: "links_resent" },
): Promise<ComposedEmail> {
  const c = consultationForMessages(row, config);
  const manage = await manageUrl(config, row.id, options.now);
  const marketingLike = kind === "reminder" || kind === "follow_up";
  const method = ICS_METHOD[kind];
  // With domain-wide delegation Google invites the client itself; a second
  // invite from us would give them two entries in their calendar.
  const ics = method && !options.googleSendsInvites ? consultationIcs(config, row, method, options.now, manage) : undefined;
  const unsubscribe = marketingLike ? await unsubscribeUrl(config, row.id, options.now) : undefined;
  const rendered = renderEmail(kind, {
    consultation: c,
    studioName: config.studioName,
    manageUrl: manage,
    unsubscribeUrl: unsubscribe,
    bookAgainUrl: `${baseUrl(config)}/book`,
    ...(kind === "follow_up" ? { feedbackUrl: `${manage}/feedback`, serviceUrl: `${manage}/service` } : {}),
    inviteAttached: ics !== undefined,
    occasion: options.occasion,
  });
  const email: OutgoingEmail = {
    to: { email: c.customerEmail, name: c.customerName },
    from: config.integrations.email.from,
    ...(config.integrations.email.replyTo ? { replyTo: config.integrations.email.replyTo } : {}),
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    ...(ics && method ? { attachments: [icsAttachment(ics, method)] } : {}),
    ...(unsubscribe ? { headers: listUnsubscribeHeaders(unsubscribe) } : {}),
    kind,
    consultationId: row.id,
    jobId: options.jobId,
  };
  return { email, ics };
}

/**
 * Gmail's and Yahoo's bulk-sender rules: one-click unsubscribe (RFC 8058) on
 * reminders and follow-ups. Mail providers POST "List-Unsubscribe=One-Click"
 * to the link; /unsubscribe/:token accepts that POST like its own form.
 */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
