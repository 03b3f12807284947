import type { ConsultationStatus } from "./consultation";

// When a client may leave feedback on a consultation (docs/decisions/0018).
// From the moment it starts: the follow-up email goes out an hour after the
// end, often before the studio has marked the consultation completed, so a
// still-"scheduled" consultation whose time has come counts as held. Never
// for one that was cancelled or that the studio recorded as a no-show: there
// was no conversation to rate.

export type FeedbackWindow =
  | "open" // started, or completed: the form takes a rating
  | "not_yet" // scheduled and still in the future
  | "cancelled"
  | "no_show";

export function feedbackWindow(c: { status: ConsultationStatus; consultationDate: number }, now: number): FeedbackWindow {
  switch (c.status) {
    case "completed":
      return "open";
    case "cancelled":
    case "no_show":
      return c.status;
    case "scheduled":
      return c.consultationDate <= now ? "open" : "not_yet";
  }
}

/** Why the form is closed, in the client's words. */
export const FEEDBACK_CLOSED_MESSAGES: Record<Exclude<FeedbackWindow, "open">, string> = {
  not_yet: "Your consultation hasn't taken place yet. You can tell us how it went once it has started.",
  cancelled: "This consultation was cancelled, so there is nothing to rate.",
  no_show: "The studio recorded that this consultation didn't take place, so there is nothing to rate. If that's wrong, please reply to any of our emails.",
};

/** Rating labels for the form's radio buttons and the admin. */
export const RATING_LABELS: Record<number, string> = {
  1: "Poor",
  2: "Fair",
  3: "Good",
  4: "Very good",
  5: "Excellent",
};
