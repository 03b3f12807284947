import { and, eq, sql } from "drizzle-orm";
import type { ConsultationStatus } from "~/domain/consultation";
import { DETAIL_FIELDS, DETAIL_LABELS, type DetailsPatch } from "~/domain/consultation-edit";
import { checkSlot, nearestFreeSlots, type BookingRules, type Slot } from "~/domain/slots";
import { checkTransition, occupiesSlot, STATUS_LABELS, type StatusActor, type TransitionProblem } from "~/domain/status";
import { formatInZone } from "~/domain/time-zones";
import { asIntervals, loadBlocks, type BlockSources } from "./availability.server";
import type { SlotProblem } from "./booking.server";
import { findConsultation } from "./consultations.server";
import type { Db } from "./db/client.server";
import { consultationChanges, consultations, consultationStatusHistory, type ConsultationRow } from "./db/schema.server";
import type { AppServices } from "./context.server";
import type { AppConfig } from "./env.server";
import type { Logger } from "./log.server";
import { jobsForCancellation, jobsForDetailsChange, jobsForReschedule } from "./outbox/plans.server";
import { runJobsSoon } from "./outbox/wiring.server";
import type { SlotLockClient } from "./slot-lock.server";
import { consultationWebhook } from "./webhooks/events.server";

// Changing a consultation after it was booked: edit the details or the notes,
// change the status, reschedule, cancel. Shared by the admin pages, the admin
// API and (later) the client's private link; `actor` says who is acting.
//
// Every change is one D1 batch (a transaction): the update, its history or
// audit row, and the follow-ups (outbox jobs for emails and the calendar) that
// `followUps` plans. The update is conditional on the row being as we read it
// (same updated_at and status); the history row takes its consultation_id from
// a sub-select of the row as we wrote it, so when another change got there
// first the sub-select is NULL, the NOT NULL constraint fails and the whole
// batch, follow-ups included, rolls back. See docs/decisions/0009.

export type ChangeActor = { kind: StatusActor; detail?: string | null };

export type BatchStatement = Parameters<Db["batch"]>[0][number];
type Planned = BatchStatement[] | Promise<BatchStatement[]>;

// Statements that must commit with a change: the outbox's planners
// (jobsForReschedule, jobsForCancellation), wired in changeDepsFor below.
export type ChangeFollowUps = {
  reschedule?: (consultation: ConsultationRow, previousStartsAt: number, now: number) => Planned;
  cancellation?: (consultation: ConsultationRow, now: number) => Planned;
  detailsChanged?: (consultation: ConsultationRow, fields: readonly string[], now: number) => Planned;
  // A scheduled consultation became completed or no_show (the studio's webhooks).
  outcomeRecorded?: (consultation: ConsultationRow, previous: ConsultationRow, now: number) => Planned;
};

export type ChangeDeps = BlockSources & {
  db: Db;
  config: AppConfig;
  slotLock: SlotLockClient;
  log: Logger;
  now: () => number;
  newId?: () => string;
  followUps?: ChangeFollowUps;
  // After a reschedule or cancellation has committed (runs the outbox jobs soon). Must not throw.
  afterCommit?: (consultation: ConsultationRow) => void;
};

export type ChangeOutcome =
  | { kind: "changed"; consultation: ConsultationRow; previous: ConsultationRow }
  | { kind: "unchanged"; consultation: ConsultationRow }
  | { kind: "not_found" }
  | { kind: "refused"; problem: TransitionProblem | "not_scheduled" | "same_time"; message: string }
  | { kind: "conflict"; message: string }
  | { kind: "slot_unavailable"; problem: SlotProblem; message: string; alternatives: Slot[] };

const CONFLICT_MESSAGE = "Someone else changed this consultation at the same moment. Nothing was saved: reload it and try again.";
const DAY_MS = 24 * 60 * 60 * 1000;

/** How far ahead the studio may move a consultation (clients see BOOKING_HORIZON_DAYS). */
export const STUDIO_HORIZON_DAYS = 90;

/**
 * The rules for a reschedule by the studio: the same grid, closures and
 * calendar, without the client's notice period and with a longer horizon.
 */
export function studioRules(rules: BookingRules): BookingRules {
  return { ...rules, minNoticeMinutes: 0, horizonDays: Math.max(rules.horizonDays, STUDIO_HORIZON_DAYS) };
}

// --- Details and notes ---

export async function editDetails(deps: ChangeDeps, id: string, patch: DetailsPatch, actor: ChangeActor): Promise<ChangeOutcome> {
  const row = await findConsultation(deps.db, id);
  if (!row) return { kind: "not_found" };
  const changes: Partial<ConsultationRow> = {};
  for (const field of DETAIL_FIELDS) {
    const value = patch[field];
    if (value !== undefined && value !== row[field]) (changes as Record<string, unknown>)[field] = value;
  }
  const fields = Object.keys(changes) as (typeof DETAIL_FIELDS)[number][];
  if (fields.length === 0) return { kind: "unchanged", consultation: row };

  const now = deps.now();
  const stamp = nextStamp(row, now);
  const updated: ConsultationRow = { ...row, ...changes, updatedAt: stamp };
  const summary = `Changed the ${listOf(fields.map((f) => DETAIL_LABELS[f]))}`;
  const result = await commit(deps, [
    deps.db
      .update(consultations)
      .set({ ...changes, updatedAt: stamp })
      .where(and(eq(consultations.id, id), eq(consultations.updatedAt, row.updatedAt))),
    changeRow(deps, { id, stamp, kind: "details", actor, summary, now }),
    ...(await (deps.followUps?.detailsChanged?.(updated, fields, now) ?? [])),
  ]);
  if (result !== "ok") return { kind: "conflict", message: CONFLICT_MESSAGE };
  deps.log.info("consultation.details_changed", { consultationId: id, fields: fields.join(","), actor: actor.kind });
  return { kind: "changed", consultation: updated, previous: row };
}

export async function editNotes(deps: ChangeDeps, id: string, adminNotes: string | null, actor: ChangeActor): Promise<ChangeOutcome> {
  const row = await findConsultation(deps.db, id);
  if (!row) return { kind: "not_found" };
  const notes = adminNotes?.trim() ? adminNotes.trim() : null;
  if (notes === row.adminNotes) return { kind: "unchanged", consultation: row };
  const now = deps.now();
  const stamp = nextStamp(row, now);
  const summary = notes === null ? "Cleared the notes" : row.adminNotes === null ? "Added notes" : "Edited the notes";
  const result = await commit(deps, [
    deps.db
      .update(consultations)
      .set({ adminNotes: notes, updatedAt: stamp })
      .where(and(eq(consultations.id, id), eq(consultations.updatedAt, row.updatedAt))),
    changeRow(deps, { id, stamp, kind: "notes", actor, summary, now }),
  ]);
  if (result !== "ok") return { kind: "conflict", message: CONFLICT_MESSAGE };
  return { kind: "changed", consultation: { ...row, adminNotes: notes, updatedAt: stamp }, previous: row };
}

// --- Status ---

export async function changeStatus(
  deps: ChangeDeps,
  id: string,
  change: { status: ConsultationStatus; reason?: string | null },
  actor: ChangeActor,
): Promise<ChangeOutcome> {
  const row = await findConsultation(deps.db, id);
  if (!row) return { kind: "not_found" };
  const now = deps.now();
  const check = checkTransition({ from: row.status, to: change.status, actor: actor.kind, reason: change.reason, startsAt: row.consultationDate, now });
  if (!check.ok) return { kind: "refused", problem: check.problem, message: check.message };
  if (change.status === "cancelled") return cancelChecked(deps, row, check.reason, actor, now);
  if (change.status === "scheduled") return reopen(deps, row, check.reason, actor, now);

  // completed or no_show. Leaving "scheduled" frees any hold first: if that
  // fails nothing has changed, and if the write then fails D1's scheduled row
  // still guards the slot (holds only cover claims in flight: decision 0068).
  const stamp = nextStamp(row, now);
  const updated: ConsultationRow = { ...row, status: change.status, updatedAt: stamp };
  if (occupiesSlot(row.status)) await deps.slotLock.release(id);
  const result = await commit(deps, [
    statusUpdate(deps, row, change.status, stamp),
    historyRow(deps, { row, to: change.status, stamp, actor, reason: check.reason, now }),
    ...(await (deps.followUps?.outcomeRecorded?.(updated, row, now) ?? [])),
  ]);
  if (result !== "ok") return { kind: "conflict", message: CONFLICT_MESSAGE };
  deps.log.info("consultation.status_changed", { consultationId: id, from: row.status, to: change.status, actor: actor.kind });
  deps.afterCommit?.(updated);
  return { kind: "changed", consultation: updated, previous: row };
}

export async function cancelConsultation(deps: ChangeDeps, id: string, change: { reason?: string | null }, actor: ChangeActor): Promise<ChangeOutcome> {
  return changeStatus(deps, id, { status: "cancelled", reason: change.reason }, actor);
}

async function cancelChecked(deps: ChangeDeps, row: ConsultationRow, reason: string | null, actor: ChangeActor, now: number): Promise<ChangeOutcome> {
  const stamp = nextStamp(row, now);
  const updated: ConsultationRow = { ...row, status: "cancelled", updatedAt: stamp };
  // Free the slot in the lock before D1 says so. Until the batch commits the
  // scheduled row in D1 still blocks the slot (every claim is checked against
  // D1's bookings), so nobody can take it early.
  await deps.slotLock.release(row.id);
  const result = await commit(deps, [
    statusUpdate(deps, row, "cancelled", stamp),
    historyRow(deps, { row, to: "cancelled", stamp, actor, reason, now }),
    ...(await (deps.followUps?.cancellation?.(updated, now) ?? [])),
  ]);
  if (result !== "ok") return { kind: "conflict", message: CONFLICT_MESSAGE };
  deps.log.info("consultation.cancelled", { consultationId: row.id, actor: actor.kind });
  deps.afterCommit?.(updated);
  return { kind: "changed", consultation: updated, previous: row };
}

// completed/no_show → scheduled: the consultation takes its slot again, so the
// slot is claimed like a booking.
async function reopen(deps: ChangeDeps, row: ConsultationRow, reason: string | null, actor: ChangeActor, now: number): Promise<ChangeOutcome> {
  const interval = { start: row.consultationDate, end: row.consultationDate + row.durationMinutes * 60_000 };
  const blocks = await loadBlocks(deps, interval.start - DAY_MS, interval.end + DAY_MS);
  const others = blocks.bookings.filter((b) => b.consultationId !== row.id);
  const claim = await deps.slotLock.claim({ consultationId: row.id, startsAt: interval.start, endsAt: interval.end, knownBookings: others, now });
  if (!claim.ok) return slotUnavailable(deps, "taken", interval.start, others, now);
  const stamp = nextStamp(row, now);
  const result = await commit(deps, [
    statusUpdate(deps, row, "scheduled", stamp),
    historyRow(deps, { row, to: "scheduled", stamp, actor, reason, now }),
  ]);
  if (result !== "ok") {
    await deps.slotLock.release(row.id).catch(() => undefined);
    if (result === "slot_taken") return slotUnavailable(deps, "taken", interval.start, others, now);
    return { kind: "conflict", message: CONFLICT_MESSAGE };
  }
  // The hold lapses on its own: from here D1's scheduled row guards the slot.
  return { kind: "changed", consultation: { ...row, status: "scheduled", updatedAt: stamp }, previous: row };
}

// --- Reschedule ---

export async function rescheduleConsultation(
  deps: ChangeDeps,
  id: string,
  change: { startsAt: number; reason?: string | null },
  actor: ChangeActor,
  options: { rules?: BookingRules } = {},
): Promise<ChangeOutcome> {
  const row = await findConsultation(deps.db, id);
  if (!row) return { kind: "not_found" };
  if (row.status !== "scheduled") {
    return { kind: "refused", problem: "not_scheduled", message: `Only a scheduled consultation can be moved; this one is ${STATUS_LABELS[row.status].toLowerCase()}.` };
  }
  const { startsAt } = change;
  if (startsAt === row.consultationDate) return { kind: "refused", problem: "same_time", message: "That is the time it already has. Pick a different time." };
  const reason = change.reason?.trim() || null;
  const now = deps.now();
  const rules = options.rules ?? deps.config.bookingRules;
  const endsAt = startsAt + row.durationMinutes * 60_000;

  const blocks = await loadBlocks(deps, startsAt - 2 * DAY_MS, startsAt + 3 * DAY_MS);
  // The consultation's own current time doesn't block its new one.
  const others = blocks.bookings.filter((b) => b.consultationId !== id);
  const check = checkSlot({ rules, now, startsAt, bookings: asIntervals(others), busy: blocks.busy, closures: blocks.closures });
  if (!check.ok) return slotUnavailable(deps, check.reason === "fully_booked" ? "taken" : check.reason, startsAt, others, now, rules, blocks);

  // The same consultation id moves its hold to the new time. The old time stays
  // blocked by D1 (it is still this consultation's scheduled time there) until
  // the batch below commits.
  const claim = await deps.slotLock.claim({ consultationId: id, startsAt, endsAt, knownBookings: others, now });
  if (!claim.ok) {
    deps.log.info("consultation.reschedule_taken", { consultationId: id, by: "slot_lock" });
    return slotUnavailable(deps, "taken", startsAt, others, now, rules, blocks);
  }

  const stamp = nextStamp(row, now);
  const updated: ConsultationRow = { ...row, consultationDate: startsAt, updatedAt: stamp };
  const tz = deps.config.bookingRules.studioTimeZone;
  const summary =
    `Moved from ${formatInZone(row.consultationDate, tz, "EEE d MMM yyyy, HH:mm")} to ${formatInZone(startsAt, tz, "EEE d MMM yyyy, HH:mm")} (${tz})` +
    (reason ? `: ${reason}` : "");
  const result = await commit(deps, [
    deps.db
      .update(consultations)
      .set({ consultationDate: startsAt, updatedAt: stamp })
      .where(and(eq(consultations.id, id), eq(consultations.status, "scheduled"), eq(consultations.updatedAt, row.updatedAt))),
    changeRow(deps, { id, stamp, kind: "rescheduled", actor, summary, now, previousStartsAt: row.consultationDate }),
    ...(await (deps.followUps?.reschedule?.(updated, row.consultationDate, now) ?? [])),
  ]);
  if (result !== "ok") {
    // D1 still has the old time, which guards itself; the new time is let go.
    await deps.slotLock.release(id).catch(() => undefined);
    if (result === "slot_taken") {
      deps.log.warn("consultation.reschedule_taken", { consultationId: id, by: "unique_index" });
      return slotUnavailable(deps, "taken", startsAt, others, now, rules, blocks);
    }
    return { kind: "conflict", message: CONFLICT_MESSAGE };
  }
  deps.afterCommit?.(updated);
  deps.log.info("consultation.rescheduled", { consultationId: id, from: new Date(row.consultationDate).toISOString(), to: new Date(startsAt).toISOString(), actor: actor.kind });
  return { kind: "changed", consultation: updated, previous: row };
}

// --- Helpers ---

// updated_at doubles as the row's version: strictly increasing per write.
function nextStamp(row: ConsultationRow, now: number): number {
  return Math.max(now, row.updatedAt + 1);
}

function statusUpdate(deps: ChangeDeps, row: ConsultationRow, to: ConsultationStatus, stamp: number) {
  return deps.db
    .update(consultations)
    .set({ status: to, updatedAt: stamp })
    .where(and(eq(consultations.id, row.id), eq(consultations.status, row.status), eq(consultations.updatedAt, row.updatedAt)));
}

// NULL (and so a NOT NULL failure that rolls the batch back) unless the row is
// exactly as this change wrote it.
// changes() > 0: the UPDATE just before it in the batch changed the row. Two
// identical changes in the same millisecond pick the same stamp (workerd's
// clock only moves between I/O), so the stamp alone can't tell the loser.
function asWritten(id: string, stamp: number, status?: ConsultationStatus) {
  return status
    ? sql<string>`(SELECT id FROM consultations WHERE id = ${id} AND updated_at = ${stamp} AND status = ${status} AND changes() > 0)`
    : sql<string>`(SELECT id FROM consultations WHERE id = ${id} AND updated_at = ${stamp} AND changes() > 0)`;
}

function historyRow(
  deps: ChangeDeps,
  h: { row: ConsultationRow; to: ConsultationStatus; stamp: number; actor: ChangeActor; reason: string | null; now: number },
) {
  return deps.db.insert(consultationStatusHistory).values({
    id: deps.newId?.() ?? crypto.randomUUID(),
    consultationId: asWritten(h.row.id, h.stamp, h.to),
    fromStatus: h.row.status,
    toStatus: h.to,
    actor: h.actor.kind,
    actorDetail: h.actor.detail ?? null,
    reason: h.reason,
    createdAt: h.now,
  });
}

function changeRow(
  deps: ChangeDeps,
  c: { id: string; stamp: number; kind: "details" | "notes" | "rescheduled"; actor: ChangeActor; summary: string; now: number; previousStartsAt?: number },
) {
  return deps.db.insert(consultationChanges).values({
    id: deps.newId?.() ?? crypto.randomUUID(),
    consultationId: asWritten(c.id, c.stamp),
    kind: c.kind,
    actor: c.actor.kind,
    actorDetail: c.actor.detail ?? null,
    summary: c.summary,
    previousStartsAt: c.previousStartsAt ?? null,
    createdAt: c.now,
  });
}

type CommitResult = "ok" | "stale" | "slot_taken";

async function commit(deps: ChangeDeps, statements: BatchStatement[]): Promise<CommitResult> {
  try {
    await deps.db.batch(statements as [BatchStatement, ...BatchStatement[]]);
    return "ok";
  } catch (error) {
    const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
    if (/NOT NULL constraint failed: consultation_(status_history|changes)\.consultation_id/.test(text)) return "stale";
    if (/UNIQUE constraint failed: consultations\.consultation_date/.test(text)) return "slot_taken";
    throw error;
  }
}

async function slotUnavailable(
  deps: ChangeDeps,
  problem: SlotProblem,
  around: number,
  others: { consultationId: string; startsAt: number; endsAt: number }[],
  now: number,
  rules: BookingRules = deps.config.bookingRules,
  blocks?: { busy: { start: number; end: number }[]; closures: { start: number; end: number }[] },
): Promise<ChangeOutcome> {
  const loaded = blocks ?? (await loadBlocks(deps, around - 2 * DAY_MS, around + 3 * DAY_MS));
  const alternatives = nearestFreeSlots({
    rules,
    now,
    clientTimeZone: rules.studioTimeZone,
    bookings: asIntervals(others),
    busy: loaded.busy,
    closures: loaded.closures,
    around,
    count: 3,
  });
  return { kind: "slot_unavailable", problem, message: STUDIO_SLOT_MESSAGES[problem], alternatives };
}

// For the studio; a client acting through their own link would get SLOT_PROBLEM_MESSAGES.
export const STUDIO_SLOT_MESSAGES: Record<SlotProblem, string> = {
  taken: "That time is taken by another consultation. Pick another time.",
  not_offered: "That time isn't one of the studio's consultation slots. Pick a time from the list.",
  weekend: "The studio doesn't take consultations on that day. Pick another day.",
  closed: "The studio is closed at that time (see Availability). Pick another time.",
  past: "That time has already passed. Pick a later one.",
  too_soon: "That time is too soon. Pick a later one.",
  beyond_horizon: `That time is too far ahead. Pick one within ${STUDIO_HORIZON_DAYS} days.`,
  studio_busy: "The studio calendar is busy at that time. Pick another time.",
};

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// --- Wiring ---

/**
 * The change use cases' dependencies for a request: the outbox's planners
 * (the client's email and the calendar event commit in the same D1 batch as
 * the change), and a nudge that runs those jobs right after the response.
 */
export function changeDepsFor(services: AppServices): ChangeDeps {
  const { db, config, log, now, waitUntil, outboxRelay } = services;
  return {
    ...services,
    followUps: {
      reschedule: (c, previousStartsAt, at) => [
        ...jobsForReschedule(db, c, previousStartsAt, at),
        consultationWebhook(db, "consultation.rescheduled", c, at, { previousConsultationDate: new Date(previousStartsAt).toISOString() }),
      ],
      cancellation: (c, at) => [...jobsForCancellation(db, c, at), consultationWebhook(db, "consultation.cancelled", c, at)],
      detailsChanged: (c, fields, at) => jobsForDetailsChange(db, c, fields, at),
      outcomeRecorded: (c, _previous, at) => (c.status === "completed" ? [consultationWebhook(db, "consultation.completed", c, at)] : []),
    },
    afterCommit: (c) => runJobsSoon({ db, config, log, now, waitUntil, outboxRelay }, c.id),
  };
}
