import { quoteTotals, quoteTurnaroundDays, type QuoteStatus, type QuoteTotals } from "~/domain/quote";
import { deliveryDate } from "~/domain/working-days";
import type { QuoteLineRow, QuoteRow } from "../db/schema.server";
import type { AppConfig } from "../env.server";
import type { Db } from "../db/client.server";
import { lineInputOf } from "./quotes.server";
import { studioWorkingCalendar } from "./working-calendar.server";

// A quote's figures as everyone shows them (admin page, client page, emails,
// JSON): the totals with the optional lines the client ticked, the turnaround
// those lines give, and what an accepted quote recorded.

export type QuoteFigures = QuoteTotals & {
  currency: string;
  taxRateBp: number;
  turnaroundDays: number;
  /** Indexes (in line order) of the optional lines counted in. */
  chosenOptional: number[];
};

export function figuresOf(quote: QuoteRow, lines: readonly QuoteLineRow[], chosenOptional: readonly number[] = []): QuoteFigures {
  const inputs = lines.map(lineInputOf);
  const chosen = new Set(chosenOptional.filter((i) => inputs[i]?.optional));
  const totals = quoteTotals(inputs, { discountMinor: quote.discountMinor, taxRateBp: quote.taxRateBp, chosenOptional: chosen });
  return {
    ...totals,
    currency: quote.currency,
    taxRateBp: quote.taxRateBp,
    turnaroundDays: quoteTurnaroundDays(quote.turnaroundDays, totals.lines),
    chosenOptional: [...chosen].sort((a, b) => a - b),
  };
}

/** The optional lines a client chose when accepting (stored as JSON), or none. */
export function chosenOptionalOf(quote: QuoteRow): number[] {
  if (!quote.chosenOptional) return [];
  try {
    const value = JSON.parse(quote.chosenOptional) as unknown;
    return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

/** The status a person should see: a sent quote past its expiry is expired, whatever the row says. */
export function effectiveStatus(quote: Pick<QuoteRow, "status" | "expiresAt">, now: number): QuoteStatus {
  if (quote.status === "sent" && quote.expiresAt !== null && now >= quote.expiresAt) return "expired";
  return quote.status;
}

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  accepted: "Accepted",
  declined: "Declined",
  superseded: "Superseded",
  expired: "Expired",
};

/** If the client's files arrived today: the studio date the work would be delivered. */
export async function estimatedDelivery(deps: { db: Db; config: AppConfig }, turnaroundDays: number, now: number): Promise<string> {
  return deliveryDate(now, turnaroundDays, await studioWorkingCalendar(deps.db, deps.config, now));
}

/**
 * The exact quote the client accepted, kept with the acceptance
 * (quotes.accepted_snapshot): what was on the page when they typed their name.
 */
export type AcceptedSnapshot = {
  quoteId: string;
  number: string | null;
  currency: string;
  taxRateBp: number;
  taxLabel: string;
  lines: { description: string; quantity: number; unitMinor: number; amountMinor: number; optional: boolean; included: boolean }[];
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  turnaroundDays: number;
  message: string | null;
  paymentTerms: string | null;
  sentAt: number | null;
  expiresAt: number | null;
  acceptedName: string;
  acceptedAt: number;
};

export function acceptedSnapshot(
  config: AppConfig,
  quote: QuoteRow,
  figures: QuoteFigures,
  acceptance: { name: string; at: number },
): AcceptedSnapshot {
  return {
    quoteId: quote.id,
    number: quote.number,
    currency: figures.currency,
    taxRateBp: figures.taxRateBp,
    taxLabel: config.services.taxLabel,
    lines: figures.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitMinor: l.unitMinor,
      amountMinor: l.amountMinor,
      optional: l.optional,
      included: l.included,
    })),
    subtotalMinor: figures.subtotalMinor,
    discountMinor: figures.discountMinor,
    netMinor: figures.netMinor,
    taxMinor: figures.taxMinor,
    totalMinor: figures.totalMinor,
    turnaroundDays: figures.turnaroundDays,
    message: quote.message,
    paymentTerms: quote.paymentTerms,
    sentAt: quote.sentAt,
    expiresAt: quote.expiresAt,
    acceptedName: acceptance.name,
    acceptedAt: acceptance.at,
  };
}
