import { consultationReference, type ConsultationInput } from "~/domain/consultation";
import type { ConsultationRow } from "./db/schema.server";
import { bookConsultation, SLOT_PROBLEM_MESSAGES, type BookingContext, type BookingDeps } from "./booking.server";
import { emailBookingLinks } from "./booking-links.server";
import { runJobsSoon } from "./outbox/wiring.server";
import { requestHash, withIdempotency, type StoredResponse } from "./idempotency.server";

// One path from a validated submission to an HTTP-shaped answer, shared by the
// booking form and POST /api/consultations, with Idempotency-Key handling.

export type SubmitOutcome =
  | (StoredResponse & { replayed: boolean })
  | { status: 422; body: { error: string; errors: Record<string, string[]> }; replayed: false }
  | { status: 409; body: { error: string }; replayed: false };

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

type SubmitDeps = BookingDeps & { waitUntil?: (work: Promise<unknown>) => void };

async function book(deps: SubmitDeps, input: ConsultationInput, context: BookingContext): Promise<StoredResponse> {
  const outcome = await bookConsultation(deps, input, context);
  if (outcome.kind === "booked") return { status: 201, body: consultationJson(outcome.consultation) };
  if (outcome.kind === "email_limit") {
    await emailBookingLinks(deps, outcome.upcoming);
    const { waitUntil } = deps;
    if (waitUntil) for (const id of outcome.upcoming) runJobsSoon({ ...deps, waitUntil }, id);
    // `field: null`: about the whole form, not the chosen time.
    return { status: 409, body: { error: emailLimitMessage(deps.config.protection.maxUpcomingPerEmail), reason: "email_limit", field: null } };
  }
  return {
    status: 409,
    body: {
      error: SLOT_PROBLEM_MESSAGES[outcome.problem],
      reason: outcome.problem,
      alternatives: outcome.alternatives,
    },
  };
}

export async function submitBooking(
  deps: SubmitDeps,
  input: ConsultationInput,
  idempotencyKey: string | undefined,
  context: BookingContext = {},
): Promise<SubmitOutcome> {
  if (!idempotencyKey) return { ...(await book(deps, input, context)), replayed: false };
  const outcome = await withIdempotency(deps.db, idempotencyKey, await requestHash(input), deps.now, () =>
    book(deps, input, context),
  );
  if ("mismatch" in outcome) {
    return {
      status: 422,
      body: {
        error: "This Idempotency-Key was already used with a different request.",
        errors: { idempotencyKey: ["This key was already used with a different request"] },
      },
      replayed: false,
    };
  }
  if ("inProgress" in outcome) {
    return { status: 409, body: { error: "The first request with this Idempotency-Key is still being processed. Retry shortly." }, replayed: false };
  }
  return outcome;
}
