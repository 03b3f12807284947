import { and, eq, ne, sql } from "drizzle-orm";
import { quoteExpiresAt } from "~/domain/quote";
import { zonedDate } from "~/domain/time-zones";
import { outboxJobs, quoteCounters, quotes, serviceRequests } from "../db/schema.server";
import { newJob } from "../outbox/plans.server";
import { quoteWebhook } from "../webhooks/service-events.server";
import { commit, CONFLICT_MESSAGE, findQuote, type QuoteActor, type QuoteDeps } from "./quotes.server";
import { figuresOf } from "./quote-view.server";

// Sending a draft: ONE guarded D1 batch that
//   1. raises the year's counter (inserting it at 1 for the year's first quote),
//   2. supersedes the request's earlier sent quote (a revision replaces it),
//   3. turns this draft into a sent quote numbered from the counter, with its
//      expiry, but only if it is still a draft, unchanged since it was read,
//      and no quote of the request was accepted meanwhile,
//   4. writes the email.quote_sent job, whose consultation_id is NULL unless 3
//      took effect (the NOT NULL failure rolls 1-3 back: no number is used up),
//   5. marks the request quoted.
// D1 runs batches one at a time, so two sends never see the same counter, and
// a send that loses its guard leaves no gap. See docs/decisions/0017.

export type SendOutcome =
  | { kind: "sent"; quoteId: string; number: string; expiresAt: number }
  | { kind: "not_found" }
  | { kind: "refused"; message: string }
  | { kind: "conflict"; message: string };

export async function sendQuote(deps: QuoteDeps, quoteId: string, actor: QuoteActor): Promise<SendOutcome> {
  const found = await findQuote(deps.db, quoteId);
  if (!found) return { kind: "not_found" };
  const { quote, lines } = found;
  const refusal = whyNotSendable(quote.status);
  if (refusal) return { kind: "refused", message: refusal };
  if (lines.length === 0 || lines.every((line) => line.optional)) {
    return { kind: "refused", message: "Add at least one line that isn't optional before sending the quote." };
  }
  if (figuresOf(quote, lines).subtotalMinor < quote.discountMinor) {
    return { kind: "refused", message: "The discount is more than the lines that aren't optional. Lower it before sending." };
  }

  const now = deps.now();
  const timeZone = deps.config.bookingRules.studioTimeZone;
  const year = Number(zonedDate(now, timeZone).slice(0, 4));
  const expiresAt = quoteExpiresAt(now, quote.validDays, timeZone);
  const stamp = Math.max(now, quote.updatedAt + 1);

  const result = await commit(deps.db, [
    deps.db
      .insert(quoteCounters)
      .values({ year, lastNumber: 1 })
      .onConflictDoUpdate({ target: quoteCounters.year, set: { lastNumber: sql`${quoteCounters.lastNumber} + 1` } }),
    deps.db
      .update(quotes)
      .set({ status: "superseded", updatedAt: now })
      .where(and(eq(quotes.serviceRequestId, quote.serviceRequestId), eq(quotes.status, "sent"), ne(quotes.id, quote.id))),
    deps.db
      .update(quotes)
      .set({
        status: "sent",
        number: sql`(SELECT 'Q-' || year || '-' || printf('%04d', last_number) FROM quote_counters WHERE year = ${year})`,
        sentAt: now,
        expiresAt,
        sentBy: actor.detail ?? null,
        updatedAt: stamp,
      })
      .where(
        and(
          eq(quotes.id, quote.id),
          eq(quotes.status, "draft"),
          eq(quotes.updatedAt, quote.updatedAt),
          sql`NOT EXISTS (SELECT 1 FROM quotes AS other WHERE other.service_request_id = ${quote.serviceRequestId} AND other.status = 'accepted')`,
        ),
      ),
    deps.db.insert(outboxJobs).values({
      ...newJob("email.quote_sent", quote.consultationId, now, now, { quoteId: quote.id }),
      consultationId: sql`(SELECT consultation_id FROM quotes WHERE id = ${quote.id} AND status = 'sent' AND updated_at = ${stamp} AND changes() > 0)`,
    }),
    deps.db
      .update(serviceRequests)
      .set({ status: "quoted", updatedAt: now })
      .where(sql`${serviceRequests.id} = ${quote.serviceRequestId} AND ${serviceRequests.status} IN ('submitted', 'quoted', 'declined')`),
    // The number is assigned by the batch itself, so the event names the quote by id.
    quoteWebhook(
      deps.db,
      "quote.sent",
      quote,
      { status: "sent", sentAt: new Date(now).toISOString(), expiresAt: new Date(expiresAt).toISOString(), totalMinor: figuresOf(quote, lines).totalMinor },
      now,
      sql`EXISTS (SELECT 1 FROM quotes WHERE id = ${quote.id} AND status = 'sent' AND updated_at = ${stamp})`,
    ),
  ]);

  if (result === "stale") {
    const current = await findQuote(deps.db, quoteId);
    if (!current) return { kind: "not_found" };
    const why = whyNotSendable(current.quote.status);
    if (why) return { kind: "refused", message: why };
    const accepted = await deps.db
      .select({ id: quotes.id })
      .from(quotes)
      .where(and(eq(quotes.serviceRequestId, quote.serviceRequestId), eq(quotes.status, "accepted")))
      .limit(1);
    if (accepted.length > 0) return { kind: "refused", message: ALREADY_ACCEPTED };
    return { kind: "conflict", message: CONFLICT_MESSAGE };
  }

  const sent = await findQuote(deps.db, quoteId);
  const number = sent?.quote.number ?? "";
  deps.log.info("quote.sent", { quoteId, number, serviceRequestId: quote.serviceRequestId, supersedes: quote.supersedesId });
  deps.afterCommit?.(quote.consultationId);
  return { kind: "sent", quoteId, number, expiresAt };
}

const ALREADY_ACCEPTED = "The client has already accepted an earlier version of this quote, so this one can't be sent.";

function whyNotSendable(status: string): string | null {
  if (status === "draft") return null;
  if (status === "sent") return "This quote has already been sent.";
  return `This quote is ${status}, so it can't be sent. Revise it to send a new version.`;
}
