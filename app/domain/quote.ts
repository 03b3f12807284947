import { z } from "zod";
import { MAX_PRICE_MINOR, taxOf } from "./money";
import { checkboxField, moneyTextField, wholeNumberField } from "./money-field";
import { addDaysToIsoDate } from "./calendar-date";
import { instantAtWallClock, zonedDate } from "./time-zones";

// A quote: line items (some optional, for the client to tick), a discount,
// tax once on the net total, and a status. Only "sent" and unexpired quotes
// can be accepted; the client page says why anything else cannot.

export const QUOTE_STATUSES = ["draft", "sent", "accepted", "declined", "superseded", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const QUOTE_VALID_DAYS_DEFAULT = 14;
export const QUOTE_LIMITS = {
  linesMin: 1,
  linesMax: 30,
  description: 200,
  quantityMin: 1,
  quantityMax: 1000,
  message: 4000,
  paymentTerms: 4000,
  validDaysMin: 1,
  validDaysMax: 90,
  signatureNameMin: 2,
  signatureNameMax: 100,
  declineReason: 1000,
} as const;

export type QuoteLineInput = {
  description: string;
  quantity: number;
  unitMinor: number;
  optional: boolean;
  catalogueItemId?: string | null;
  turnaroundDaysSaved?: number;
};

export type QuoteLineTotal = QuoteLineInput & { amountMinor: number; included: boolean };

export type QuoteTotals = {
  lines: QuoteLineTotal[];
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
};

/**
 * Totals of a quote as the client would pay it: required lines plus the
 * optional lines they ticked (`chosenOptional` holds line indexes). The
 * discount is capped at the subtotal, so net is never negative; tax is taken
 * once on the net.
 */
export function quoteTotals(
  lines: readonly QuoteLineInput[],
  { discountMinor, taxRateBp, chosenOptional }: { discountMinor: number; taxRateBp: number; chosenOptional: ReadonlySet<number> },
): QuoteTotals {
  const totalled = lines.map((line, index) => ({
    ...line,
    amountMinor: line.quantity * line.unitMinor,
    included: !line.optional || chosenOptional.has(index),
  }));
  const subtotalMinor = totalled.reduce((sum, line) => sum + (line.included ? line.amountMinor : 0), 0);
  const discount = Math.min(Math.max(0, discountMinor), subtotalMinor);
  const netMinor = subtotalMinor - discount;
  const taxMinor = taxOf(netMinor, taxRateBp);
  return { lines: totalled, subtotalMinor, discountMinor: discount, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
}

/** The turnaround after the included lines' rush savings: never below one working day. */
export function quoteTurnaroundDays(packageTurnaroundDays: number, lines: readonly QuoteLineTotal[]): number {
  const saved = lines.reduce((sum, line) => sum + (line.included ? (line.turnaroundDaysSaved ?? 0) : 0), 0);
  return Math.max(1, packageTurnaroundDays - saved);
}

/** "Q-2027-0001": the year the quote was numbered and its sequence within that year. */
export function quoteNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Not a four-digit year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Not a positive sequence: ${sequence}`);
  return `Q-${year}-${String(sequence).padStart(4, "0")}`;
}

const QUOTE_NUMBER = /^Q-(\d{4})-(\d{4,9})$/;

export function parseQuoteNumber(text: string): { year: number; sequence: number } | null {
  const match = QUOTE_NUMBER.exec(String(text ?? "").trim().toUpperCase());
  if (!match) return null;
  const sequence = Number(match[2]);
  // One spelling per number: "Q-2027-00001" is not Q-2027-0001.
  if (sequence < 1 || quoteNumber(Number(match[1]), sequence) !== match[0]) return null;
  return { year: Number(match[1]), sequence };
}

export type Acceptability =
  | { ok: true }
  | { ok: false; reason: "superseded" | "expired" | "declined" | "accepted" | "draft"; message: string };

const NOT_ACCEPTABLE: Record<Exclude<QuoteStatus, "sent">, string> = {
  draft: "This quote is still being prepared. The studio will send it to you when it is ready.",
  accepted: "You have already accepted this quote. Thank you. The studio will be in touch about the next steps.",
  declined: "This quote was declined, so it can no longer be accepted. Contact the studio if you have changed your mind.",
  superseded: "The studio has sent you a newer version of this quote, so this one can no longer be accepted. Please use the link in the latest email.",
  expired: "This quote has expired, so it can no longer be accepted. Contact the studio for an updated quote.",
};

/** Whether the client may accept the quote at `now` (a sent quote expires at `expiresAt`, exclusive). */
export function acceptability(quote: { status: QuoteStatus; expiresAt: number | null }, now: number): Acceptability {
  if (quote.status === "sent") {
    if (quote.expiresAt !== null && now >= quote.expiresAt) return { ok: false, reason: "expired", message: NOT_ACCEPTABLE.expired };
    return { ok: true };
  }
  return { ok: false, reason: quote.status, message: NOT_ACCEPTABLE[quote.status] };
}

/**
 * When a quote sent at `sentAtMs` stops being acceptable: the end of the
 * studio day `validDays` days later (so "valid 14 days" from a Monday
 * afternoon lasts to the end of the Monday two weeks on, in the studio's zone).
 */
export function quoteExpiresAt(sentAtMs: number, validDays: number, timeZone: string): number {
  const nextDay = addDaysToIsoDate(zonedDate(sentAtMs, timeZone), validDays + 1);
  // A zone that skips midnight for DST starts that day at 01:00.
  return instantAtWallClock(nextDay, 0, timeZone) ?? (instantAtWallClock(nextDay, 60, timeZone) as number);
}

/** Quote statuses the studio can still edit; a sent quote is changed by sending a new version (superseding it). */
export function isEditable(status: QuoteStatus): boolean {
  return status === "draft";
}

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${label} to ${max} characters or fewer`)
    .optional()
    .transform((value) => value ?? "");

/** The studio's quote form. Errors land on conform paths such as lines[2].quantity. */
export function quoteEditSchema({ currency }: { currency: string }) {
  const line = z.object({
    description: z
      .string({ required_error: "Describe this line" })
      .trim()
      .min(1, "Describe this line")
      .max(QUOTE_LIMITS.description, `Keep the description to ${QUOTE_LIMITS.description} characters or fewer`),
    quantity: wholeNumberField(
      "Enter the quantity as a whole number",
      QUOTE_LIMITS.quantityMin,
      QUOTE_LIMITS.quantityMax,
      `Quantity must be from ${QUOTE_LIMITS.quantityMin} to ${QUOTE_LIMITS.quantityMax}`,
    ),
    unitPrice: moneyTextField(currency, "Enter a price for this line"),
    optional: checkboxField,
    catalogueItemId: z.string().trim().optional(),
  });
  return z
    .object({
      lines: z
        .array(line, { required_error: "Add at least one line" })
        .min(QUOTE_LIMITS.linesMin, "Add at least one line")
        .max(QUOTE_LIMITS.linesMax, `A quote can have at most ${QUOTE_LIMITS.linesMax} lines`),
      discount: moneyTextField(currency, "Enter a discount").optional(),
      message: text("the message", QUOTE_LIMITS.message),
      paymentTerms: text("the payment terms", QUOTE_LIMITS.paymentTerms),
      validDays: wholeNumberField(
        "Enter the number of days as a whole number",
        QUOTE_LIMITS.validDaysMin,
        QUOTE_LIMITS.validDaysMax,
        `A quote can be valid for ${QUOTE_LIMITS.validDaysMin} to ${QUOTE_LIMITS.validDaysMax} days`,
      )
        .optional()
        .transform((days) => days ?? QUOTE_VALID_DAYS_DEFAULT),
    })
    .superRefine((form, ctx) => {
      form.lines.forEach((line, index) => {
        if (line.quantity * line.unitPrice > MAX_PRICE_MINOR) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lines", index, "unitPrice"], message: "This line's amount (quantity × price) is over the maximum" });
        }
      });
      if (form.lines.every((line) => line.optional)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lines"], message: "At least one line must not be optional" });
      }
      const requiredSubtotal = form.lines.reduce((sum, line) => sum + (line.optional ? 0 : line.quantity * line.unitPrice), 0);
      if ((form.discount ?? 0) > requiredSubtotal) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["discount"], message: "The discount can't be more than the total of the lines that aren't optional" });
      }
    })
    .transform((form) => ({
      lines: form.lines.map(
        (line): QuoteLineInput => ({
          description: line.description,
          quantity: line.quantity,
          unitMinor: line.unitPrice,
          optional: line.optional,
          catalogueItemId: line.catalogueItemId || null,
        }),
      ),
      discountMinor: form.discount ?? 0,
      message: form.message,
      paymentTerms: form.paymentTerms,
      validDays: form.validDays,
    }));
}

export type QuoteEdit = z.infer<ReturnType<typeof quoteEditSchema>>;

/**
 * The client's decision. Accept needs their typed name, a ticked confirmation
 * and, optionally, the indexes of the optional lines they want; decline may
 * give a reason. The server checks the indexes against the quote's optional lines.
 */
export const quoteDecisionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("accept"),
      name: z
        .string({ required_error: "Type your full name to accept the quote" })
        .trim()
        .min(QUOTE_LIMITS.signatureNameMin, "Type your full name to accept the quote")
        .max(QUOTE_LIMITS.signatureNameMax, `Keep your name to ${QUOTE_LIMITS.signatureNameMax} characters or fewer`),
      confirm: checkboxField.refine((ticked) => ticked, "Tick the box to confirm you accept the quote and its terms"),
      optionalLines: z
        .preprocess(
          (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
          z.array(
            wholeNumberField("Choose the optional items from the list", 0, QUOTE_LIMITS.linesMax - 1, "Choose the optional items from the list"),
          ),
        )
        .transform((indexes) => [...new Set(indexes)].sort((a, b) => a - b)),
    }),
    z.object({
      intent: z.literal("decline"),
      reason: text("the reason", QUOTE_LIMITS.declineReason),
    }),
  ],
  { errorMap: () => ({ message: "Choose accept or decline" }) },
);

export type QuoteDecision = z.infer<typeof quoteDecisionSchema>;
