import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { deliveryDate } from "~/domain/working-days";
import { studioWorkingCalendar } from "./working-calendar.server";
import { minorToInput } from "~/domain/money";
import { QUOTE_STATUSES, type QuoteStatus } from "~/domain/quote";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { consultations, projects, quoteLines, quotes, type QuoteLineRow, type QuoteRow } from "../db/schema.server";
import type { AppConfig } from "../env.server";
import { loadCatalogue } from "./catalogue.server";
import { addonLine, findQuote, quotesOfRequest } from "./quotes.server";
import { findServiceRequest } from "./service-request-views.server";
import { effectiveStatus, figuresOf, chosenOptionalOf, type QuoteFigures } from "./quote-view.server";

// What the studio's quote pages and the admin JSON API read.

export const LIST_LIMIT = 100;

export const quoteListQuerySchema = z.object({
  status: z
    .enum(["", ...QUOTE_STATUSES], { errorMap: () => ({ message: `status must be one of ${QUOTE_STATUSES.join(", ")}` }) })
    .optional()
    .transform((s) => (s ? (s as QuoteStatus) : undefined)),
  request: z.string().uuid("request must be a service request id").optional().or(z.literal("").transform(() => undefined)),
});

export type QuoteListItem = {
  id: string;
  number: string | null;
  status: QuoteStatus;
  serviceRequestId: string;
  consultationId: string;
  customerName: string;
  projectName: string;
  currency: string;
  totalMinor: number;
  createdAt: number;
  sentAt: number | null;
  expiresAt: number | null;
  acceptedAt: number | null;
};

/**
 * Newest first, at most LIST_LIMIT. "expired" is a sent quote past its expiry
 * (the row stays 'sent'); "sent" lists the ones that can still be accepted.
 */
export async function listQuotes(db: Db, now: number, filter: { status?: QuoteStatus; request?: string } = {}): Promise<QuoteListItem[]> {
  const where: SQL[] = [];
  const rowStatus = filter.status === "expired" ? "sent" : filter.status;
  if (rowStatus) where.push(eq(quotes.status, rowStatus));
  if (filter.request) where.push(eq(quotes.serviceRequestId, filter.request));
  const rows = await db
    .select({ quote: quotes, customerName: consultations.customerName, projectName: consultations.projectName })
    .from(quotes)
    .innerJoin(consultations, eq(consultations.id, quotes.consultationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(quotes.createdAt))
    .limit(filter.status === "expired" || filter.status === "sent" ? LIST_LIMIT * 5 : LIST_LIMIT);
  const picked = rows.filter((r) => !filter.status || effectiveStatus(r.quote, now) === filter.status).slice(0, LIST_LIMIT);
  const lines = picked.length
    ? await db.select().from(quoteLines).where(inArray(quoteLines.quoteId, picked.map((r) => r.quote.id)))
    : [];
  const linesOf = new Map<string, QuoteLineRow[]>();
  for (const line of lines.sort((a, b) => a.position - b.position)) linesOf.set(line.quoteId, [...(linesOf.get(line.quoteId) ?? []), line]);
  return picked.map(({ quote, customerName, projectName }) => ({
    id: quote.id,
    number: quote.number,
    status: effectiveStatus(quote, now),
    serviceRequestId: quote.serviceRequestId,
    consultationId: quote.consultationId,
    customerName,
    projectName,
    currency: quote.currency,
    totalMinor: quote.acceptedTotalMinor ?? figuresOf(quote, linesOf.get(quote.id) ?? [], chosenOptionalOf(quote)).totalMinor,
    createdAt: quote.createdAt,
    sentAt: quote.sentAt,
    expiresAt: quote.expiresAt,
    acceptedAt: quote.acceptedAt,
  }));
}

export type CatalogueOffer = { id: string; name: string; kind: "package" | "addon"; line: { description: string; quantity: string; unitPrice: string; catalogueItemId: string } };

export type QuoteDetail = {
  quote: QuoteRow;
  lines: QuoteLineRow[];
  status: QuoteStatus;
  figures: QuoteFigures;
  estimatedDelivery: string;
  consultation: { id: string; customerName: string; customerEmail: string; projectName: string };
  request: { id: string; status: string; trackCount: number; wishedDeadline: string | null; notes: string | null; fileLinks: string[]; estimateTotalMinor: number };
  versions: { id: string; number: string | null; status: QuoteStatus; createdAt: number }[];
  projectId: string | null;
  /** Catalogue items the studio can add as lines, priced for this request. */
  offers: CatalogueOffer[];
};

export async function loadQuoteDetail(db: Db, config: AppConfig, id: string, now: number): Promise<QuoteDetail | null> {
  const found = await findQuote(db, id);
  if (!found) return null;
  const { quote, lines } = found;
  const [request, [consultation], versions, [project], catalogue, calendar] = await Promise.all([
    findServiceRequest(db, quote.serviceRequestId),
    db
      .select({ id: consultations.id, customerName: consultations.customerName, customerEmail: consultations.customerEmail, projectName: consultations.projectName })
      .from(consultations)
      .where(eq(consultations.id, quote.consultationId))
      .limit(1),
    quotesOfRequest(db, quote.serviceRequestId),
    db.select({ id: projects.id }).from(projects).where(eq(projects.quoteId, quote.id)).limit(1),
    loadCatalogue(db),
    studioWorkingCalendar(db, config, now),
  ]);
  if (!request || !consultation) return null;
  const figures = figuresOf(quote, lines, chosenOptionalOf(quote));
  const packageLine = lines.find((line) => line.catalogueItemId === request.packageId);
  const packageMinor = packageLine ? packageLine.quantity * packageLine.unitMinor : 0;
  const offers = catalogue
    .filter((item) => item.active)
    .map((item): CatalogueOffer => {
      const line =
        item.kind === "addon"
          ? addonLine(item, packageMinor, request.trackCount, true)
          : { description: item.name, quantity: 1, unitMinor: item.baseMinor + item.perTrackMinor * request.trackCount, catalogueItemId: item.id };
      return {
        id: item.id,
        name: item.name,
        kind: item.kind,
        line: { description: line.description, quantity: String(line.quantity), unitPrice: minorToInput(line.unitMinor, quote.currency), catalogueItemId: item.id },
      };
    });
  return {
    quote,
    lines,
    status: effectiveStatus(quote, now),
    figures,
    estimatedDelivery: deliveryDate(now, figures.turnaroundDays, calendar),
    consultation,
    request: {
      id: request.id,
      status: request.status,
      trackCount: request.trackCount,
      wishedDeadline: request.wishedDeadline,
      notes: request.notes,
      fileLinks: request.fileLinks,
      estimateTotalMinor: request.estimateTotalMinor,
    },
    versions: versions.map((v) => ({ id: v.id, number: v.number, status: effectiveStatus(v, now), createdAt: v.createdAt })),
    projectId: project?.id ?? null,
    offers,
  };
}

/** A quote as the admin JSON API shows it: amounts in integer minor units, instants as ISO strings. */
export function quoteJson(detail: Pick<QuoteDetail, "quote" | "status" | "figures" | "projectId">) {
  const { quote, figures } = detail;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: quote.id,
    number: quote.number,
    status: detail.status,
    serviceRequestId: quote.serviceRequestId,
    consultationId: quote.consultationId,
    supersedesId: quote.supersedesId,
    currency: quote.currency,
    taxRateBp: quote.taxRateBp,
    message: quote.message,
    paymentTerms: quote.paymentTerms,
    validDays: quote.validDays,
    turnaroundDays: figures.turnaroundDays,
    lines: figures.lines.map((line, index) => ({
      position: index,
      description: line.description,
      quantity: line.quantity,
      unitMinor: line.unitMinor,
      amountMinor: line.amountMinor,
      optional: line.optional,
      included: line.included,
      catalogueItemId: line.catalogueItemId ?? null,
    })),
    subtotalMinor: figures.subtotalMinor,
    discountMinor: figures.discountMinor,
    taxMinor: figures.taxMinor,
    totalMinor: figures.totalMinor,
    createdAt: iso(quote.createdAt),
    sentAt: iso(quote.sentAt),
    sentBy: quote.sentBy,
    expiresAt: iso(quote.expiresAt),
    acceptedName: quote.acceptedName,
    acceptedAt: iso(quote.acceptedAt),
    acceptedTotalMinor: quote.acceptedTotalMinor,
    chosenOptional: chosenOptionalOf(quote),
    declinedAt: iso(quote.declinedAt),
    declineReason: quote.declineReason,
    projectId: detail.projectId,
  };
}
