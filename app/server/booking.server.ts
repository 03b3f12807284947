import { and, eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { BookingSource } from "~/domain/booking-source";
import type { ConsultationInput } from "~/domain/consultation";
import { checkSlot, nearestFreeSlots, type Slot, type UnavailableReason } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { preparedStatement, runBatch, runStatement, type BoundStatement, type Placeholders } from "./db/prepared.server";
import { consultations, consultationStatusHistory, type ConsultationRow } from "./db/schema.server";
import { asIntervals, loadBlocks, type BlockSources } from "./availability.server";
import type { AppConfig } from "./env.server";
import {
  idempotentConsultationId,
  isPendingLeftover,
  lookUpKey,
  recordAnswer,
  storedAnswerQuery,
  verdictOf,
  type IdempotencyClaim,
  type KeyVerdict,
  type StoredResponse,
} from "./idempotency.server";
import type { Logger } from "./log.server";
import type { SlotLockClient } from "./slot-lock.server";
import type { ClaimResult } from "../../workers/slot-lock";

// The booking use case: one D1 read batch (what overlaps the time, the
// address's upcoming bookings, the Idempotency-Key's stored answer) beside the
// slot's claim in the Durable Object -> write the consultation, what follows
// from it and the key's answer in one guarded D1 batch. Two D1 round trips and
// one SlotLock call before the answer, the claim overlapping the read, and
// none after it; a refusal reads the days around the time for its
// alternatives (docs/decisions/0029, 0047, 0055, 0056, 0068).

export type BookingDeps = BlockSources & {
  db: Db;
  config: AppConfig;
  slotLock: SlotLockClient;
  log: Logger;
  now: () => number;
  newId?: () => string;
  // Statements that must commit with the booking (outbox jobs, for instance).
  followUps?: (consultation: ConsultationRow) => BoundStatement<unknown>[];
  // Runs after the booking is committed (e.g. start the outbox jobs via waitUntil). Must not throw.
  onBooked?: (consultation: ConsultationRow) => void;
  // Work that can finish after the response (ctx.waitUntil); without it, the booking awaits it.
  waitUntil?: (work: Promise<unknown>) => void;
};

export type SlotProblem = "taken" | "not_offered" | Exclude<UnavailableReason, "fully_booked">;

export type BookingOutcome =
  | { kind: "booked"; consultation: ConsultationRow }
  | { kind: "unavailable"; problem: SlotProblem; alternatives: Slot[] }
  // MAX_UPCOMING_PER_EMAIL reached: the ids of the address's upcoming consultations.
  | { kind: "email_limit"; upcoming: string[] }
  // The same Idempotency-Key and request were answered before: that answer again.
  | { kind: "replayed"; response: StoredResponse }
  // The Idempotency-Key was used with a different request.
  | { kind: "key_mismatch" }
  // The request's admission check (BookingContext.admission) answered instead.
  | { kind: "refused"; response: Response };

/** An Idempotency-Key, and the answer to store with the booking (the same batch). */
export type KeyedBooking = { claim: IdempotencyClaim; answer: (consultation: ConsultationRow) => StoredResponse };

const DAY_MS = 24 * 60 * 60 * 1000;
const ALTERNATIVES = 3;

/** What the request says about the booking besides the client's answers. */
export type BookingContext = {
  locale?: string | null;
  source?: BookingSource;
  /**
   * A check with a round trip of its own (the rate limit, decision 0050),
   * started before the booking and awaited after its read batch, before
   * anything is answered, claimed or written: the two round trips overlap. A
   * Response refuses: it is the answer, and nothing was booked.
   */
  admission?: Promise<Response | null>;
};

export async function bookConsultation(
  deps: BookingDeps,
  input: ConsultationInput,
  context: BookingContext = {},
  keyed?: KeyedBooking,
): Promise<BookingOutcome> {
  const { config, log } = deps;
  const rules = config.bookingRules;
  const now = deps.now();
  const startsAt = Date.parse(input.consultationDate);
  const endsAt = startsAt + rules.slotMinutes * 60_000;
  const maxUpcoming = config.protection.maxUpcomingPerEmail;

  // A keyed submission has one id however often it is sent (idempotency.server.ts).
  const id = keyed
    ? await idempotentConsultationId(config.integrations.links.secret, keyed.claim)
    : (deps.newId?.() ?? crypto.randomUUID());

  // The claim goes out beside the read (docs/decisions/0055): the SlotLock
  // decides between holds, the read's bookings are checked below before
  // anything is written, and the unique index backs both. Only a time the
  // rules allow is claimed, and only once the admission check let the request
  // in, so a refused client holds nothing.
  const admission = context.admission ?? Promise.resolve(null);
  const rulesAllow = checkSlot({ rules, now, startsAt, bookings: [], busy: [], closures: [] }).ok;
  const claiming: Promise<ClaimResult | undefined> = admission.then((refused) =>
    refused || !rulesAllow ? undefined : deps.slotLock.claim({ consultationId: id, startsAt, endsAt, knownBookings: [], now }),
  );
  // Awaited below on every path that gets that far; the others settle it through settleHold.
  void claiming.catch(() => undefined);
  // An answer that books nothing lets the hold go, after the response; one
  // that stands on a booking in D1 (a replay of this very booking) leaves it
  // to lapse: from the commit on, D1's row guards the slot (decision 0068).
  const settleHold = (keep: boolean) => {
    if (keep) return;
    const work = claiming
      .then(async (claim): Promise<unknown> => (claim?.ok ? deps.slotLock.release(id) : undefined))
      .then(
        () => undefined,
        (error: unknown) => log.warn("booking.hold_settle_failed", { consultationId: id, error }),
      );
    if (deps.waitUntil) deps.waitUntil(work);
    else return work;
  };

  // One round trip: what overlaps the slot itself (bookings, busy time,
  // closures), the address's upcoming bookings and the key's stored answer.
  // Only the slot: a window of days would read every booking in it on every
  // booking; a refusal reads its alternatives' window on its own (unavailable).
  let blocks: Awaited<ReturnType<typeof loadBlocks>>;
  try {
    blocks = await loadBlocks(deps, startsAt, endsAt, [
      upcomingQuery(deps.db, input.customerEmail, now),
      ...(keyed ? [storedAnswerQuery(deps.db, keyed.claim.key)] : []),
    ]);
  } catch (error) {
    await settleHold(false);
    throw error;
  }
  const refusal = await admission;
  if (refusal) return { kind: "refused", response: refusal };
  const [upcomingRows, keyRows = []] = blocks.alongside as [{ id: string }[], Parameters<typeof verdictOf>[0] | undefined];
  if (keyed) {
    const earlier = verdictOf(keyRows, keyed.claim.hash);
    if (earlier.kind !== "none") {
      await settleHold(earlier.kind === "replay" && (earlier.response.body as { id?: string } | null)?.id === id);
      return keyOutcome(earlier);
    }
  }
  const upcoming = upcomingRows.map((r) => r.id);
  if (upcoming.length >= maxUpcoming) {
    await settleHold(false);
    log.info("booking.email_limit", { upcoming: upcoming.length });
    return { kind: "email_limit", upcoming };
  }
  // The time is gone: the nearest free ones, from a window of days around it
  // (a second round trip, on this path only). Without them the answer stands.
  const unavailable = async (problem: SlotProblem): Promise<BookingOutcome> => {
    const around = await loadBlocks(deps, startsAt - 2 * DAY_MS, startsAt + 3 * DAY_MS).catch((error: unknown) => {
      log.warn("booking.alternatives_unreadable", { error });
      return null;
    });
    const alternatives = around
      ? nearestFreeSlots({
          rules,
          now,
          clientTimeZone: input.timeZone,
          bookings: asIntervals(around.bookings),
          busy: around.busy,
          closures: around.closures,
          around: startsAt,
          count: ALTERNATIVES,
          locale: context.locale ?? undefined,
        })
      : [];
    return { kind: "unavailable", problem, alternatives };
  };

  // D1's bookings (other than this one: a retry's own row), the studio's busy
  // time and closures: what the SlotLock's holds don't know.
  const check = checkSlot({
    rules,
    now,
    startsAt,
    bookings: asIntervals(blocks.bookings.filter((b) => b.consultationId !== id)),
    busy: blocks.busy,
    closures: blocks.closures,
  });
  if (!check.ok) {
    await settleHold(false);
    log.info("booking.slot_rejected", {
      reason: check.reason,
      startsAt: input.consultationDate,
      overlapping: blocks.bookings.filter((b) => b.startsAt < endsAt && b.endsAt > startsAt).map((b) => b.consultationId),
    });
    return unavailable(check.reason === "fully_booked" ? "taken" : check.reason);
  }

  const claim = await claiming;
  if (!claim?.ok) {
    log.info("booking.slot_taken", { startsAt: input.consultationDate, by: "slot_lock" });
    return unavailable("taken");
  }

  const row: ConsultationRow = {
    id,
    projectName: input.projectName,
    projectDescription: input.projectDescription,
    genre: input.genre,
    bpm: input.bpm ?? null,
    communicationPreference: "call",
    consultationDate: startsAt,
    durationMinutes: rules.slotMinutes,
    timeZone: input.timeZone,
    status: "scheduled",
    customerName: input.customerName,
    customerEmail: input.customerEmail,
    customerPhone: input.customerPhone ?? null,
    specialRequirements: input.specialRequirements || null,
    googleCalendarEventId: null,
    adminNotes: null,
    calendarSequence: 0,
    calendarChecked: true,
    calendarEventStartsAt: null,
    calendarEventEndsAt: null,
    erasedAt: null,
    sourcePage: context.source?.page ?? null,
    utmSource: context.source?.utmSource ?? null,
    utmMedium: context.source?.utmMedium ?? null,
    utmCampaign: context.source?.utmCampaign ?? null,
    locale: context.locale ?? null,
    createdAt: now,
    updatedAt: now,
  };

  try {
    await runBatch(deps.db, [
      consultationInsert.bind(deps.db, row),
      bookedStatusInsert.bind(deps.db, { id: crypto.randomUUID(), consultationId: id, email: input.customerEmail, now, max: maxUpcoming }),
      ...(deps.followUps?.(row) ?? []),
      ...(keyed ? recordAnswer(deps.db, keyed.claim, keyed.answer(row), now, isPendingLeftover(keyRows)) : []),
    ]);
  } catch (error) {
    if (keyed) {
      // The same key stored first (a double click, a retry racing its original)?
      const other = await lookUpKey(deps.db, keyed.claim).catch((): KeyVerdict => ({ kind: "none" }));
      if (other.kind !== "none") {
        const sameBooking = other.kind === "replay" && (other.response.body as { id?: string } | null)?.id === id;
        // Same submission, same id: D1 has it, so our hold lapses. Otherwise let ours go.
        await settleHold(sameBooking);
        log.info("booking.key_raced", { outcome: other.kind });
        return keyOutcome(other);
      }
    }
    await deps.slotLock.release(id).catch(() => undefined);
    if (isCapViolation(error)) {
      log.info("booking.email_limit", { by: "batch_guard" });
      return { kind: "email_limit", upcoming: await upcomingFor(deps.db, input.customerEmail, now) };
    }
    if (isUniqueSlotViolation(error)) {
      log.warn("booking.slot_taken", { startsAt: input.consultationDate, by: "unique_index" });
      return unavailable("taken");
    }
    throw error;
  }

  // The hold is left to lapse (60 s): it covered this claim while it was in
  // flight, and from here the committed row guards the slot (every booking
  // checks D1's bookings before it writes, and the unique index backs it).
  log.info("booking.created", { consultationId: id, startsAt: input.consultationDate, genre: input.genre, sourcePage: row.sourcePage ?? undefined });
  deps.onBooked?.(row);
  return { kind: "booked", consultation: row };
}

function keyOutcome(verdict: Exclude<KeyVerdict, { kind: "none" }>): BookingOutcome {
  return verdict.kind === "replay" ? { kind: "replayed", response: verdict.response } : { kind: "key_mismatch" };
}

// The booking's statements are built once per isolate (db/prepared.server.ts, docs/decisions/0051).

// "Upcoming": scheduled and not yet started. Addresses compare without case.
const upcoming = preparedStatement((db: Db, p: Placeholders<{ email: string; now: number }>) =>
  db
    .select({ id: consultations.id })
    .from(consultations)
    .where(
      and(
        sql`lower(${consultations.customerEmail}) = lower(${p.email})`,
        eq(consultations.status, "scheduled"),
        gt(consultations.consultationDate, p.now),
      ),
    ),
);

function upcomingQuery(db: Db, email: string, now: number) {
  return upcoming.bind(db, { email, now });
}

async function upcomingFor(db: Db, email: string, now: number): Promise<string[]> {
  return (await runStatement(db, upcomingQuery(db, email, now))).map((r) => r.id);
}

// Every column of the row, each its own placeholder.
const consultationInsert = preparedStatement((db: Db, p: Placeholders<ConsultationRow>) =>
  db
    .insert(consultations)
    .values(Object.fromEntries(Object.keys(getTableColumns(consultations)).map((name) => [name, p[name as keyof ConsultationRow]])) as never),
);

// The status row's consultation id is NULL, so its NOT NULL check rolls the
// batch back, when a booking made meanwhile with the same address took it over the cap.
const bookedStatusInsert = preparedStatement(
  (db: Db, p: Placeholders<{ id: string; consultationId: string; email: string; now: number; max: number }>) =>
    db.insert(consultationStatusHistory).values({
      id: p.id,
      consultationId: sql<string>`(SELECT ${p.consultationId} WHERE (SELECT COUNT(*) FROM consultations
        WHERE lower(customer_email) = lower(${p.email}) AND status = 'scheduled' AND consultation_date > ${p.now}) <= ${p.max})`,
      fromStatus: null,
      toStatus: "scheduled",
      actor: "client",
      reason: "Booked online",
      createdAt: p.now,
    }),
);

function isCapViolation(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
  return /NOT NULL constraint failed: consultation_status_history\.consultation_id/.test(text);
}

function isUniqueSlotViolation(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
  return /UNIQUE constraint failed: consultations\.consultation_date/.test(text);
}

export const SLOT_PROBLEM_MESSAGES: Record<SlotProblem, string> = {
  taken: "Sorry, that time was just taken. Please pick another.",
  not_offered: "That time isn't one we offer. Please pick a time from the list.",
  weekend: "The studio doesn't take consultations on that day. Please pick a weekday.",
  closed: "The studio is closed at that time. Please pick another.",
  past: "That time has already passed. Please pick a later one.",
  too_soon: "That time is too soon for us to prepare. Please pick a later one.",
  beyond_horizon: "That time is too far ahead to book yet. Please pick an earlier one.",
  studio_busy: "The studio is busy at that time. Please pick another.",
};
