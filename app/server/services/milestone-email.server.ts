import { and, eq } from "drizzle-orm";
import { isMilestone, MILESTONE_LABELS, MILESTONES, nextMilestone, type Milestone } from "~/domain/project";
import { longDateLabel } from "~/domain/project-forms";
import { formatInZone } from "~/domain/time-zones";
import { projectEvents, projects } from "../db/schema.server";
import { renderLayout, type EmailRow } from "../email/layout.server";
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
  const rows: EmailRow[] = [
    { label: "Project", value: consultation.projectName },
    { label: "Done", value: `${MILESTONE_LABELS[milestone]} (step ${step} of ${MILESTONES.length})` },
    ...(next ? [{ label: "Next", value: MILESTONE_LABELS[next] }] : []),
    ...(project.dueDate && milestone !== "final_delivery" ? [{ label: "Delivery date", value: longDateLabel(project.dueDate) }] : []),
    ...(project.filesReceivedAt && milestone === "files_received"
      ? [{ label: "Files received", value: formatInZone(project.filesReceivedAt, consultation.timeZone, "EEE d MMM yyyy, HH:mm") + ` (${consultation.timeZone})` }]
      : []),
  ];
  const rendered = renderLayout({
    studioName: config.studioName,
    subject: `${heading}: ${consultation.projectName}`,
    heading,
    blocks: [
      { kind: "paragraph", text: `Hi ${consultation.customerName},`, spaced: false },
      { kind: "paragraph", text: intro },
      ...(note ? [{ kind: "note" as const, title: "A note from the studio", text: note }] : []),
      { kind: "rows", rows },
      { kind: "button", label: "See your project's progress", url: link },
    ],
  });
  return { to: { email: consultation.customerEmail, name: consultation.customerName }, ...rendered, toClient: true };
};
