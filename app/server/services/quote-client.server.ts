import { decodeJwt } from "jose";
import { eq } from "drizzle-orm";
import { acceptability } from "~/domain/quote";
import { formatInZone } from "~/domain/time-zones";
import type { AppServices } from "../context.server";
import { consultations } from "../db/schema.server";
import { verifyQuoteToken } from "../links.server";
import { studioContact } from "../manage.server";
import { findQuote, type QuoteWithLines } from "./quotes.server";
import { chosenOptionalOf, effectiveStatus, estimatedDelivery, figuresOf } from "./quote-view.server";

// The client's page of one quote, /quotes/:token (the link in the quote's
// email). The token is signed for the quote's id (links.server.ts, purpose
// "quote"), so it shows that quote and nothing else.

export const QUOTE_PAGE_HEADERS = { "cache-control": "private, no-store", "x-robots-tag": "noindex, nofollow" };

export const QUOTE_LINK_PROBLEMS = {
  invalid: {
    status: 404,
    title: "This link doesn't work",
    text: "The link to your quote may be mistyped or incomplete. Use the link in the latest email the studio sent you.",
  },
  expired: {
    status: 410,
    title: "This link has expired",
    text: "Links to a quote stop working a year after they were sent. Contact the studio if you need the quote again.",
  },
} as const;

/** The quote a token points at, or a thrown 404/410 page (never a 500). */
export async function requireQuoteFromToken(services: AppServices, token: string | undefined): Promise<QuoteWithLines> {
  const now = services.now();
  const id = await verifyQuoteToken(services.config, token ?? "", now);
  const found = id ? await findQuote(services.db, id) : null;
  if (found) return found;
  const problem = !id && (await isExpiredButGenuine(services, token ?? "", now)) ? "expired" : "invalid";
  services.log.info("quote.bad_link", { problem });
  throw new Response(QUOTE_LINK_PROBLEMS[problem].title, { status: QUOTE_LINK_PROBLEMS[problem].status, headers: QUOTE_PAGE_HEADERS });
}

async function isExpiredButGenuine(services: AppServices, token: string, now: number): Promise<boolean> {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return false;
  }
  if (typeof exp !== "number" || exp * 1000 > now) return false;
  return (await verifyQuoteToken(services.config, token, exp * 1000 - 1000)) !== null;
}

/**
 * What the client's page shows. `chosen` are the optional lines ticked on the
 * page (an "Update total" post); an accepted quote shows what was accepted.
 */
export async function clientQuoteView(services: AppServices, found: QuoteWithLines, chosen: readonly number[] = []) {
  const { quote, lines } = found;
  const now = services.now();
  const { config } = services;
  const timeZone = config.bookingRules.studioTimeZone;
  const [consultation] = await services.db
    .select({ customerName: consultations.customerName, projectName: consultations.projectName })
    .from(consultations)
    .where(eq(consultations.id, quote.consultationId))
    .limit(1);
  const status = effectiveStatus(quote, now);
  const decision = acceptability({ status: quote.status, expiresAt: quote.expiresAt }, now);
  const figures = figuresOf(quote, lines, quote.status === "accepted" ? chosenOptionalOf(quote) : chosen);
  const day = (at: number) => formatInZone(at, timeZone, "EEEE d MMMM yyyy");
  const delivery = await estimatedDelivery(services, figures.turnaroundDays, now);
  return {
    studioName: config.studioName,
    contact: studioContact(services),
    customerName: consultation?.customerName ?? "",
    projectName: consultation?.projectName ?? "",
    number: quote.number,
    status,
    canDecide: decision.ok,
    whyNot: decision.ok ? null : decision.message,
    // A draft's content is not the client's to see yet.
    showContent: quote.status !== "draft",
    message: quote.message,
    paymentTerms: quote.paymentTerms,
    figures,
    taxLabel: config.services.taxLabel,
    turnaroundDays: figures.turnaroundDays,
    deliveryIfFilesToday: formatInZone(Date.parse(`${delivery}T12:00:00Z`), "UTC", "EEEE d MMMM yyyy"),
    sentOn: quote.sentAt ? day(quote.sentAt) : null,
    // expires_at is the first instant it can't be accepted: the last day is the one before.
    expiresOn: quote.expiresAt ? day(quote.expiresAt - 1) : null,
    acceptedName: quote.acceptedName,
    acceptedOn: quote.acceptedAt ? formatInZone(quote.acceptedAt, timeZone, "EEEE d MMMM yyyy 'at' HH:mm") : null,
    declinedOn: quote.declinedAt ? day(quote.declinedAt) : null,
  };
}
