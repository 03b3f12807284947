import { milestoneProgress, MILESTONE_LABELS, PROJECT_STATUS_LABELS, type Milestone } from "~/domain/project";
import { longDateLabel } from "~/domain/project-forms";
import { formatInZone } from "~/domain/time-zones";
import type { AppServices } from "../context.server";
import type { ConsultationRow } from "../db/schema.server";
import { projectsOfConsultation } from "./project-queries.server";

// What the client's private page (/manage/:token) shows of the projects that
// came from THIS consultation: only the token's own consultation is ever
// read, so another client's link shows nothing of it. Dates of milestones are
// in the client's zone; the delivery date is the studio's calendar day.

export type ClientProjectView = Awaited<ReturnType<typeof clientProjectsView>>[number];

export async function clientProjectsView(services: Pick<AppServices, "db">, consultation: ConsultationRow) {
  const projects = await projectsOfConsultation(services.db, consultation.id);
  return projects.map(({ project, milestones, quoteNumber }) => {
    const done = new Set(milestones.filter((m) => m.doneAt !== null).map((m) => m.kind as Milestone));
    const progress = milestoneProgress(done);
    const cancelled = project.status === "cancelled";
    return {
      id: project.id,
      quoteNumber,
      status: project.status,
      statusLabel: cancelled ? "Cancelled" : PROJECT_STATUS_LABELS[project.status as Exclude<typeof project.status, "cancelled">],
      doneCount: progress.doneCount,
      total: progress.total,
      percent: progress.percent,
      steps: milestones.map((m) => ({
        kind: m.kind,
        label: MILESTONE_LABELS[m.kind],
        done: m.doneAt !== null,
        current: !cancelled && progress.steps.find((s) => s.milestone === m.kind)?.current === true,
        on: m.doneAt ? formatInZone(m.doneAt, consultation.timeZone, "EEE d MMM yyyy") : null,
        note: m.note,
      })),
      due: project.dueDate ? longDateLabel(project.dueDate) : null,
      turnaroundDays: project.turnaroundDays,
    };
  });
}
