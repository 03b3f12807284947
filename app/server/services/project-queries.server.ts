import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { nextMilestone, type Milestone } from "~/domain/project";
import type { ProjectFilter, ProjectListQuery } from "~/domain/project-forms";
import type { Db } from "../db/client.server";
import {
  consultations,
  emailMessages,
  outboxJobs,
  projectEvents,
  projects,
  PROJECT_STATUSES,
  quotes,
  type ProjectEventRow,
  type ProjectMilestoneRow,
  type ProjectRow,
} from "../db/schema.server";
import { findProject, milestonesOf } from "./project-store.server";

// What the admin pages and the admin API read about projects.

export const PROJECTS_PAGE_SIZE = 25;

const OPEN_STATUSES = ["awaiting_files", "in_progress"] as const;

function filterWhere(filter: ProjectFilter): SQL | undefined {
  if (filter === "all") return undefined;
  if (filter === "open") return inArray(projects.status, [...OPEN_STATUSES]);
  return eq(projects.status, filter);
}

export type ProjectListItem = ProjectRow & {
  customerName: string;
  customerEmail: string;
  projectName: string;
  quoteNumber: string | null;
  currency: string;
  nextMilestone: Milestone | null;
};

export type ProjectListPage = {
  rows: ProjectListItem[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  counts: Record<(typeof PROJECT_STATUSES)[number] | "open" | "all", number>;
};

/**
 * Open projects first (in progress and waiting for files), the soonest due
 * date first and those without one (files not in yet) after them; then the
 * delivered and cancelled ones, the most recently changed first.
 */
export async function listProjects(db: Db, query: ProjectListQuery): Promise<ProjectListPage> {
  const where = filterWhere(query.status);
  const next = sql<Milestone | null>`(SELECT kind FROM project_milestones m WHERE m.project_id = ${projects.id} AND m.done_at IS NULL ORDER BY m.position LIMIT 1)`;
  const [rows, statusCounts] = await Promise.all([
    db
      .select({
        project: projects,
        customerName: consultations.customerName,
        customerEmail: consultations.customerEmail,
        projectName: consultations.projectName,
        quoteNumber: quotes.number,
        currency: quotes.currency,
        nextMilestone: next,
      })
      .from(projects)
      .innerJoin(consultations, eq(consultations.id, projects.consultationId))
      .innerJoin(quotes, eq(quotes.id, projects.quoteId))
      .where(where)
      .orderBy(
        sql`CASE WHEN ${projects.status} IN ('awaiting_files', 'in_progress') THEN 0 ELSE 1 END`,
        sql`${projects.dueDate} IS NULL`,
        asc(projects.dueDate),
        desc(projects.updatedAt),
        asc(projects.id),
      )
      .limit(PROJECTS_PAGE_SIZE)
      .offset((query.page - 1) * PROJECTS_PAGE_SIZE),
    db.select({ status: projects.status, n: count() }).from(projects).groupBy(projects.status),
  ]);
  const counts = { open: 0, all: 0, awaiting_files: 0, in_progress: 0, delivered: 0, cancelled: 0 };
  for (const c of statusCounts) {
    counts[c.status] = c.n;
    counts.all += c.n;
    if ((OPEN_STATUSES as readonly string[]).includes(c.status)) counts.open += c.n;
  }
  const total = counts[query.status];
  const pages = Math.max(1, Math.ceil(total / PROJECTS_PAGE_SIZE));
  return {
    rows: rows.map((r) => ({
      ...r.project,
      customerName: r.customerName,
      customerEmail: r.customerEmail,
      projectName: r.projectName,
      quoteNumber: r.quoteNumber,
      currency: r.currency,
      nextMilestone: r.nextMilestone,
    })),
    total,
    page: query.page,
    pages,
    pageSize: PROJECTS_PAGE_SIZE,
    counts,
  };
}

export type ProjectEmail = { id: string; recipient: string; status: string; subject: string | null; at: number; milestone: string | null };

export type ProjectDetail = {
  project: ProjectRow;
  milestones: ProjectMilestoneRow[];
  next: Milestone | null;
  events: ProjectEventRow[];
  consultation: {
    id: string;
    projectName: string;
    customerName: string;
    customerEmail: string;
    consultationDate: number;
    status: string;
    genre: string;
  };
  quote: {
    id: string;
    number: string | null;
    status: string;
    serviceRequestId: string;
    currency: string;
    acceptedName: string | null;
    acceptedAt: number | null;
    acceptedTotalMinor: number | null;
  };
  /** The milestone emails to the client, as the email log has them. */
  emails: ProjectEmail[];
};

export async function loadProjectDetail(db: Db, id: string): Promise<ProjectDetail | null> {
  const project = await findProject(db, id);
  if (!project) return null;
  const [milestones, events, [consultation], [quote], emails] = await Promise.all([
    milestonesOf(db, id),
    db.select().from(projectEvents).where(eq(projectEvents.projectId, id)).orderBy(asc(projectEvents.createdAt), asc(projectEvents.id)),
    db
      .select({
        id: consultations.id,
        projectName: consultations.projectName,
        customerName: consultations.customerName,
        customerEmail: consultations.customerEmail,
        consultationDate: consultations.consultationDate,
        status: consultations.status,
        genre: consultations.genre,
      })
      .from(consultations)
      .where(eq(consultations.id, project.consultationId))
      .limit(1),
    db
      .select({
        id: quotes.id,
        number: quotes.number,
        status: quotes.status,
        serviceRequestId: quotes.serviceRequestId,
        currency: quotes.currency,
        acceptedName: quotes.acceptedName,
        acceptedAt: quotes.acceptedAt,
        acceptedTotalMinor: quotes.acceptedTotalMinor,
      })
      .from(quotes)
      .where(eq(quotes.id, project.quoteId))
      .limit(1),
    db
      .select({
        id: emailMessages.id,
        recipient: emailMessages.recipient,
        status: emailMessages.status,
        subject: emailMessages.subject,
        at: emailMessages.createdAt,
        milestone: sql<string | null>`json_extract(${outboxJobs.payload}, '$.milestone')`,
      })
      .from(emailMessages)
      .innerJoin(outboxJobs, eq(outboxJobs.id, emailMessages.jobId))
      .where(
        and(
          eq(emailMessages.consultationId, project.consultationId),
          eq(outboxJobs.kind, "email.milestone"),
          sql`json_extract(${outboxJobs.payload}, '$.projectId') = ${id}`,
        ),
      )
      .orderBy(asc(emailMessages.createdAt)),
  ]);
  if (!consultation || !quote) return null;
  const done = new Set(milestones.filter((m) => m.doneAt !== null).map((m) => m.kind as Milestone));
  return { project, milestones, next: project.status === "cancelled" ? null : nextMilestone(done), events, consultation, quote, emails };
}

/** A consultation's projects (normally one), newest first: for the client's private page. */
export async function projectsOfConsultation(db: Db, consultationId: string): Promise<{ project: ProjectRow; milestones: ProjectMilestoneRow[]; quoteNumber: string | null; currency: string }[]> {
  const rows = await db
    .select({ project: projects, quoteNumber: quotes.number, currency: quotes.currency })
    .from(projects)
    .innerJoin(quotes, eq(quotes.id, projects.quoteId))
    .where(eq(projects.consultationId, consultationId))
    .orderBy(desc(projects.createdAt));
  return Promise.all(rows.map(async (r) => ({ ...r, milestones: await milestonesOf(db, r.project.id) })));
}
