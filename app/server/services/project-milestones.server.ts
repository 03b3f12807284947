import { and, eq, sql } from "drizzle-orm";
import { studioWorkingCalendar } from "./working-calendar.server";
import { canComplete, MILESTONE_LABELS, projectStatusOf, type Milestone } from "~/domain/project";
import { formatInZone } from "~/domain/time-zones";
import { deliveryDate } from "~/domain/working-days";
import type { Db } from "../db/client.server";
import { outboxJobs, projectEvents, projectMilestones, projects, type ProjectMilestoneRow, type ProjectRow } from "../db/schema.server";
import type { AppServices } from "../context.server";
import type { AppConfig } from "../env.server";
import type { Logger } from "../log.server";
import { newJob } from "../outbox/plans.server";
import { runJobsSoon } from "../outbox/wiring.server";
import { findProject, milestonesOf } from "./project-store.server";

// Moving a project forward: the studio marks its next milestone as done, with
// an optional note to the client. Shared by the admin page and
// POST /api/projects/:id/milestones.
//
// One D1 batch (a transaction), guarded like the consultation changes
// (docs/decisions/0009, 0034):
//   1. UPDATE the milestone WHERE it is not done yet AND the one before it (by
//      position, as D1 has it now) is done AND the project is not cancelled;
//   2. INSERT the project_events row whose project_id is a sub-select that is
//      NULL unless statement 1 changed a row (changes() > 0), so when the guard
//      did not match the NOT NULL constraint fails and everything rolls back;
//   3. UPDATE the project's status (and, for "files received", the date the
//      files came in and the due date);
//   4. INSERT the email.milestone outbox job.
// Two submits racing for the same milestone record it once: the second's
// UPDATE matches nothing and its whole batch rolls back.

export type ProjectActor = { email: string };

export type MilestoneChange = { milestone: Milestone; note: string | null };

export type MilestoneProblem = "already_done" | "out_of_order" | "cancelled" | "conflict";

export type MilestoneOutcome =
  | { kind: "moved"; project: ProjectRow; milestone: Milestone; eventId: string }
  | { kind: "not_found" }
  | { kind: "refused"; problem: MilestoneProblem; message: string };

export type ProjectDeps = {
  db: Db;
  config: AppConfig;
  log: Logger;
  now: () => number;
  newId?: () => string;
  /** After a change has committed: runs the email job soon. Must not throw. */
  afterCommit?: (project: ProjectRow) => void;
};

type BatchStatement = Parameters<Db["batch"]>[0][number];

const doneSet = (rows: ProjectMilestoneRow[]) => new Set(rows.filter((m) => m.doneAt !== null).map((m) => m.kind as Milestone));

export async function completeMilestone(deps: ProjectDeps, projectId: string, change: MilestoneChange, actor: ProjectActor): Promise<MilestoneOutcome> {
  const { db, config } = deps;
  const project = await findProject(db, projectId);
  if (!project) return { kind: "not_found" };
  const rows = await milestonesOf(db, projectId);
  const refusal = refusalFor(project, rows, change.milestone, config);
  if (refusal) return refusal;

  const now = deps.now();
  const done = doneSet(rows);
  done.add(change.milestone);
  const filesReceived = change.milestone === "files_received";
  const updated: ProjectRow = {
    ...project,
    status: projectStatusOf(done),
    filesReceivedAt: filesReceived ? now : project.filesReceivedAt,
    // The turnaround runs in the studio's working days, from the studio day the files arrived.
    // (and skips the days the studio is closed).
    dueDate: filesReceived ? deliveryDate(now, project.turnaroundDays, await studioWorkingCalendar(db, config, now)) : project.dueDate,
    updatedAt: Math.max(now, project.updatedAt + 1),
  };
  const eventId = deps.newId?.() ?? crypto.randomUUID();

  const statements: BatchStatement[] = [
    db
      .update(projectMilestones)
      .set({ doneAt: now, doneBy: actor.email, note: change.note })
      .where(
        and(
          eq(projectMilestones.projectId, projectId),
          eq(projectMilestones.kind, change.milestone),
          sql`${projectMilestones.doneAt} IS NULL`,
          sql`(${projectMilestones.position} = 0 OR EXISTS (SELECT 1 FROM project_milestones AS previous
                 WHERE previous.project_id = ${projectId} AND previous.position = ${projectMilestones.position} - 1 AND previous.done_at IS NOT NULL))`,
          sql`EXISTS (SELECT 1 FROM projects WHERE projects.id = ${projectId} AND projects.status <> 'cancelled')`,
        ),
      ),
    db.insert(projectEvents).values({
      id: eventId,
      // NULL, and so a rolled-back batch, unless the UPDATE just before changed the milestone.
      projectId: sql<string>`(SELECT project_id FROM project_milestones WHERE project_id = ${projectId} AND kind = ${change.milestone} AND done_at = ${now} AND changes() > 0)`,
      milestone: change.milestone,
      actorDetail: actor.email,
      note: change.note,
      createdAt: now,
    }),
    db
      .update(projects)
      .set({ status: updated.status, filesReceivedAt: updated.filesReceivedAt, dueDate: updated.dueDate, updatedAt: updated.updatedAt })
      .where(eq(projects.id, projectId)),
    db.insert(outboxJobs).values(newJob("email.milestone", project.consultationId, now, now, { projectId, milestone: change.milestone, eventId })),
  ];

  try {
    await db.batch(statements as [BatchStatement, ...BatchStatement[]]);
  } catch (error) {
    const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
    if (!/NOT NULL constraint failed: project_events\.project_id/.test(text)) throw error;
    // Someone else moved the project between our read and our write: say what D1 has now.
    const again = await milestonesOf(db, projectId);
    const current = (await findProject(db, projectId)) ?? project;
    deps.log.info("project.milestone_race_lost", { projectId, milestone: change.milestone });
    return (
      refusalFor(current, again, change.milestone, config) ?? {
        kind: "refused",
        problem: "conflict",
        message: "Someone else changed this project at the same moment. Nothing was saved: reload it and try again.",
      }
    );
  }
  deps.log.info("project.milestone_done", { projectId, milestone: change.milestone, status: updated.status, actor: actor.email });
  deps.afterCommit?.(updated);
  return { kind: "moved", project: updated, milestone: change.milestone, eventId };
}

function refusalFor(project: ProjectRow, rows: ProjectMilestoneRow[], milestone: Milestone, config: AppConfig): MilestoneOutcome | null {
  if (project.status === "cancelled") return { kind: "refused", problem: "cancelled", message: "This project is cancelled, so its milestones can't move any more." };
  const check = canComplete(milestone, doneSet(rows));
  if (check.ok) return null;
  if (check.reason === "already_done") {
    const row = rows.find((m) => m.kind === milestone);
    const when = row?.doneAt ? formatInZone(row.doneAt, config.bookingRules.studioTimeZone, "EEE d MMM yyyy, HH:mm") : null;
    const by = row?.doneBy ? ` by ${row.doneBy}` : "";
    return {
      kind: "refused",
      problem: "already_done",
      message: `“${MILESTONE_LABELS[milestone]}” was already marked as done${by}${when ? ` on ${when}` : ""}. Nothing was changed and the client was not emailed again.`,
    };
  }
  return { kind: "refused", problem: "out_of_order", message: `${check.message}. Milestones move forward one at a time, in order.` };
}

/** The use case's dependencies for a request: the email job runs right after the response; the cron retries it. */
export function projectDepsFor(services: AppServices): ProjectDeps {
  const { db, config, log, now, waitUntil, outboxRelay } = services;
  return { db, config, log, now, afterCommit: (p) => runJobsSoon({ db, config, log, now, waitUntil, outboxRelay }, p.consultationId) };
}
