import { basisPointsToPercentText, formatMoney } from "~/domain/money";
import { consultationReference } from "~/domain/consultation";
import { workingDays } from "~/domain/catalogue-labels";
import { renderLayout, type EmailRow } from "../email/layout.server";
import { packageNameOf as packageName } from "./admin-requests.server";
import { baseUrl, manageUrl } from "../links.server";
import type { ComposedServiceEmail, ServiceEmailComposer } from "../notifications/service-emails.server";
import { findServiceRequest, type ServiceRequestView } from "./service-request-views.server";

// The two emails of a sent service request, composed when their outbox job
// runs, from the request as stored (its estimate snapshot, never the live
// catalogue): request_received tells the studio (config.services.notifyEmail)
// and links to the admin review page; request_copy gives the client a copy of
// what they sent, with their private link. Amounts are formatted here only.

type Row = EmailRow;

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
  return renderLayout({
    studioName: parts.studioName,
    subject: parts.subject,
    heading: parts.heading,
    blocks: [
      { kind: "paragraph", text: parts.intro },
      { kind: "rows", rows: parts.rows, style: "wrap" },
      { kind: "button", ...parts.cta },
    ],
  });
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
