import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { ReportPeriod } from "~/domain/report-period";
import { addDaysToIsoDate } from "~/domain/calendar-date";
import { startOfZonedDay } from "~/domain/closures";
import type { ConsultationStatus } from "~/domain/consultation";
import type { BookingRules } from "~/domain/slots";
import type { StatusActor } from "~/domain/status";
import { zonedDate } from "~/domain/time-zones";
import type { Db } from "../db/client.server";
import { consultations, consultationStatusHistory, emailEvents, emailMessages } from "../db/schema.server";
import {
  emailEngagement,
  monthKey,
  monthlyVolume,
  popularSlots,
  statusBreakdown,
  weeklyVolume,
  type ReportRow,
} from "./report-figures";

// The figures for /admin/reports and the dashboard's tiles.


const DAY_MS = 86_400_000;
const WEEKS_BEFORE = 11;
const WEEKS_AFTER = 4;
const MONTHS_BEFORE = 11;

export function monthsAgoStart(now: number, months: number, timeZone: string): number {
  const key = monthKey(now, timeZone);
  const [y, m] = key.split("-").map(Number);
  const index = y * 12 + (m - 1) - months;
  const first = `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
  return startOfZonedDay(first, timeZone);
}

async function rowsBetween(db: Db, from: number | null, to: number): Promise<ReportRow[]> {
  const rows = await db
    .select({ startsAt: consultations.consultationDate, status: consultations.status })
    .from(consultations)
    .where(from === null ? lt(consultations.consultationDate, to) : and(gte(consultations.consultationDate, from), lt(consultations.consultationDate, to)));
  return rows as ReportRow[];
}

export async function loadReports(db: Db, options: { now: number; rules: BookingRules; period: ReportPeriod }) {
  const { now, rules, period } = options;
  const timeZone = rules.studioTimeZone;
  const months = period === "all" ? null : Number(period.slice(0, -1));
  const periodStart = months === null ? null : monthsAgoStart(now, months - 1, timeZone);
  const chartStart = Math.min(monthsAgoStart(now, MONTHS_BEFORE, timeZone), now - (WEEKS_BEFORE + 1) * 7 * DAY_MS);
  const end = now + (rules.horizonDays + 7 * WEEKS_AFTER + 7) * DAY_MS;
  const from = periodStart === null ? null : Math.min(periodStart, chartStart);

  const [rows, cancellations, emails] = await Promise.all([
    rowsBetween(db, from, end),
    db
      .select({ actor: consultationStatusHistory.actor, n: sql<number>`count(*)` })
      .from(consultationStatusHistory)
      .innerJoin(consultations, eq(consultations.id, consultationStatusHistory.consultationId))
      .where(
        and(
          eq(consultationStatusHistory.toStatus, "cancelled"),
          periodStart === null ? undefined : gte(consultations.consultationDate, periodStart),
        ),
      )
      .groupBy(consultationStatusHistory.actor),
    emailRows(db, periodStart),
  ]);

  const inPeriod = periodStart === null ? rows : rows.filter((r) => r.startsAt >= periodStart);
  const cancelledBy = { client: 0, studio: 0, system: 0 } as Record<StatusActor, number>;
  for (const c of cancellations) cancelledBy[c.actor] = Number(c.n);
  const firstHour = Math.floor(rules.dayStartMinutes / 60);
  const lastHour = Math.floor((rules.dayEndMinutes - 1) / 60);

  return {
    period,
    periodStartDate: periodStart === null ? null : new Date(periodStart).toISOString(),
    timeZone,
    weekly: weeklyVolume(rows, { now, timeZone, before: WEEKS_BEFORE, after: WEEKS_AFTER }),
    monthly: monthlyVolume(rows, { now, timeZone, before: MONTHS_BEFORE, after: 1 }),
    breakdown: statusBreakdown(inPeriod, now),
    cancelledBy,
    heatmap: popularSlots(inPeriod, { timeZone, weekdays: rules.workdays, firstHour, lastHour }),
    email: emailEngagement(emails),
  };
}

async function emailRows(db: Db, since: number | null) {
  const messages = await db
    .select({ id: emailMessages.id, status: emailMessages.status, providerMessageId: emailMessages.providerMessageId })
    .from(emailMessages)
    .where(since === null ? undefined : gte(emailMessages.createdAt, since));
  const events = await db
    .select({ messageId: emailEvents.messageId, event: emailEvents.event })
    .from(emailEvents)
    .where(since === null ? undefined : gte(emailEvents.occurredAt, since));
  const byMessage = new Map<string, string[]>();
  for (const e of events) if (e.messageId) (byMessage.get(e.messageId) ?? byMessage.set(e.messageId, []).get(e.messageId)!).push(e.event);
  return messages.map((m) => ({
    status: m.status,
    events: [...(byMessage.get(m.id) ?? []), ...(m.providerMessageId ? byMessage.get(m.providerMessageId) ?? [] : [])],
  }));
}

// --- Dashboard ---

export async function dashboardFigures(db: Db, options: { now: number; rules: BookingRules }) {
  const { now, rules } = options;
  const timeZone = rules.studioTimeZone;
  const date = zonedDate(now, timeZone);
  const startToday = startOfZonedDay(date, timeZone);
  const startTomorrow = startOfZonedDay(addDaysToIsoDate(date, 1), timeZone);
  const in7Days = startOfZonedDay(addDaysToIsoDate(date, 8), timeZone);
  const last90 = now - 90 * DAY_MS;

  const [todayRows, nextWeek, recent] = await Promise.all([
    db
      .select({ id: consultations.id, startsAt: consultations.consultationDate, customerName: consultations.customerName, projectName: consultations.projectName, status: consultations.status })
      .from(consultations)
      .where(and(gte(consultations.consultationDate, startToday), lt(consultations.consultationDate, startTomorrow)))
      .orderBy(consultations.consultationDate),
    db
      .select({ n: sql<number>`count(*)` })
      .from(consultations)
      .where(and(eq(consultations.status, "scheduled"), gte(consultations.consultationDate, startTomorrow), lt(consultations.consultationDate, in7Days))),
    rowsBetween(db, last90, now),
  ]);
  const breakdown = statusBreakdown(recent, now);
  return {
    date,
    today: todayRows.filter((r) => r.status !== "cancelled") as { id: string; startsAt: number; customerName: string; projectName: string; status: ConsultationStatus }[],
    nextSevenDays: Number(nextWeek[0]?.n ?? 0),
    last90: breakdown,
  };
}
