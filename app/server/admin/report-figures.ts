import { addDaysToIsoDate, isoWeekday } from "../../domain/calendar-date";
import { CONSULTATION_STATUSES, type ConsultationStatus } from "../../domain/consultation";
import { wallClockAt } from "../../domain/time-zones";

// The reports' arithmetic, pure: rows in, figures out. Weeks (Monday to
// Sunday), months, weekdays and hours are the studio's, so a consultation at
// 10:00 London time counts as 10:00 in both summer and winter.

export type ReportRow = { startsAt: number; status: ConsultationStatus };

export type StatusCounts = Record<ConsultationStatus, number>;

export type Bucket = { key: string; label: string; counts: StatusCounts; total: number; current: boolean };

const emptyCounts = (): StatusCounts => Object.fromEntries(CONSULTATION_STATUSES.map((s) => [s, 0])) as StatusCounts;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The Monday (studio date) of the week an instant falls in. */
export function weekStart(instant: number, timeZone: string): string {
  const { date } = wallClockAt(instant, timeZone);
  return addDaysToIsoDate(date, 1 - isoWeekday(date));
}

export function monthKey(instant: number, timeZone: string): string {
  return wallClockAt(instant, timeZone).date.slice(0, 7);
}

function addMonths(key: string, n: number): string {
  const [y, m] = key.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

function dateLabel(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

function fill(buckets: Bucket[], key: (row: ReportRow) => string, rows: readonly ReportRow[]) {
  const byKey = new Map(buckets.map((b) => [b.key, b]));
  for (const row of rows) {
    const bucket = byKey.get(key(row));
    if (!bucket) continue;
    bucket.counts[row.status]++;
    bucket.total++;
  }
  return buckets;
}

/** Consultations per studio week, `before` weeks before the current one to `after` weeks after it. */
export function weeklyVolume(rows: readonly ReportRow[], options: { now: number; timeZone: string; before: number; after: number }): Bucket[] {
  const current = weekStart(options.now, options.timeZone);
  const buckets: Bucket[] = [];
  for (let i = -options.before; i <= options.after; i++) {
    const key = addDaysToIsoDate(current, 7 * i);
    buckets.push({ key, label: dateLabel(key), counts: emptyCounts(), total: 0, current: i === 0 });
  }
  return fill(buckets, (r) => weekStart(r.startsAt, options.timeZone), rows);
}

/** Consultations per studio month, `before` months before the current one to `after` after it. */
export function monthlyVolume(rows: readonly ReportRow[], options: { now: number; timeZone: string; before: number; after: number }): Bucket[] {
  const current = monthKey(options.now, options.timeZone);
  const buckets: Bucket[] = [];
  for (let i = -options.before; i <= options.after; i++) {
    const key = addMonths(current, i);
    buckets.push({ key, label: `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(2, 4)}`, counts: emptyCounts(), total: 0, current: i === 0 });
  }
  return fill(buckets, (r) => monthKey(r.startsAt, options.timeZone), rows);
}

export type StatusBreakdown = {
  counts: StatusCounts;
  total: number;
  /** no-shows / (completed + no-shows): of the consultations that came due and were recorded, how many the client missed. */
  noShowRate: number | null;
  /** Scheduled consultations whose time has passed without an outcome recorded. */
  awaitingOutcome: number;
};

export function statusBreakdown(rows: readonly ReportRow[], now: number): StatusBreakdown {
  const counts = emptyCounts();
  let awaitingOutcome = 0;
  for (const row of rows) {
    counts[row.status]++;
    if (row.status === "scheduled" && row.startsAt < now) awaitingOutcome++;
  }
  const decided = counts.completed + counts.no_show;
  return { counts, total: rows.length, noShowRate: decided === 0 ? null : counts.no_show / decided, awaitingOutcome };
}

export type Heatmap = { weekdays: number[]; hours: number[]; cells: number[][]; max: number };

/** Bookings per studio weekday (rows) × hour (columns), for the given weekdays and hours. */
export function popularSlots(rows: readonly ReportRow[], options: { timeZone: string; weekdays: readonly number[]; firstHour: number; lastHour: number }): Heatmap {
  const weekdays = [...options.weekdays].sort((a, b) => a - b);
  const hours: number[] = [];
  for (let h = options.firstHour; h <= options.lastHour; h++) hours.push(h);
  const cells = weekdays.map(() => hours.map(() => 0));
  let max = 0;
  for (const row of rows) {
    const { date, minutesOfDay } = wallClockAt(row.startsAt, options.timeZone);
    const r = weekdays.indexOf(isoWeekday(date));
    const c = hours.indexOf(Math.floor(minutesOfDay / 60));
    if (r === -1 || c === -1) continue;
    max = Math.max(max, ++cells[r][c]);
  }
  return { weekdays, hours, cells, max };
}

export type EmailEngagement = { sent: number; delivered: number; bounced: number; opened: number };

/**
 * From each message's latest status and its webhook events. A message counts
 * as delivered if it was delivered or later opened or clicked (an open implies
 * delivery), bounced if it bounced or was dropped, opened if opened or clicked.
 */
export function emailEngagement(messages: readonly { status: string; events: readonly string[] }[]): EmailEngagement {
  const has = (m: { status: string; events: readonly string[] }, names: string[]) => names.includes(m.status) || m.events.some((e) => names.includes(e));
  const sentish = messages.filter((m) => !["skipped", "suppressed"].includes(m.status));
  return {
    sent: sentish.length,
    delivered: sentish.filter((m) => has(m, ["delivered", "opened", "open", "clicked", "click"])).length,
    bounced: sentish.filter((m) => has(m, ["bounced", "bounce", "dropped"])).length,
    opened: sentish.filter((m) => has(m, ["opened", "open", "clicked", "click"])).length,
  };
}
