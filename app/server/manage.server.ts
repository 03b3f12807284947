import { decodeJwt } from "jose";
import { consultationReference } from "~/domain/consultation";
import { LINK_PROBLEMS, manageState, noticeInWords, type ManageState } from "~/domain/manage";
import { nearestFreeSlots, type Slot } from "~/domain/slots";
import { STATUS_LABELS } from "~/domain/status";
import { timeZoneOptions } from "~/domain/time-zones";
import { asIntervals, loadBlocks } from "./availability.server";
import { SLOT_PROBLEM_MESSAGES } from "./booking.server";
import { cancelConsultation, changeDepsFor, rescheduleConsultation } from "./consultation-changes.server";
import { findConsultation } from "./consultations.server";
import type { AppServices } from "./context.server";
import type { ConsultationRow } from "./db/schema.server";
import { verifyManageToken } from "./links.server";
import { availabilityFor } from "./slots.server";

// The client's private link, /manage/:token (signed by manageUrl in every
// email and on the confirmation page): see the booking, move it, cancel it.
// The use cases in consultation-changes.server.ts do the work with actor
// "client"; this module adds what only the client's side needs: the token,
// the notice period, and messages and alternatives in the client's zone.

const DAY_MS = 24 * 60 * 60 * 1000;
const ALTERNATIVES = 3;
export const MANAGE_DAYS_PER_PAGE = 7;

// The token in the URL is a key to the booking: keep it out of caches and
// search engines. (Other sites never see it in a Referer: entry.server.tsx
// sends strict-origin-when-cross-origin, the origin only. Not no-referrer:
// with it, browsers send "Origin: null" on our own form posts, which the
// Worker refuses as cross-site.)
export const MANAGE_HEADERS = { "cache-control": "private, no-store", "x-robots-tag": "noindex, nofollow" };

// --- The token ---

export type TokenCheck = { kind: "ok"; consultation: ConsultationRow } | { kind: "invalid" } | { kind: "expired" };

/**
 * The consultation a manage token points at. A token whose signature is good
 * but whose time is up is "expired" (410: the link did work once); anything
 * else that fails, or a consultation that no longer exists, is "invalid" (404).
 */
export async function checkManageToken(services: Pick<AppServices, "config" | "db" | "now">, token: string | undefined): Promise<TokenCheck> {
  const now = services.now();
  const id = await verifyManageToken(services.config, token ?? "", now);
  if (!id) return (await isExpiredButGenuine(services, token ?? "", now)) ? { kind: "expired" } : { kind: "invalid" };
  const consultation = await findConsultation(services.db, id);
  return consultation ? { kind: "ok", consultation } : { kind: "invalid" };
}

async function isExpiredButGenuine(services: Pick<AppServices, "config">, token: string, now: number): Promise<boolean> {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return false;
  }
  if (typeof exp !== "number" || exp * 1000 > now) return false;
  // Verified as of just before it ran out: only a genuine token passes.
  return (await verifyManageToken(services.config, token, exp * 1000 - 1000)) !== null;
}

/** The consultation for a request, or a thrown 404/410 page (never a 500). */
export async function requireManagedConsultation(services: AppServices, token: string | undefined): Promise<ConsultationRow> {
  const check = await checkManageToken(services, token);
  if (check.kind === "ok") return check.consultation;
  services.log.info("manage.bad_link", { problem: check.kind });
  const problem = LINK_PROBLEMS[check.kind];
  throw new Response(problem.title, {
    status: problem.status,
    headers: MANAGE_HEADERS,
  });
}

// --- What the page shows ---

export function studioContact(services: Pick<AppServices, "config">) {
  const email = services.config.integrations.email;
  const address = email.replyTo ?? email.from;
  return { name: services.config.studioName, email: address.email };
}

export function noticeMessage(services: Pick<AppServices, "config">): string {
  const contact = studioContact(services);
  const notice = noticeInWords(services.config.bookingRules.minNoticeMinutes);
  return `Your consultation starts in less than ${notice}, so it can no longer be changed online. Please contact ${contact.name} at ${contact.email}.`;
}

export async function manageView(
  services: AppServices,
  row: ConsultationRow,
  shown: { timeZone: string | undefined; from: string | undefined; locale?: string },
) {
  const { config } = services;
  const now = services.now();
  const rules = config.bookingRules;
  const timeZone = shown.timeZone ?? row.timeZone;
  const state: ManageState = manageState(row, now, rules.minNoticeMinutes);
  // A slot is only offered while the consultation can still be moved.
  const availability =
    state === "changeable" ? await availabilityFor(services, { clientTimeZone: timeZone, from: shown.from, days: MANAGE_DAYS_PER_PAGE, locale: shown.locale }) : null;
  return {
    reference: consultationReference(row.id),
    state,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    startsAt: new Date(row.consultationDate).toISOString(),
    durationMinutes: row.durationMinutes,
    projectName: row.projectName,
    customerName: row.customerName,
    timeZone,
    bookedTimeZone: row.timeZone,
    studioTimeZone: rules.studioTimeZone,
    studioName: config.studioName,
    contact: studioContact(services),
    notice: noticeInWords(rules.minNoticeMinutes),
    availability,
    timeZoneOptions: timeZoneOptions([timeZone, row.timeZone, rules.studioTimeZone], now),
  };
}

// --- Changes ---

export type ClientChangeResult =
  | { kind: "done"; consultation: ConsultationRow }
  | { kind: "slot_unavailable"; message: string; alternatives: Slot[] }
  | { kind: "refused"; message: string; status: number };

function refusal(row: ConsultationRow, services: AppServices): ClientChangeResult | null {
  const state = manageState(row, services.now(), services.config.bookingRules.minNoticeMinutes);
  switch (state) {
    case "changeable":
      return null;
    case "within_notice":
      return { kind: "refused", message: noticeMessage(services), status: 409 };
    case "past":
      return { kind: "refused", message: "This consultation has already taken place, so it can't be changed. You're welcome to book a new one.", status: 409 };
    default:
      return {
        kind: "refused",
        message: `This consultation is ${STATUS_LABELS[row.status].toLowerCase()}, so it can't be changed. You're welcome to book a new one.`,
        status: 409,
      };
  }
}

/** Move the consultation to `startsAt` as the client, with the client's booking rules (notice, horizon). */
export async function rescheduleFromLink(
  services: AppServices,
  row: ConsultationRow,
  startsAt: number,
  timeZone: string,
  locale?: string,
): Promise<ClientChangeResult> {
  const refused = refusal(row, services);
  if (refused) return refused;
  // Sent twice (a double click, a resubmitted page): it is already there.
  if (startsAt === row.consultationDate) return { kind: "done", consultation: row };

  const outcome = await rescheduleConsultation(changeDepsFor(services), row.id, { startsAt }, { kind: "client" });
  switch (outcome.kind) {
    case "changed":
    case "unchanged":
      return { kind: "done", consultation: outcome.consultation };
    case "slot_unavailable":
      return {
        kind: "slot_unavailable",
        message: SLOT_PROBLEM_MESSAGES[outcome.problem],
        alternatives: await alternativesFor(services, startsAt, timeZone, locale),
      };
    case "not_found":
      return { kind: "refused", message: "This booking no longer exists.", status: 404 };
    default: {
      // Another change got there first (the same form twice, the studio). Say
      // what the consultation is like now.
      const current = await findConsultation(services.db, row.id);
      if (current && current.status === "scheduled" && current.consultationDate === startsAt) return { kind: "done", consultation: current };
      const now = current ? refusal(current, services) : null;
      return now ?? { kind: "refused", message: outcome.message, status: 409 };
    }
  }
}

/** Cancel as the client. Cancelling a cancelled consultation is "done", not an error. */
export async function cancelFromLink(services: AppServices, row: ConsultationRow, reason: string | undefined): Promise<ClientChangeResult> {
  if (row.status === "cancelled") return { kind: "done", consultation: row };
  const refused = refusal(row, services);
  if (refused) return refused;
  const outcome = await cancelConsultation(changeDepsFor(services), row.id, { reason: reason ?? null }, { kind: "client" });
  if (outcome.kind === "changed" || outcome.kind === "unchanged") return { kind: "done", consultation: outcome.consultation };
  if (outcome.kind === "not_found") return { kind: "refused", message: "This booking no longer exists.", status: 404 };
  // Two cancellations at once: the other one won, which is what the client wanted.
  const current = await findConsultation(services.db, row.id);
  if (current?.status === "cancelled") return { kind: "done", consultation: current };
  const now = current ? refusal(current, services) : null;
  return now ?? { kind: "refused", message: "message" in outcome ? outcome.message : "Your consultation couldn't be cancelled just now. Please try again.", status: 409 };
}

// The nearest free times to the one wanted, labelled in the zone the client
// is looking at, in their locale. The consultation's own current time still counts as taken:
// it is where the client already is, not an alternative.
async function alternativesFor(services: AppServices, around: number, timeZone: string, locale: string | undefined): Promise<Slot[]> {
  const rules = services.config.bookingRules;
  const now = services.now();
  const blocks = await loadBlocks(services, around - 2 * DAY_MS, around + 3 * DAY_MS);
  return nearestFreeSlots({
    rules,
    now,
    clientTimeZone: timeZone,
    bookings: asIntervals(blocks.bookings),
    busy: blocks.busy,
    closures: blocks.closures,
    around,
    count: ALTERNATIVES,
    locale,
  });
}

/** Where a change lands: the manage page with a flash-like note, in the zone the client was looking at. */
export function managePath(token: string, options: { done?: "rescheduled" | "cancelled"; timeZone?: string } = {}): string {
  const params = new URLSearchParams();
  if (options.timeZone) params.set("tz", options.timeZone);
  if (options.done) params.set("done", options.done);
  const query = params.toString();
  return `/manage/${encodeURIComponent(token)}${query ? `?${query}` : ""}`;
}
