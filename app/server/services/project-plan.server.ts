import type { SQL } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { MILESTONE_KINDS, projectMilestones, projects } from "../db/schema.server";
import type { Statement } from "../outbox/plans.server";

// The project an accepted quote becomes, as statements for the SAME D1 batch
// that accepts the quote (quote-decision.server.ts): one projects row waiting
// for the client's files, and its four milestones in order, none done yet.
// The delivery date is set later, when the studio records the files as
// received (the project's own use case).

export type ProjectPlan = {
  projectId: string;
  quoteId: string;
  consultationId: string;
  turnaroundDays: number;
  totalMinor: number;
  now: number;
};

/**
 * `consultationIdGuard` is the project's consultation_id: a sub-select that is NULL
 * unless the acceptance just before it in the batch took effect, so a lost
 * race fails the NOT NULL constraint and rolls the whole batch back.
 */
export function projectStatements(db: Db, plan: ProjectPlan, consultationIdGuard: SQL<string>): Statement[] {
  return [
    db.insert(projects).values({
      id: plan.projectId,
      quoteId: plan.quoteId,
      consultationId: consultationIdGuard,
      status: "awaiting_files",
      turnaroundDays: plan.turnaroundDays,
      totalMinor: plan.totalMinor,
      createdAt: plan.now,
      updatedAt: plan.now,
    }),
    db.insert(projectMilestones).values(
      MILESTONE_KINDS.map((kind, position) => ({ projectId: plan.projectId, kind, position, doneAt: null, doneBy: null, note: null })),
    ),
  ];
}
