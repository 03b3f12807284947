import { and, eq, gt, sql } from "drizzle-orm";
import { acceptability, type Acceptability } from "~/domain/quote";
import { outboxJobs, quotes, serviceRequests } from "../db/schema.server";
import { newJob } from "../outbox/plans.server";
import { quoteWebhook } from "../webhooks/service-events.server";
import { projectStatements } from "./project-plan.server";
import { commit, findQuote, type QuoteDeps, type QuoteWithLines } from "./quotes.server";
import { acceptedSnapshot, figuresOf } from "./quote-view.server";

// The client's decision on a sent quote, decided ONCE whatever arrives (double
// clicks, two tabs, accept and decline at the same moment). Each decision is
// one D1 batch whose first statement is the guarded UPDATE
//   ... WHERE id = ? AND status = 'sent' AND expires_at > now
// and whose next statement takes its NOT NULL consultation_id from a sub-select
// that is NULL unless that UPDATE changed the row. D1 runs batches one at a
// time: the first decision to arrive changes the row; every later one finds
// status <> 'sent', its sub-select is NULL, and its whole batch (project,
// milestones, emails) rolls back. No await sits between the check and the
// write: they are the same statement. See docs/decisions/0017.

export type DecisionOutcome =
  | { kind: "accepted"; projectId: string; totalMinor: number }
  | { kind: "declined" }
  | { kind: "not_found" }
  | { kind: "refused"; reason: Exclude<Acceptability, { ok: true }>["reason"]; message: string }
  | { kind: "invalid_optional"; message: string };

export async function acceptQuote(
  deps: QuoteDeps,
  quoteId: string,
  acceptance: { name: string; optionalLines: readonly number[] },
): Promise<DecisionOutcome> {
  const found = await findQuote(deps.db, quoteId);
  if (!found) return { kind: "not_found" };
  const { quote, lines } = found;
  const now = deps.now();
  const check = acceptability({ status: quote.status, expiresAt: quote.expiresAt }, now);
  if (!check.ok) return { kind: "refused", reason: check.reason, message: check.message };
  if (acceptance.optionalLines.some((i) => !lines[i]?.optional)) {
    return { kind: "invalid_optional", message: "Choose the optional items from the list on this quote" };
  }

  const figures = figuresOf(quote, lines, acceptance.optionalLines);
  const snapshot = acceptedSnapshot(deps.config, quote, figures, { name: acceptance.name, at: now });
  const projectId = deps.newId?.() ?? crypto.randomUUID();
  const decidedHere = sql<string>`(SELECT consultation_id FROM quotes WHERE id = ${quote.id} AND status = 'accepted' AND accepted_at = ${now} AND changes() > 0)`;

  const result = await commit(deps.db, [
    deps.db
      .update(quotes)
      .set({
        status: "accepted",
        acceptedName: acceptance.name,
        acceptedAt: now,
        acceptedTotalMinor: figures.totalMinor,
        acceptedSnapshot: JSON.stringify(snapshot),
        chosenOptional: JSON.stringify(figures.chosenOptional),
        updatedAt: Math.max(now, quote.updatedAt + 1),
      })
      .where(stillOpen(quote.id, now)),
    ...projectStatements(
      deps.db,
      { projectId, quoteId: quote.id, consultationId: quote.consultationId, turnaroundDays: figures.turnaroundDays, totalMinor: figures.totalMinor, now },
      decidedHere,
    ),
    deps.db.insert(outboxJobs).values([
      newJob("email.quote_accepted", quote.consultationId, now, now, { quoteId: quote.id, projectId }),
      newJob("email.quote_accepted_studio", quote.consultationId, now, now, { quoteId: quote.id, projectId }),
    ]),
    deps.db.update(serviceRequests).set({ status: "accepted", updatedAt: now }).where(sql`${serviceRequests.id} = ${quote.serviceRequestId}`),
    quoteWebhook(
      deps.db,
      "quote.accepted",
      quote,
      { status: "accepted", acceptedAt: new Date(now).toISOString(), totalMinor: figures.totalMinor, projectId },
      now,
      sql`EXISTS (SELECT 1 FROM quotes WHERE id = ${quote.id} AND status = 'accepted' AND accepted_at = ${now})`,
    ),
  ]);
  if (result === "stale") return refusedNow(deps, quoteId);

  deps.log.info("quote.accepted", { quoteId, projectId, number: quote.number, totalMinor: figures.totalMinor });
  deps.afterCommit?.(quote.consultationId);
  return { kind: "accepted", projectId, totalMinor: figures.totalMinor };
}

export async function declineQuote(deps: QuoteDeps, quoteId: string, decline: { reason: string }): Promise<DecisionOutcome> {
  const found = await findQuote(deps.db, quoteId);
  if (!found) return { kind: "not_found" };
  const { quote } = found;
  const now = deps.now();
  const check = acceptability({ status: quote.status, expiresAt: quote.expiresAt }, now);
  if (!check.ok) return { kind: "refused", reason: check.reason, message: check.message };
  const reason = decline.reason.trim() || null;

  const result = await commit(deps.db, [
    deps.db
      .update(quotes)
      .set({ status: "declined", declinedAt: now, declineReason: reason, updatedAt: Math.max(now, quote.updatedAt + 1) })
      .where(stillOpen(quote.id, now)),
    deps.db.insert(outboxJobs).values({
      ...newJob("email.quote_declined_studio", quote.consultationId, now, now, { quoteId: quote.id }),
      consultationId: sql`(SELECT consultation_id FROM quotes WHERE id = ${quote.id} AND status = 'declined' AND declined_at = ${now} AND changes() > 0)`,
    }),
    deps.db
      .update(serviceRequests)
      .set({ status: "declined", updatedAt: now })
      .where(sql`${serviceRequests.id} = ${quote.serviceRequestId} AND ${serviceRequests.status} = 'quoted'`),
    quoteWebhook(
      deps.db,
      "quote.declined",
      quote,
      { status: "declined", declinedAt: new Date(now).toISOString() },
      now,
      sql`EXISTS (SELECT 1 FROM quotes WHERE id = ${quote.id} AND status = 'declined' AND declined_at = ${now})`,
    ),
  ]);
  if (result === "stale") return refusedNow(deps, quoteId);

  deps.log.info("quote.declined", { quoteId, number: quote.number, withReason: reason !== null });
  deps.afterCommit?.(quote.consultationId);
  return { kind: "declined" };
}

// The guard: sent and not expired, checked by the UPDATE itself.
const stillOpen = (id: string, now: number) => and(eq(quotes.id, id), eq(quotes.status, "sent"), gt(quotes.expiresAt, now));

// Another decision (or the studio's revision) got there first: say what it was.
async function refusedNow(deps: QuoteDeps, quoteId: string): Promise<DecisionOutcome> {
  const current: QuoteWithLines | null = await findQuote(deps.db, quoteId);
  if (!current) return { kind: "not_found" };
  const check = acceptability({ status: current.quote.status, expiresAt: current.quote.expiresAt }, deps.now());
  if (check.ok) {
    // Nobody decided, yet the guard failed: the expiry passed between the read and the write.
    const expired = acceptability({ status: "sent", expiresAt: 0 }, 1);
    return expired.ok ? { kind: "not_found" } : { kind: "refused", reason: expired.reason, message: expired.message };
  }
  return { kind: "refused", reason: check.reason, message: check.message };
}
