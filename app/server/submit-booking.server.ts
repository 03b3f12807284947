import { consultationReference, type ConsultationInput } from "~/domain/consultation";
import type { ConsultationRow } from "./db/schema.server";
import { bookConsultation, SLOT_PROBLEM_MESSAGES, type BookingContext, type BookingDeps, type KeyedBooking } from "./booking.server";
import { emailBookingLinks } from "./booking-links.server";
import type { OutboxRelay } from "./outbox/relay.server";
import { runJobsSoon } from "./outbox/wiring.server";
import { requestHash, type StoredResponse } from "./idempotency.server";

// One path from a validated submission to an HTTP-shaped answer, shared by the
// booking form and POST /api/consultations, with Idempotency-Key handling.

export type SubmitOutcome =
  | (StoredResponse & { replayed: boolean })
  // The request's admission check answered instead (BookingContext.admission): nothing was booked.
  | { status: "refused"; response: Response; replayed: false }
  | { status: 422; body: { error: string; errors: Record<string, readonly string[]> }; replayed: false };

// The fields every JSON answer about a consultation shares (public and admin).
export type ConsultationJsonSource = Pick<
  ConsultationRow,
  | "id"
  | "status"
  | "consultationDate"
  | "durationMinutes"
  | "timeZone"
  | "projectName"
  | "projectDescription"
  | "genre"
  | "bpm"
  | "customerName"
  | "customerEmail"
  | "customerPhone"
  | "specialRequirements"
  | "communicationPreference"
  | "createdAt"
>;

export function consultationJson(row: ConsultationJsonSource) {
  return {
    id: row.id,
    reference: consultationReference(row.id),
    status: row.status,
    consultationDate: new Date(row.consultationDate).toISOString(),
    endsAt: new Date(row.consultationDate + row.durationMinutes * 60_000).toISOString(),
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    projectName: row.projectName,
    projectDescription: row.projectDescription,
    genre: row.genre,
    bpm: row.bpm,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    customerPhone: row.customerPhone,
    specialRequirements: row.specialRequirements,
    communicationPreference: row.communicationPreference,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Over the per-address cap: said kindly, without any of the existing bookings' details. */
export function emailLimitMessage(max: number): string {
  return (
    `This email address already has ${max === 1 ? "an upcoming consultation" : `${max} upcoming consultations`} with us, which is as many as we can hold for one person. ` +
    "We've emailed the links to manage them to that address: you can move or cancel one there, then book again."
  );
}

type SubmitDeps = BookingDeps & { waitUntil?: (work: Promise<unknown>) => void; outboxRelay?: OutboxRelay };

const KEY_MISMATCH = {
  status: 422,
  body: {
    error: "This Idempotency-Key was already used with a different request.",
    errors: { idempotencyKey: ["This key was already used with a different request"] },
  },
  replayed: false,
} as const;

/**
 * Books and answers. With an Idempotency-Key (the API's header, the form's
 * hidden field) the key is read and written inside the booking's own two D1
 * batches (docs/decisions/0047): a repeat with the same body gets the same
 * answer and never books twice; one with a different body gets 422.
 */
export async function submitBooking(
  deps: SubmitDeps,
  input: ConsultationInput,
  idempotencyKey: string | undefined,
  context: BookingContext = {},
): Promise<SubmitOutcome> {
  const keyed: KeyedBooking | undefined = idempotencyKey
    ? { claim: { key: idempotencyKey, hash: await requestHash(input) }, answer: (row) => ({ status: 201, body: consultationJson(row) }) }
    : undefined;
  const outcome = await bookConsultation(deps, input, context, keyed);
  switch (outcome.kind) {
    case "booked":
      return { status: 201, body: consultationJson(outcome.consultation), replayed: false };
    case "replayed":
      return { ...outcome.response, replayed: true };
    case "key_mismatch":
      return KEY_MISMATCH;
    case "refused":
      return { status: "refused", response: outcome.response, replayed: false };
    case "email_limit": {
      await emailBookingLinks(deps, outcome.upcoming);
      const { waitUntil } = deps;
      if (waitUntil) runJobsSoon({ ...deps, waitUntil }, outcome.upcoming);
      // `field: null`: about the whole form, not the chosen time.
      return {
        status: 409,
        body: { error: emailLimitMessage(deps.config.protection.maxUpcomingPerEmail), reason: "email_limit", field: null },
        replayed: false,
      };
    }
    case "unavailable":
      return {
        status: 409,
        body: { error: SLOT_PROBLEM_MESSAGES[outcome.problem], reason: outcome.problem, alternatives: outcome.alternatives },
        replayed: false,
      };
  }
}
