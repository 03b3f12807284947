import { basisPointsToPercentText, formatMoney } from "~/domain/money";
import { consultationReference } from "~/domain/consultation";
import { workingDays } from "~/domain/catalogue-labels";
import { escapeHtml } from "../email/escape-html";
import { baseUrl, manageUrl } from "../links.server";
import type { ComposedServiceEmail, ServiceEmailComposer } from "../notifications/service-emails.server";
import { findServiceRequest, type ServiceRequestView } from "./service-request-views.server";

// The two emails of a sent service request, composed when their outbox job
// runs, from the request as stored (its estimate snapshot, never the live
// catalogue): request_received tells the studio (config.services.notifyEmail)
// and links to the admin review page; request_copy gives the client a copy of
// what they sent, with their private link. Amounts are formatted here only.

type Row = { label: string; value: string };

function detailRows(request: ServiceRequestView): Row[] {
  const e = request.estimate;
  const money = (minor: number) => formatMoney(minor, e.currency);
  const rows: Row[] = e.lines.map((line) => ({
    label: line.name,
    value: line.quantity > 1 ? `${line.quantity} × ${money(line.unitMinor)} = ${money(line.amountMinor)}` : money(line.amountMinor),
  }));
  rows.push(
    { label: "Subtotal", value: money(e.subtotalMinor) },
    { label: `${e.taxLabel} (${basisPointsToPercentText(e.taxRateBp)}%)`, value: money(e.taxMinor) },
    { label: "Estimated total", value: money(e.totalMinor) },
    { label: "Turnaround", value: `about ${workingDays(e.turnaroundDays)} from receiving the files` },
    { label: "Tracks", value: String(request.trackCount) },
    ...request.fileLinks.map((link, i) => ({ label: request.fileLinks.length > 1 ? `Files (${i + 1})` : "Files", value: link })),
    { label: "Wished deadline", value: request.wishedDeadline ?? "none given" },
  );
  if (request.notes) rows.push({ label: "Notes", value: request.notes });
  return rows;
}

type Parts = { studioName: string; subject: string; heading: string; intro: string; rows: Row[]; cta: { label: string; url: string } };

function render(parts: Parts): { subject: string; html: string; text: string } {
  const subject = parts.subject.replace(/[\r\n]+/g, " ");
  const text = [parts.studioName, "", parts.heading, "", parts.intro, "", ...parts.rows.map((r) => `${r.label}: ${r.value}`), "", `${parts.cta.label}: ${parts.cta.url}`, ""].join("\n");
  const e = escapeHtml;
  const rowHtml = parts.rows
    .map(
      (r) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;font-size:14px;vertical-align:top;">${e(r.label)}</td>` +
        `<td style="padding:4px 0;color:#111827;font-size:14px;word-break:break-all;white-space:pre-wrap;">${e(r.value)}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden;">
<tr><td style="background:#111827;padding:20px 32px;color:#ffffff;font-size:20px;font-weight:bold;">${e(parts.studioName)}</td></tr>
<tr><td style="padding:32px;">
<h1 style="margin:0 0 16px;font-size:22px;color:#111827;">${e(parts.heading)}</h1>
<p style="margin:0 0 24px;font-size:15px;line-height:1.5;color:#374151;">${e(parts.intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 24px;">${rowHtml}</table>
<table role="presentation" cellpadding="0" cellspacing="0"><tr><td style="background:#7c3aed;border-radius:6px;">
<a href="${e(parts.cta.url)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${e(parts.cta.label)}</a>
</td></tr></table>
</td></tr>
<tr><td style="padding:16px 32px;background:#f9fafb;color:#9ca3af;font-size:12px;">${e(parts.studioName)}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { subject, html, text };
}

function packageName(request: ServiceRequestView): string {
  return request.estimate.lines.find((l) => l.kind === "package")?.name ?? "Service";
}

export const composeRequestReceived: ServiceEmailComposer = async (deps, _job, consultation, payload) => {
  const request = typeof payload.serviceRequestId === "string" ? await findServiceRequest(deps.db, payload.serviceRequestId) : null;
  if (!request || request.consultationId !== consultation.id) return { skip: "the service request no longer exists" };
  const { config } = deps;
  const reference = consultationReference(consultation.id);
  const rendered = render({
    studioName: config.studioName,
    subject: `New service request: ${packageName(request)} for ${consultation.projectName} (${consultation.customerName})`,
    heading: "A client sent a service request",
    intro: `${consultation.customerName} <${consultation.customerEmail}> asked for ${packageName(request)} for "${consultation.projectName}" after consultation ${reference}. The estimate below was computed from the catalogue when it was sent.`,
    rows: detailRows(request),
    cta: { label: "Review the request", url: `${baseUrl(config)}/admin/requests/${request.id}` },
  });
  const composed: ComposedServiceEmail = { to: { email: config.services.notifyEmail, name: config.studioName }, ...rendered, toClient: false };
  return composed;
};

export const composeRequestCopy: ServiceEmailComposer = async (deps, _job, consultation, payload) => {
  const request = typeof payload.serviceRequestId === "string" ? await findServiceRequest(deps.db, payload.serviceRequestId) : null;
  if (!request || request.consultationId !== consultation.id) return { skip: "the service request no longer exists" };
  const { config } = deps;
  const rendered = render({
    studioName: config.studioName,
    subject: `Your request for ${packageName(request)} - ${consultation.projectName}`,
    heading: "We've got your request",
    intro: `Hi ${consultation.customerName}, thanks for your request for "${consultation.projectName}". Here is a copy of what you sent. ${config.studioName} will review it and send you a quote to accept; nothing is charged until then.`,
    rows: detailRows(request),
    cta: { label: "Your consultation and requests", url: await manageUrl(config, consultation.id, deps.now()) },
  });
  return { to: { email: consultation.customerEmail, name: consultation.customerName }, ...rendered, toClient: true };
};
