import { and, eq, gt, inArray, like, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { calendarSyncState, consultations, outboxJobs, type OutboxJobKind } from "../db/schema.server";
import type { OutboxDeps } from "../outbox/deps.server";
import { newJob } from "../outbox/plans.server";
import { busyCacheState } from "./busy.server";

// Repairs drift between D1 and the studio calendar, from the cron. It only
// enqueues ordinary outbox jobs (the same create/patch/delete, with their
// retries and leases); the cron then runs them. It leaves a consultation alone
// while a calendar job for it is waiting or running, or ran in the last
// GRACE_MS (so it never races the first attempt), and for an hour after a
// calendar job for it died (so a broken event does not spawn a dead job every
// minute; the admin can retry it).

export const RECONCILE_GRACE_MS = 10 * 60_000;
const DEAD_COOLDOWN_MS = 60 * 60_000;
const MAX_REPAIRS_PER_RUN = 25;
const MAX_LISTED_IDS = 50;

type Drift = { id: string; kind: OutboxJobKind; reason: string };

export type ReconcileSummary = { outOfSync: number; enqueued: number; drift: Drift[] };

export async function reconcileCalendar(deps: OutboxDeps): Promise<ReconcileSummary> {
  const now = deps.now();
  const drift = await findDrift(deps.db, now);
  const ids = drift.map((d) => d.id);

  const busy = new Set<string>();
  if (ids.length) {
    const recent = await deps.db
      .select({ consultationId: outboxJobs.consultationId })
      .from(outboxJobs)
      .where(
        and(
          inArray(outboxJobs.consultationId, ids),
          like(outboxJobs.kind, "calendar.%"),
          or(
            inArray(outboxJobs.status, ["pending", "running"]),
            gt(outboxJobs.updatedAt, now - RECONCILE_GRACE_MS),
            and(eq(outboxJobs.status, "dead"), gt(outboxJobs.updatedAt, now - DEAD_COOLDOWN_MS)),
          ),
        ),
      );
    for (const r of recent) busy.add(r.consultationId);
  }

  const repairs = drift.filter((d) => !busy.has(d.id)).slice(0, MAX_REPAIRS_PER_RUN);
  if (repairs.length) {
    await deps.db.insert(outboxJobs).values(repairs.map((d) => newJob(d.kind, d.id, now, now, { repair: d.reason })));
    for (const d of repairs) deps.log.info("calendar.reconcile_repair", { consultationId: d.id, job: d.kind, reason: d.reason });
  }

  const calendar = deps.config.integrations.calendar.google ? "google" : "local";
  const listed = JSON.stringify(ids.slice(0, MAX_LISTED_IDS));
  await deps.db
    .insert(calendarSyncState)
    .values({ id: 1, calendar, lastReconciledAt: now, outOfSyncCount: ids.length, outOfSyncIds: listed, updatedAt: now })
    .onConflictDoUpdate({
      target: calendarSyncState.id,
      set: { calendar, lastReconciledAt: now, outOfSyncCount: ids.length, outOfSyncIds: listed, updatedAt: now },
    });
  return { outOfSync: ids.length, enqueued: repairs.length, drift };
}

/**
 * Consultations whose calendar side is wrong and has been for longer than the
 * grace period (judged by the consultation's last change):
 * - scheduled, not over, and no event, or an event at another time;
 * - cancelled, with an event still in the calendar.
 */
async function findDrift(db: Db, now: number): Promise<Drift[]> {
  const end = sql`${consultations.consultationDate} + ${consultations.durationMinutes} * 60000`;
  const rows = await db
    .select({
      id: consultations.id,
      status: consultations.status,
      eventId: consultations.googleCalendarEventId,
    })
    .from(consultations)
    .where(
      and(
        sql`${consultations.updatedAt} < ${now - RECONCILE_GRACE_MS}`,
        or(
          and(
            eq(consultations.status, "scheduled"),
            sql`${end} > ${now}`,
            sql`(${consultations.googleCalendarEventId} IS NULL
              OR ${consultations.calendarEventStartsAt} IS NULL
              OR ${consultations.calendarEventStartsAt} != ${consultations.consultationDate}
              OR ${consultations.calendarEventEndsAt} != ${end})`,
          ),
          and(eq(consultations.status, "cancelled"), sql`${consultations.calendarEventStartsAt} IS NOT NULL`),
        ),
      ),
    )
    .limit(200);
  return rows.map((r): Drift => {
    if (r.status === "cancelled") return { id: r.id, kind: "calendar.delete", reason: "cancelled but its event is still in the calendar" };
    if (!r.eventId) return { id: r.id, kind: "calendar.create", reason: "scheduled but has no event" };
    return { id: r.id, kind: "calendar.patch", reason: "the event is not at the consultation's time" };
  });
}

export type CalendarSyncHealth = {
  calendar: "google" | "local";
  lastTokenOkAt: number | null;
  lastApiOkAt: number | null;
  lastApiError: string | null;
  lastApiErrorAt: number | null;
  lastReconciledAt: number | null;
  outOfSyncCount: number;
  outOfSyncIds: string[];
  busyList: { lastReadAt: number | null; lastAttemptAt: number | null; lastError: string | null };
  /** Consultations booked while the calendar could not be read ("not checked against the calendar"). */
  uncheckedCount: number;
};

/** For the admin dashboard. */
export async function calendarSyncHealth(db: Db): Promise<CalendarSyncHealth> {
  const [state] = await db.select().from(calendarSyncState).where(eq(calendarSyncState.id, 1)).limit(1);
  const [unchecked] = await db
    .select({ n: sql<number>`count(*)` })
    .from(consultations)
    .where(and(eq(consultations.calendarChecked, false), eq(consultations.status, "scheduled")));
  let ids: string[] = [];
  try {
    ids = JSON.parse(state?.outOfSyncIds ?? "[]") as string[];
  } catch {
    ids = [];
  }
  return {
    calendar: state?.calendar === "google" ? "google" : "local",
    lastTokenOkAt: state?.lastTokenOkAt ?? null,
    lastApiOkAt: state?.lastApiOkAt ?? null,
    lastApiError: state?.lastApiError ?? null,
    lastApiErrorAt: state?.lastApiErrorAt ?? null,
    lastReconciledAt: state?.lastReconciledAt ?? null,
    outOfSyncCount: state?.outOfSyncCount ?? 0,
    outOfSyncIds: ids,
    busyList: await busyCacheState(db),
    uncheckedCount: Number(unchecked?.n ?? 0),
  };
}

/** Scheduled consultations booked while the studio calendar could not be read. */
export async function consultationsNotCheckedAgainstCalendar(db: Db, limit = 100) {
  return db
    .select({ id: consultations.id, consultationDate: consultations.consultationDate, projectName: consultations.projectName })
    .from(consultations)
    .where(and(eq(consultations.calendarChecked, false), eq(consultations.status, "scheduled")))
    .orderBy(consultations.consultationDate)
    .limit(limit);
}
