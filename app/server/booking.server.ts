import { and, eq, gt, sql } from "drizzle-orm";
import type { BookingSource } from "~/domain/booking-source";
import type { ConsultationInput } from "~/domain/consultation";
import { checkSlot, nearestFreeSlots, type Slot, type UnavailableReason } from "~/domain/slots";
import type { Db } from "./db/client.server";
import { consultations, consultationStatusHistory, type ConsultationRow } from "./db/schema.server";
import { asIntervals, loadBlocks, type BlockSources } from "./availability.server";
import type { AppConfig } from "./env.server";
import type { Logger } from "./log.server";
import type { SlotLockClient } from "./slot-lock.server";

// The booking use case: check the rules -> claim the slot in the Durable Object
// -> write the consultation (and what follows from it) in one D1 batch.

export type BookingDeps = BlockSources & {
  db: Db;
  config: AppConfig;
  slotLock: SlotLockClient;
  log: Logger;
  now: () => number;
  newId?: () => string;
  // Statements that must commit with the booking (outbox jobs, for instance).
  followUps?: (consultation: ConsultationRow) => Parameters<Db["batch"]>[0][number][];
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
  | { kind: "email_limit"; upcoming: string[] };

const DAY_MS = 24 * 60 * 60 * 1000;
const ALTERNATIVES = 3;

/** What the request says about the booking besides the client's answers. */
export type BookingContext = { locale?: string | null; source?: BookingSource };

export async function bookConsultation(deps: BookingDeps, input: ConsultationInput, context: BookingContext = {}): Promise<BookingOutcome> {
  const { config, log } = deps;
  const rules = config.bookingRules;
  const now = deps.now();
  const startsAt = Date.parse(input.consultationDate);
  const endsAt = startsAt + rules.slotMinutes * 60_000;
  const maxUpcoming = config.protection.maxUpcomingPerEmail;

  const upcoming = await upcomingFor(deps.db, input.customerEmail, now);
  if (upcoming.length >= maxUpcoming) {
    log.info("booking.email_limit", { upcoming: upcoming.length });
    return { kind: "email_limit", upcoming };
  }

  // Blocks for a window around the slot: enough for the check and for offering
  // nearby alternatives when the slot is gone.
  const blocks = await loadBlocks(deps, startsAt - 2 * DAY_MS, startsAt + 3 * DAY_MS);
  const unavailable = (problem: SlotProblem): BookingOutcome => ({
    kind: "unavailable",
    problem,
    alternatives: nearestFreeSlots({
      rules,
      now,
      clientTimeZone: input.timeZone,
      bookings: asIntervals(blocks.bookings),
      busy: blocks.busy,
      closures: blocks.closures,
      around: startsAt,
      count: ALTERNATIVES,
      locale: context.locale ?? undefined,
    }),
  });

  const check = checkSlot({
    rules,
    now,
    startsAt,
    bookings: asIntervals(blocks.bookings),
    busy: blocks.busy,
    closures: blocks.closures,
  });
  if (!check.ok) {
    log.info("booking.slot_rejected", {
      reason: check.reason,
      startsAt: input.consultationDate,
      overlapping: blocks.bookings.filter((b) => b.startsAt < endsAt && b.endsAt > startsAt).map((b) => b.consultationId),
    });
    return unavailable(check.reason === "fully_booked" ? "taken" : check.reason);
  }

  const id = deps.newId?.() ?? crypto.randomUUID();
  const claim = await deps.slotLock.claim({
    consultationId: id,
    startsAt,
    endsAt,
    knownBookings: blocks.bookings,
    now,
  });
  if (!claim.ok) {
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
    await deps.db.batch([
      deps.db.insert(consultations).values(row),
      deps.db.insert(consultationStatusHistory).values({
        id: crypto.randomUUID(),
        // NULL, so the NOT NULL check rolls the batch back, when a booking
        // made meanwhile with the same address took it over the cap.
        consultationId: withinUpcomingCap(id, input.customerEmail, now, maxUpcoming),
        fromStatus: null,
        toStatus: "scheduled",
        actor: "client",
        reason: "Booked online",
        createdAt: now,
      }),
      ...(deps.followUps?.(row) ?? []),
    ]);
  } catch (error) {
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

  // After the response: until it lands the hold is pending (60 s), and the
  // committed row guards the slot anyway (every claim is checked against D1's
  // bookings, and the unique index backs it). A lost confirm costs nothing.
  const confirmed = deps.slotLock.confirm(id).catch((error) => log.warn("booking.confirm_failed", { consultationId: id, error }));
  if (deps.waitUntil) deps.waitUntil(confirmed);
  else await confirmed;
  log.info("booking.created", { consultationId: id, startsAt: input.consultationDate, genre: input.genre, sourcePage: row.sourcePage ?? undefined });
  deps.onBooked?.(row);
  return { kind: "booked", consultation: row };
}

// "Upcoming": scheduled and not yet started. Addresses compare without case.
async function upcomingFor(db: Db, email: string, now: number): Promise<string[]> {
  const rows = await db
    .select({ id: consultations.id })
    .from(consultations)
    .where(
      and(
        sql`lower(${consultations.customerEmail}) = lower(${email})`,
        eq(consultations.status, "scheduled"),
        gt(consultations.consultationDate, now),
      ),
    );
  return rows.map((r) => r.id);
}

function withinUpcomingCap(id: string, email: string, now: number, max: number) {
  return sql<string>`(SELECT ${id} WHERE (SELECT COUNT(*) FROM consultations
    WHERE lower(customer_email) = lower(${email}) AND status = 'scheduled' AND consultation_date > ${now}) <= ${max})`;
}

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
