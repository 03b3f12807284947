import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { CatalogueItem } from "~/domain/catalogue";
import { packageAmount } from "~/domain/catalogue";
import { percentOfMinor } from "~/domain/money";
import { isEditable, QUOTE_LIMITS, type QuoteEdit, type QuoteLineInput } from "~/domain/quote";
import type { Db } from "../db/client.server";
import { catalogueItems, quoteLines, quotes, type QuoteLineRow, type QuoteRow } from "../db/schema.server";
import type { AppConfig } from "../env.server";
import type { Logger } from "../log.server";
import type { AppServices } from "../context.server";
import type { Statement } from "../outbox/plans.server";
import { runJobsSoon } from "../outbox/wiring.server";
import { loadCatalogue } from "./catalogue.server";
import { findServiceRequest, type ServiceRequestView } from "./service-request-views.server";

// The studio's quotes: a draft prefilled from the client's service request,
// edited in the admin, then sent (quote-send.server.ts) and decided by the
// client (quote-decision.server.ts). Only a draft can be edited; a sent quote
// is changed by revising it: a new draft that supersedes it when it is sent.
//
// Each write is one D1 batch guarded the way docs/decisions/0009 describes: a
// conditional statement, then a row whose NOT NULL column is a sub-select that
// is NULL unless that statement took effect, so a lost race rolls it all back.

export type QuoteDeps = {
  db: Db;
  config: AppConfig;
  log: Logger;
  now: () => number;
  newId?: () => string;
  /** After a change with outbox jobs has committed: run them soon. Must not throw. */
  afterCommit?: (consultationId: string) => void;
};

export type QuoteActor = { kind: "studio" | "client"; detail?: string | null };

export type QuoteWithLines = { quote: QuoteRow; lines: QuoteLineRow[] };

export const DEFAULT_PAYMENT_TERMS =
  "50% when you accept, the rest on final delivery. We invoice by email; payment by bank transfer within 14 days of each invoice.";

const newIdOf = (deps: Pick<QuoteDeps, "newId">) => deps.newId?.() ?? crypto.randomUUID();

// --- Reading ---

export async function findQuote(db: Db, id: string): Promise<QuoteWithLines | null> {
  const [quote] = await db.select().from(quotes).where(eq(quotes.id, id)).limit(1);
  if (!quote) return null;
  const lines = await db.select().from(quoteLines).where(eq(quoteLines.quoteId, id)).orderBy(asc(quoteLines.position));
  return { quote, lines };
}

/** Every quote of a request, newest first (a revision supersedes the one before it). */
export async function quotesOfRequest(db: Db, requestId: string): Promise<QuoteRow[]> {
  return db.select().from(quotes).where(eq(quotes.serviceRequestId, requestId)).orderBy(desc(quotes.createdAt));
}

export function lineInputOf(line: QuoteLineRow): QuoteLineInput {
  return {
    description: line.description,
    quantity: line.quantity,
    unitMinor: line.unitMinor,
    optional: line.optional,
    catalogueItemId: line.catalogueItemId,
    turnaroundDaysSaved: line.turnaroundDaysSaved,
  };
}

// --- Lines from a request ---

// The request's estimate as the request page stored it (a priced selection).
// Read leniently: anything unexpected falls back to pricing from the catalogue.
const estimateSchema = z.object({
  lines: z
    .array(
      z.object({
        itemId: z.string(),
        name: z.string(),
        quantity: z.number().int().min(1).max(QUOTE_LIMITS.quantityMax),
        unitMinor: z.number().int().min(0),
        turnaroundDaysSaved: z.number().int().min(0).optional(),
      }),
    )
    .min(1),
  turnaroundDays: z.number().int().min(1).optional(),
});

/** The amount of one add-on for a package of `packageMinor` and `trackCount` tracks, as a quote line. */
export function addonLine(item: CatalogueItem, packageMinor: number, trackCount: number, optional: boolean): QuoteLineInput {
  const base = { description: item.name, optional, catalogueItemId: item.id, turnaroundDaysSaved: item.turnaroundDaysSaved };
  if (item.pricing === "per_track") return { ...base, quantity: trackCount, unitMinor: item.perTrackMinor };
  if (item.pricing === "percent") return { ...base, quantity: 1, unitMinor: percentOfMinor(packageMinor, item.percentBp) };
  return { ...base, quantity: 1, unitMinor: item.baseMinor };
}

export type DraftPlan = { lines: QuoteLineInput[]; turnaroundDays: number };

/**
 * A draft's lines: what the client asked for (the estimate they saw, so the
 * prices they were shown stand), then every other active add-on as an
 * optional line the client may tick. The studio removes what it doesn't offer.
 */
export function draftPlanFor(request: ServiceRequestView, catalogue: readonly CatalogueItem[]): DraftPlan {
  const byId = new Map(catalogue.map((item) => [item.id, item]));
  const pkg = byId.get(request.packageId);
  const chosen = new Set<string>(request.addonIds);
  let lines: QuoteLineInput[];
  let packageMinor: number;

  const estimate = estimateSchema.safeParse(request.estimate);
  if (estimate.success) {
    lines = estimate.data.lines.map((line) => ({
      description: line.name,
      quantity: line.quantity,
      unitMinor: line.unitMinor,
      optional: false,
      catalogueItemId: byId.has(line.itemId) ? line.itemId : null,
      turnaroundDaysSaved: line.turnaroundDaysSaved ?? byId.get(line.itemId)?.turnaroundDaysSaved ?? 0,
    }));
    for (const line of estimate.data.lines) chosen.add(line.itemId);
    const packageLine = estimate.data.lines.find((line) => line.itemId === request.packageId);
    packageMinor = packageLine ? packageLine.quantity * packageLine.unitMinor : pkg ? packageAmount(pkg, request.trackCount) : 0;
  } else {
    packageMinor = pkg ? packageAmount(pkg, request.trackCount) : 0;
    lines = [
      { description: pkg?.name ?? "Package", quantity: 1, unitMinor: packageMinor, optional: false, catalogueItemId: pkg?.id ?? null, turnaroundDaysSaved: 0 },
      ...catalogue
        .filter((item) => item.kind === "addon" && chosen.has(item.id))
        .map((item) => addonLine(item, packageMinor, request.trackCount, false)),
    ];
  }

  const offers = catalogue
    .filter((item) => item.kind === "addon" && item.active && !chosen.has(item.id))
    .map((item) => addonLine(item, packageMinor, request.trackCount, true));
  const savedByChosen = lines.reduce((sum, line) => sum + (line.turnaroundDaysSaved ?? 0), 0);
  const turnaroundDays = pkg?.turnaroundDays ?? (estimate.success ? (estimate.data.turnaroundDays ?? 1) + savedByChosen : 1);
  return { lines: [...lines, ...offers].slice(0, QUOTE_LIMITS.linesMax), turnaroundDays: clamp(turnaroundDays, 1, 365) };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(n)));

// --- Drafting ---

export type DraftOutcome =
  | { kind: "drafted"; quoteId: string }
  | { kind: "existing"; quoteId: string }
  | { kind: "not_found" }
  | { kind: "refused"; message: string };

const CLOSED_REQUEST: Partial<Record<ServiceRequestView["status"], string>> = {
  accepted: "The client has already accepted a quote for this request, so there is nothing more to quote.",
  withdrawn: "The client withdrew this request, so it can't be quoted.",
};

/**
 * A draft quote for a request, prefilled from it. A request has at most one
 * draft at a time: asking again (a double click, a second admin) opens the
 * draft that exists. When a quote was already sent, the draft is its revision.
 */
export async function draftQuote(deps: QuoteDeps, requestId: string, actor: QuoteActor): Promise<DraftOutcome> {
  const request = await findServiceRequest(deps.db, requestId);
  if (!request) return { kind: "not_found" };
  const closed = CLOSED_REQUEST[request.status];
  if (closed) return { kind: "refused", message: closed };
  const existing = await quotesOfRequest(deps.db, requestId);
  const draft = existing.find((q) => q.status === "draft");
  if (draft) return { kind: "existing", quoteId: draft.id };
  const live = existing.find((q) => q.status === "sent");
  if (live) return reviseQuote(deps, live.id, actor);

  const plan = draftPlanFor(request, await loadCatalogue(deps.db));
  return insertDraft(deps, request, {
    lines: plan.lines,
    turnaroundDays: plan.turnaroundDays,
    message: "",
    paymentTerms: DEFAULT_PAYMENT_TERMS,
    discountMinor: 0,
    validDays: deps.config.services.quoteValidDays,
    supersedesId: null,
  });
}

/**
 * A new draft copying a sent (or declined, or expired) quote, to change and
 * send again. Sending it supersedes the earlier quote.
 */
export async function reviseQuote(deps: QuoteDeps, quoteId: string, actor: QuoteActor): Promise<DraftOutcome> {
  const found = await findQuote(deps.db, quoteId);
  if (!found) return { kind: "not_found" };
  const { quote, lines } = found;
  if (quote.status === "draft") return { kind: "existing", quoteId: quote.id };
  if (quote.status === "accepted") return { kind: "refused", message: "The client has accepted this quote, so it can't be revised." };
  const request = await findServiceRequest(deps.db, quote.serviceRequestId);
  if (!request) return { kind: "not_found" };
  const closed = CLOSED_REQUEST[request.status];
  if (closed) return { kind: "refused", message: closed };
  const draft = (await quotesOfRequest(deps.db, request.id)).find((q) => q.status === "draft");
  if (draft) return { kind: "existing", quoteId: draft.id };
  deps.log.info("quote.revising", { quoteId, actor: actor.kind });
  return insertDraft(deps, request, {
    lines: lines.map(lineInputOf),
    turnaroundDays: quote.turnaroundDays,
    message: quote.message ?? "",
    paymentTerms: quote.paymentTerms ?? "",
    discountMinor: quote.discountMinor,
    validDays: quote.validDays,
    supersedesId: quote.id,
  });
}

type DraftContent = {
  lines: QuoteLineInput[];
  turnaroundDays: number;
  message: string;
  paymentTerms: string;
  discountMinor: number;
  validDays: number;
  supersedesId: string | null;
};

async function insertDraft(deps: QuoteDeps, request: ServiceRequestView, content: DraftContent): Promise<DraftOutcome> {
  const id = newIdOf(deps);
  const now = deps.now();
  const { currency, taxRateBp } = deps.config.services;
  // A request has one draft at most: the quote's service_request_id is NULL
  // (and the batch rolls back) when another draft exists by now.
  const requestIdUnlessDrafted = sql<string>`(SELECT ${request.id} WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE service_request_id = ${request.id} AND status = 'draft'))`;
  const result = await commit(deps.db, [
    deps.db.insert(quotes).values({
      id,
      serviceRequestId: requestIdUnlessDrafted,
      consultationId: request.consultationId,
      status: "draft",
      supersedesId: content.supersedesId,
      message: content.message || null,
      paymentTerms: content.paymentTerms || null,
      currency,
      taxRateBp,
      discountMinor: content.discountMinor,
      turnaroundDays: content.turnaroundDays,
      validDays: content.validDays,
      createdAt: now,
      updatedAt: now,
    }),
    ...lineInserts(deps, content.lines, sql`(SELECT id FROM quotes WHERE id = ${id})`),
  ]);
  if (result === "stale") {
    const draft = (await quotesOfRequest(deps.db, request.id)).find((q) => q.status === "draft");
    return draft ? { kind: "existing", quoteId: draft.id } : { kind: "refused", message: CONFLICT_MESSAGE };
  }
  deps.log.info("quote.drafted", { quoteId: id, serviceRequestId: request.id, revises: content.supersedesId });
  return { kind: "drafted", quoteId: id };
}

// quote_id is a guard sub-select: NULL (so the batch rolls back) unless the quote's write took effect.
function lineInserts(deps: Pick<QuoteDeps, "db" | "newId">, lines: readonly QuoteLineInput[], quoteIdGuard: SQL<string>): Statement[] {
  if (lines.length === 0) return [];
  return [
    deps.db.insert(quoteLines).values(
      lines.map((line, position) => ({
        id: newIdOf(deps),
        quoteId: quoteIdGuard,
        position,
        catalogueItemId: line.catalogueItemId ?? null,
        description: line.description,
        quantity: line.quantity,
        unitMinor: line.unitMinor,
        optional: line.optional,
        turnaroundDaysSaved: line.turnaroundDaysSaved ?? 0,
      })),
    ),
  ];
}

// --- Editing a draft ---

export type EditOutcome =
  | { kind: "changed"; quoteId: string }
  | { kind: "not_found" }
  | { kind: "refused"; message: string }
  | { kind: "conflict"; message: string };

export const CONFLICT_MESSAGE = "Someone else changed this quote at the same moment. Nothing was saved: reload it and try again.";
export const NOT_A_DRAFT_MESSAGE = "This quote has been sent, so it can't be changed. Revise it to send the client a new version.";

/**
 * Replaces a draft's lines and terms with what the studio's form holds
 * (already validated by quoteEditSchema). Catalogue ids the catalogue
 * doesn't know are dropped (a line then stands on its own); rush savings come
 * from the catalogue item.
 */
export async function editQuote(deps: QuoteDeps, quoteId: string, edit: QuoteEdit): Promise<EditOutcome> {
  const found = await findQuote(deps.db, quoteId);
  if (!found) return { kind: "not_found" };
  const { quote } = found;
  if (!isEditable(quote.status)) return { kind: "refused", message: NOT_A_DRAFT_MESSAGE };

  const ids = [...new Set(edit.lines.map((l) => l.catalogueItemId).filter((v): v is string => Boolean(v)))];
  const known = ids.length ? await deps.db.select().from(catalogueItems).where(inArray(catalogueItems.id, ids)) : [];
  const byId = new Map(known.map((row) => [row.id, row]));
  const lines = edit.lines.map((line) => {
    const item = line.catalogueItemId ? byId.get(line.catalogueItemId) : undefined;
    return { ...line, catalogueItemId: item?.id ?? null, turnaroundDaysSaved: item?.turnaroundDaysSaved ?? 0 };
  });

  const stamp = Math.max(deps.now(), quote.updatedAt + 1);
  const result = await commit(deps.db, [
    // Old lines go first (positions are unique per quote); if the guard below fails, they come back.
    deps.db.delete(quoteLines).where(eq(quoteLines.quoteId, quoteId)),
    deps.db
      .update(quotes)
      .set({
        message: edit.message || null,
        paymentTerms: edit.paymentTerms || null,
        discountMinor: edit.discountMinor,
        validDays: edit.validDays,
        updatedAt: stamp,
      })
      .where(and(eq(quotes.id, quoteId), eq(quotes.status, "draft"), eq(quotes.updatedAt, quote.updatedAt))),
    ...lineInserts(deps, lines, sql`(SELECT id FROM quotes WHERE id = ${quoteId} AND status = 'draft' AND updated_at = ${stamp} AND changes() > 0)`),
  ]);
  if (result === "stale") {
    const now = await findQuote(deps.db, quoteId);
    if (now && !isEditable(now.quote.status)) return { kind: "refused", message: NOT_A_DRAFT_MESSAGE };
    return { kind: "conflict", message: CONFLICT_MESSAGE };
  }
  deps.log.info("quote.edited", { quoteId, lines: lines.length });
  return { kind: "changed", quoteId };
}

// --- The batch ---

export type CommitResult = "ok" | "stale";

/** Runs one batch; "stale" when a guard's NOT NULL sub-select found the change didn't take effect. */
export async function commit(db: Db, statements: Statement[]): Promise<CommitResult> {
  try {
    await db.batch(statements as [Statement, ...Statement[]]);
    return "ok";
  } catch (error) {
    const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
    if (/NOT NULL constraint failed: (quotes\.service_request_id|quote_lines\.quote_id|outbox_jobs\.consultation_id|projects\.consultation_id)/.test(text)) return "stale";
    // A second live quote for the request or a second project for the quote: another change won.
    if (/UNIQUE constraint failed: (quotes\.service_request_id|projects\.quote_id|quotes\.number)/.test(text)) return "stale";
    throw error;
  }
}

// --- Wiring ---

/** The quote use cases' dependencies for a request: jobs written with a change run right after the response. */
export function quoteDepsFor(services: AppServices): QuoteDeps {
  const { db, config, log, now, waitUntil, outboxRelay } = services;
  return { db, config, log, now, afterCommit: (consultationId) => runJobsSoon({ db, config, log, now, waitUntil, outboxRelay }, consultationId) };
}
