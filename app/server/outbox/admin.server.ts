import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { outboxJobs, type OutboxJobRow } from "../db/schema.server";

// Reads and repairs for the admin area (the pages themselves live elsewhere).

/** Jobs that gave up, newest first: the admin sees them and may retry them. */
export async function listDeadJobs(db: Db, options: { limit?: number } = {}): Promise<OutboxJobRow[]> {
  return db
    .select()
    .from(outboxJobs)
    .where(eq(outboxJobs.status, "dead"))
    .orderBy(desc(outboxJobs.updatedAt))
    .limit(options.limit ?? 100);
}

/**
 * Puts a dead (or cancelled) job back in the queue with a fresh set of
 * attempts, due now. Returns false when there is no such job or it is not
 * dead/cancelled. The next cron run (or runDueJobs) picks it up.
 */
export async function retryJob(db: Db, id: string, now: number = Date.now()): Promise<boolean> {
  const rows = await db
    .update(outboxJobs)
    .set({ status: "pending", runAt: now, attempts: 0, doneAt: null, leaseOwner: null, leaseUntil: null, updatedAt: now })
    .where(and(eq(outboxJobs.id, id), sql`${outboxJobs.status} IN ('dead', 'cancelled')`))
    .returning({ id: outboxJobs.id });
  return rows.length > 0;
}

/** Every job of one consultation, oldest first (the admin's consultation page). */
export async function jobsForConsultation(db: Db, consultationId: string): Promise<OutboxJobRow[]> {
  return db
    .select()
    .from(outboxJobs)
    .where(eq(outboxJobs.consultationId, consultationId))
    .orderBy(asc(outboxJobs.createdAt), asc(outboxJobs.runAt));
}

export type OutboxCounts = Record<"pending" | "running" | "done" | "dead" | "cancelled", number> & {
  /** Pending jobs whose time has come and gone by more than 5 minutes: the cron may be stuck. */
  overdue: number;
};

export async function outboxCounts(db: Db, now: number = Date.now()): Promise<OutboxCounts> {
  const rows = await db
    .select({ status: outboxJobs.status, n: sql<number>`count(*)` })
    .from(outboxJobs)
    .groupBy(outboxJobs.status);
  const counts: OutboxCounts = { pending: 0, running: 0, done: 0, dead: 0, cancelled: 0, overdue: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  const [overdue] = await db
    .select({ n: sql<number>`count(*)` })
    .from(outboxJobs)
    .where(and(eq(outboxJobs.status, "pending"), sql`${outboxJobs.runAt} < ${now - 5 * 60_000}`));
  counts.overdue = Number(overdue?.n ?? 0);
  return counts;
}

/** Jobs still being retried after a failure: not dead yet, but worth a look. */
export async function listFailingJobs(db: Db, options: { limit?: number } = {}): Promise<OutboxJobRow[]> {
  return db
    .select()
    .from(outboxJobs)
    .where(and(sql`${outboxJobs.status} IN ('pending', 'running')`, sql`${outboxJobs.attempts} > 0`, sql`${outboxJobs.lastError} IS NOT NULL`))
    .orderBy(asc(outboxJobs.runAt))
    .limit(options.limit ?? 100);
}
