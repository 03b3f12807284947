import { z } from "zod";
import { MAX_REASON_LENGTH } from "./status";
import { canonicalTimeZone, isValidTimeZone } from "./time-zones";

// The client's private page (/manage/:token): what the two forms send, shared
// by conform in the browser and the actions, and what a consultation still
// allows online.

const optionalReason = z
  .string()
  .trim()
  .max(MAX_REASON_LENGTH, `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer`)
  .optional()
  .transform((s) => s || undefined);

// The zone the page showed the times in: alternatives come back labelled in it,
// and the redirect keeps it.
const shownTimeZone = z
  .string()
  .optional()
  .transform((tz) => (tz && isValidTimeZone(tz) ? canonicalTimeZone(tz) : undefined));

export const manageRescheduleSchema = z.object({
  consultationDate: z
    .string({ required_error: "Choose a new time for your consultation" })
    .min(1, "Choose a new time for your consultation")
    .datetime({ offset: true, message: "Choose a new time for your consultation" }),
  timeZone: shownTimeZone,
});

export const manageCancelSchema = z.object({
  reason: optionalReason,
  timeZone: shownTimeZone,
});

/** What the client can still do from their link. */
export type ManageState =
  | "changeable" // scheduled, in the future, outside the notice period
  | "within_notice" // scheduled, but starts too soon to change online
  | "past" // scheduled but already started or over
  | "cancelled"
  | "completed"
  | "no_show";

export function manageState(
  c: { status: "scheduled" | "completed" | "cancelled" | "no_show"; consultationDate: number },
  now: number,
  minNoticeMinutes: number,
): ManageState {
  if (c.status !== "scheduled") return c.status;
  if (c.consultationDate <= now) return "past";
  if (c.consultationDate - now < minNoticeMinutes * 60_000) return "within_notice";
  return "changeable";
}

/** "2 hours", "90 minutes", "1 day": the notice period in words. */
export function noticeInWords(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes % (24 * 60) === 0 && minutes >= 24 * 60) return plural(minutes / (24 * 60), "day");
  if (minutes % 60 === 0 && minutes >= 60) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

// The page for a link that doesn't (or no longer) work.
export const LINK_PROBLEMS = {
  invalid: {
    status: 404,
    title: "This link doesn't work",
    text: "The link to your booking may be mistyped or incomplete. Use the link in the latest email we sent you.",
  },
  // The keyless page (/manage/c/:id) opened without its cookie: another browser, or cookies cleared.
  keyMissing: {
    status: 401,
    title: "Open this page from your email",
    text: "For your privacy, this page opens only from the link in the emails we sent you, in the browser you opened it in. Use the link in the latest email.",
  },
  expired: {
    status: 410,
    title: "This link has expired",
    text: "Links to manage a booking stop working a while after they were sent. Use the link in the latest email we sent you, or contact the studio.",
  },
} as const;

