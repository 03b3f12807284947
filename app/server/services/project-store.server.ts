import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { projectMilestones, projects, type ProjectMilestoneRow, type ProjectRow } from "../db/schema.server";

// Reading one project and its milestones (the use case, the pages, the email
// composer). No outbox imports here: the email registry imports this module.

export async function findProject(db: Db, id: string): Promise<ProjectRow | null> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
  return row ?? null;
}

/** In their order (position 0..3). */
export async function milestonesOf(db: Db, projectId: string): Promise<ProjectMilestoneRow[]> {
  return db.select().from(projectMilestones).where(eq(projectMilestones.projectId, projectId)).orderBy(asc(projectMilestones.position));
}
