import { and, eq } from "drizzle-orm";
import { isMilestone, MILESTONE_LABELS, MILESTONES, nextMilestone, type Milestone } from "~/domain/project";
import { longDateLabel } from "~/domain/project-forms";
import { formatInZone } from "~/domain/time-zones";
import { projectEvents, projects } from "../db/schema.server";
import { escapeHtml } from "../email/escape-html";
import { manageUrl } from "../links.server";
import type { ServiceEmailComposer } from "../notifications/service-emails.server";
import { milestonesOf } from "./project-store.server";

// email.milestone: tells the client that their project moved, with the
// studio's note, the delivery date and the link to their private page (where
// the whole progress is). Payload: { projectId, milestone, eventId }. It reads
// the note from the event the change wrote, so a later note on another
// milestone never leaks into this email.

const HEADINGS: Record<Milestone, string> = {
  files_received: "We have your files",
  first_version: "Your first version is ready",
  revisions: "Your revisions are done",
  final_delivery: "Your project is delivered",
};

function introFor(milestone: Milestone, studioName: string, dueDate: string | null): string {
  switch (milestone) {
    case "files_received":
      return `${studioName} has received your files and work on your project has started.${dueDate ? ` We will deliver it by ${longDateLabel(dueDate)}.` : ""}`;
    case "first_version":
      return `${studioName} has sent you the first version of your project. Have a listen and tell us what you would like changed.`;
    case "revisions":
      return `${studioName} has finished the revisions on your project. The final delivery is next.`;
    case "final_delivery":
      return `${studioName} has made the final delivery of your project. Thank you for working with us!`;
  }
}

export const composeMilestoneEmail: ServiceEmailComposer = async (deps, _job, consultation, payload) => {
  const { db, config } = deps;
  const projectId = typeof payload.projectId === "string" ? payload.projectId : null;
  const milestone = payload.milestone;
  if (!projectId || !isMilestone(milestone)) return { skip: "the job does not name a project and a milestone" };
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!project) return { skip: "the project no longer exists" };
  if (project.status === "cancelled") return { skip: "the project was cancelled" };
  const milestones = await milestonesOf(db, projectId);
  const done = new Set(milestones.filter((m) => m.doneAt !== null).map((m) => m.kind as Milestone));
  if (!done.has(milestone)) return { skip: "the milestone is not done" };

  const eventId = typeof payload.eventId === "string" ? payload.eventId : null;
  const [event] = eventId
    ? await db.select().from(projectEvents).where(and(eq(projectEvents.id, eventId), eq(projectEvents.projectId, projectId))).limit(1)
    : [];
  const note = event ? event.note : (milestones.find((m) => m.kind === milestone)?.note ?? null);
  const link = await manageUrl(config, consultation.id, deps.now());
  const next = nextMilestone(done);
  const step = MILESTONES.indexOf(milestone) + 1;

  const heading = HEADINGS[milestone];
  const intro = introFor(milestone, config.studioName, project.dueDate);
  const rows: { label: string; value: string }[] = [
    { label: "Project", value: consultation.projectName },
    { label: "Done", value: `${MILESTONE_LABELS[milestone]} (step ${step} of ${MILESTONES.length})` },
    ...(next ? [{ label: "Next", value: MILESTONE_LABELS[next] }] : []),
    ...(project.dueDate && milestone !== "final_delivery" ? [{ label: "Delivery date", value: longDateLabel(project.dueDate) }] : []),
    ...(project.filesReceivedAt && milestone === "files_received"
      ? [{ label: "Files received", value: formatInZone(project.filesReceivedAt, consultation.timeZone, "EEE d MMM yyyy, HH:mm") + ` (${consultation.timeZone})` }]
      : []),
  ];
  const subject = `${heading}: ${consultation.projectName}`;
  const cta = { label: "See your project's progress", url: link };

  const text = [
    config.studioName,
    "",
    heading,
    "",
    `Hi ${consultation.customerName},`,
    "",
    intro,
    "",
    ...(note ? ["A note from the studio:", note, ""] : []),
    ...rows.map((r) => `${r.label}: ${r.value}`),
    "",
    `${cta.label}: ${cta.url}`,
    "",
  ].join("\n");

  const e = escapeHtml;
  const rowHtml = rows
    .map(
      (r) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;font-size:14px;vertical-align:top;white-space:nowrap;">${e(r.label)}</td>` +
        `<td style="padding:4px 0;color:#111827;font-size:14px;">${e(r.value)}</td></tr>`,
    )
    .join("");
  const noteHtml = note
    ? `<div style="margin:0 0 24px;padding:12px 16px;border-left:4px solid #7c3aed;background:#f5f3ff;"><p style="margin:0 0 4px;font-size:13px;color:#6b7280;">A note from the studio</p><p style="margin:0;font-size:15px;line-height:1.5;color:#111827;white-space:pre-wrap;">${e(note)}</p></div>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden;">
<tr><td style="background:#111827;padding:20px 32px;color:#ffffff;font-size:20px;font-weight:bold;letter-spacing:0.5px;">${e(config.studioName)}</td></tr>
<tr><td style="padding:32px;">
<h1 style="margin:0 0 16px;font-size:22px;color:#111827;">${e(heading)}</h1>
<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#374151;">Hi ${e(consultation.customerName)},</p>
<p style="margin:0 0 24px;font-size:15px;line-height:1.5;color:#374151;">${e(intro)}</p>
${noteHtml}
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 24px;">${rowHtml}</table>
<table role="presentation" cellpadding="0" cellspacing="0"><tr><td style="background:#7c3aed;border-radius:6px;">
<a href="${e(cta.url)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${e(cta.label)}</a>
</td></tr></table>
</td></tr>
<tr><td style="padding:16px 32px;background:#f9fafb;color:#9ca3af;font-size:12px;">${e(config.studioName)}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { to: { email: consultation.customerEmail, name: consultation.customerName }, subject, html, text, toClient: true };
};
