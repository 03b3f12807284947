import { parseWithZod } from "@conform-to/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  QUOTE_STATUSES,
  QUOTE_VALID_DAYS_DEFAULT,
  acceptability,
  isEditable,
  parseQuoteNumber,
  quoteDecisionSchema,
  quoteEditSchema,
  quoteExpiresAt,
  quoteNumber,
  quoteTotals,
  quoteTurnaroundDays,
  type QuoteLineInput,
} from "~/domain/quote";

const line = (quantity: number, unitMinor: number, optional = false, turnaroundDaysSaved = 0): QuoteLineInput => ({
  description: "Line",
  quantity,
  unitMinor,
  optional,
  turnaroundDaysSaved,
});

function formData(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("quoteTotals", () => {
  const lines = [line(4, 18_000), line(1, 4_000, true), line(4, 3_500, true), line(1, 5_000)];

  it("counts required lines and only the optional lines the client ticked; tax once on the net", () => {
    const none = quoteTotals(lines, { discountMinor: 0, taxRateBp: 2000, chosenOptional: new Set() });
    expect([none.subtotalMinor, none.netMinor, none.taxMinor, none.totalMinor]).toEqual([77_000, 77_000, 15_400, 92_400]);
    expect(none.lines.map((l) => l.included)).toEqual([true, false, false, true]);

    const ticked = quoteTotals(lines, { discountMinor: 7_000, taxRateBp: 2000, chosenOptional: new Set([2]) });
    expect([ticked.subtotalMinor, ticked.discountMinor, ticked.netMinor, ticked.taxMinor, ticked.totalMinor]).toEqual([91_000, 7_000, 84_000, 16_800, 100_800]);
    expect(ticked.lines[2]).toMatchObject({ amountMinor: 14_000, included: true });
  });

  it("rounds the tax half up on the net: 17.5 % of £0.10 is 1.75p -> 2p", () => {
    expect(quoteTotals([line(1, 10)], { discountMinor: 0, taxRateBp: 1750, chosenOptional: new Set() }).taxMinor).toBe(2);
  });

  it("a discount never makes the net negative, and a required line ignores the ticks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 1, max: 1000 }), u: fc.integer({ min: 0, max: 100_000 }), o: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -1_000_000, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 29 })),
        (raw, discountMinor, taxRateBp, ticks) => {
          const input = raw.map((r) => line(r.q, r.u, r.o));
          const totals = quoteTotals(input, { discountMinor, taxRateBp, chosenOptional: new Set(ticks) });
          expect(totals.netMinor).toBeGreaterThanOrEqual(0);
          expect(totals.discountMinor).toBeLessThanOrEqual(totals.subtotalMinor);
          expect(totals.totalMinor).toBe(totals.netMinor + totals.taxMinor);
          totals.lines.forEach((l, i) => expect(l.included).toBe(!input[i].optional || ticks.includes(i)));
        },
      ),
    );
  });

  it("ticking an optional rush line shortens the turnaround, never below a day", () => {
    const withRush = [line(1, 77_000), line(1, 38_500, true, 3)];
    const untouched = quoteTotals(withRush, { discountMinor: 0, taxRateBp: 0, chosenOptional: new Set() });
    const rushed = quoteTotals(withRush, { discountMinor: 0, taxRateBp: 0, chosenOptional: new Set([1]) });
    expect(quoteTurnaroundDays(8, untouched.lines)).toBe(8);
    expect(quoteTurnaroundDays(8, rushed.lines)).toBe(5);
    expect(quoteTurnaroundDays(2, rushed.lines)).toBe(1);
  });
});

describe("quote numbers", () => {
  it("formats and parses Q-YYYY-NNNN", () => {
    expect(quoteNumber(2027, 1)).toBe("Q-2027-0001");
    expect(quoteNumber(2027, 12345)).toBe("Q-2027-12345");
    expect(parseQuoteNumber("Q-2027-0001")).toEqual({ year: 2027, sequence: 1 });
    expect(parseQuoteNumber(" q-2027-0042 ")).toEqual({ year: 2027, sequence: 42 });
    expect(parseQuoteNumber("Q-2027-12345")).toEqual({ year: 2027, sequence: 12345 });
    for (const bad of ["Q-2027-1", "Q-2027-0000", "Q-2027-00001", "Q-27-0001", "2027-0001", ""]) expect(parseQuoteNumber(bad)).toBeNull();
    expect(() => quoteNumber(27, 1)).toThrow(RangeError);
    expect(() => quoteNumber(2027, 0)).toThrow(RangeError);
  });

  it("round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 9999 }), fc.integer({ min: 1, max: 999_999 }), (year, sequence) => {
        expect(parseQuoteNumber(quoteNumber(year, sequence))).toEqual({ year, sequence });
      }),
    );
  });
});

describe("acceptability", () => {
  const now = Date.parse("2027-03-10T12:00:00Z");

  it("only a sent quote before its expiry can be accepted", () => {
    expect(acceptability({ status: "sent", expiresAt: now + 1 }, now)).toEqual({ ok: true });
    expect(acceptability({ status: "sent", expiresAt: null }, now)).toEqual({ ok: true });
    expect(acceptability({ status: "sent", expiresAt: now }, now)).toMatchObject({ ok: false, reason: "expired" });
  });

  it.each(QUOTE_STATUSES.filter((s) => s !== "sent"))("a %s quote can't be accepted and the page says why", (status) => {
    const result = acceptability({ status, expiresAt: now + 1 }, now);
    expect(result).toMatchObject({ ok: false, reason: status });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(20);
  });

  it("the superseded message points to the newer quote", () => {
    const result = acceptability({ status: "superseded", expiresAt: null }, now);
    expect(!result.ok && result.message).toMatch(/newer version/);
  });

  it("only drafts are edited in place", () => {
    expect(QUOTE_STATUSES.filter(isEditable)).toEqual(["draft"]);
  });
});

describe("quoteExpiresAt", () => {
  it("lasts to the end of the studio day validDays later", () => {
    // Sent Monday 1 March 2027 15:00 London: valid 14 days means to the end of Monday 15 March.
    expect(quoteExpiresAt(Date.parse("2027-03-01T15:00:00Z"), QUOTE_VALID_DAYS_DEFAULT, "Europe/London")).toBe(Date.parse("2027-03-16T00:00:00Z"));
    // Across the start of BST: midnight London on 29 March is 23:00 UTC on the 28th.
    expect(quoteExpiresAt(Date.parse("2027-03-14T10:00:00Z"), 14, "Europe/London")).toBe(Date.parse("2027-03-28T23:00:00Z"));
    // Studio in Auckland: its own dates, not UTC's.
    expect(quoteExpiresAt(Date.parse("2027-03-01T20:00:00Z"), 1, "Pacific/Auckland")).toBe(Date.parse("2027-03-03T11:00:00Z"));
  });

  it("handles a zone that skips midnight for DST (Santiago starts that day at 01:00)", () => {
    // Chile's clocks went 00:00 -> 01:00 (-04 -> -03) on Sunday 3 September 2023; Saturday 2 Sept ends at 01:00 -03.
    expect(quoteExpiresAt(Date.parse("2023-09-01T15:00:00Z"), 1, "America/Santiago")).toBe(Date.parse("2023-09-03T04:00:00Z"));
  });
});

describe("quoteEditSchema", () => {
  const schema = quoteEditSchema({ currency: "GBP" });
  const good: [string, string][] = [
    ["lines[0].description", "Mix + master, 4 tracks"],
    ["lines[0].quantity", "1"],
    ["lines[0].unitPrice", "770.00"],
    ["lines[1].description", "Vocal tuning"],
    ["lines[1].quantity", "4"],
    ["lines[1].unitPrice", "35"],
    ["lines[1].optional", "on"],
    ["discount", "70"],
    ["message", "Thanks for the chat!"],
    ["paymentTerms", "50 % up front"],
  ];

  it("parses lines, money text and defaults validDays to 14", () => {
    const result = parseWithZod(formData(good), { schema });
    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    expect(result.value).toEqual({
      lines: [
        { description: "Mix + master, 4 tracks", quantity: 1, unitMinor: 77_000, optional: false, catalogueItemId: null },
        { description: "Vocal tuning", quantity: 4, unitMinor: 3_500, optional: true, catalogueItemId: null },
      ],
      discountMinor: 7_000,
      message: "Thanks for the chat!",
      paymentTerms: "50 % up front",
      validDays: 14,
    });
  });

  const replace = (key: string, value: string): [string, string][] => good.map(([k, v]) => [k, k === key ? value : v]);

  it.each([
    [replace("lines[1].quantity", "0"), "lines[1].quantity", "Quantity must be from 1 to 1000"],
    [replace("lines[1].quantity", "-2"), "lines[1].quantity", "Quantity must be from 1 to 1000"],
    [replace("lines[1].quantity", "1001"), "lines[1].quantity", "Quantity must be from 1 to 1000"],
    [replace("lines[1].quantity", "1.5"), "lines[1].quantity", "Enter the quantity as a whole number"],
    [replace("lines[1].unitPrice", "1000000.01"), "lines[1].unitPrice", "Enter an amount of £1,000,000.00 or less"],
    [replace("lines[1].unitPrice", "300000"), "lines[1].unitPrice", "This line's amount (quantity × price) is over the maximum"],
    [replace("lines[1].unitPrice", ""), "lines[1].unitPrice", "Enter a price for this line"],
    [replace("lines[0].description", ""), "lines[0].description", "Describe this line"],
    [replace("lines[0].description", "x".repeat(201)), "lines[0].description", "Keep the description to 200 characters or fewer"],
    [replace("discount", "770.01"), "discount", "The discount can't be more than the total of the lines that aren't optional"],
    [replace("discount", "-1"), "discount", "Enter an amount of 0 or more"],
    [replace("message", "x".repeat(4001)), "message", "Keep the message to 4000 characters or fewer"],
    [replace("paymentTerms", "x".repeat(4001)), "paymentTerms", "Keep the payment terms to 4000 characters or fewer"],
    [[...good, ["validDays", "0"]], "validDays", "A quote can be valid for 1 to 90 days"],
    [[...good, ["validDays", "91"]], "validDays", "A quote can be valid for 1 to 90 days"],
    [[...good, ["lines[0].optional", "on"]], "lines", "At least one line must not be optional"],
    [[["message", "hi"]], "lines", "Add at least one line"],
  ] as [[string, string][], string, string][])("error on %s", (entries, path, message) => {
    const result = parseWithZod(formData(entries), { schema });
    expect(result.status).toBe("error");
    expect(result.reply().error?.[path]).toContain(message);
  });

  it("allows at most 30 lines", () => {
    const entries: [string, string][] = [];
    for (let i = 0; i < 31; i++) entries.push([`lines[${i}].description`, "x"], [`lines[${i}].quantity`, "1"], [`lines[${i}].unitPrice`, "1"]);
    expect(parseWithZod(formData(entries), { schema }).reply().error?.lines).toContain("A quote can have at most 30 lines");
  });
});

describe("quoteDecisionSchema", () => {
  it("accepts with a typed name, a tick and the optional lines chosen", () => {
    const result = parseWithZod(
      formData([["intent", "accept"], ["name", " Ada Lovelace "], ["confirm", "on"], ["optionalLines", "2"], ["optionalLines", "1"], ["optionalLines", "2"]]),
      { schema: quoteDecisionSchema },
    );
    expect(result.status === "success" && result.value).toEqual({ intent: "accept", name: "Ada Lovelace", confirm: true, optionalLines: [1, 2] });
  });

  it("works on a plain object too (one optional line as a string)", () => {
    expect(quoteDecisionSchema.parse({ intent: "accept", name: "Ada", confirm: "on", optionalLines: "3" })).toMatchObject({ optionalLines: [3] });
    expect(quoteDecisionSchema.parse({ intent: "accept", name: "Ada", confirm: true })).toMatchObject({ optionalLines: [] });
  });

  it.each([
    [[["intent", "accept"], ["confirm", "on"]], "name", "Type your full name to accept the quote"],
    [[["intent", "accept"], ["name", "A"], ["confirm", "on"]], "name", "Type your full name to accept the quote"],
    [[["intent", "accept"], ["name", "Ada"]], "confirm", "Tick the box to confirm you accept the quote and its terms"],
    [[["intent", "accept"], ["name", "Ada"], ["confirm", "on"], ["optionalLines", "x"]], "optionalLines[0]", "Choose the optional items from the list"],
    [[["intent", "decline"], ["reason", "x".repeat(1001)]], "reason", "Keep the reason to 1000 characters or fewer"],
    [[["intent", "maybe"]], "intent", "Choose accept or decline"],
  ] as [[string, string][], string, string][])("%j: error on %s", (entries, path, message) => {
    const result = parseWithZod(formData(entries), { schema: quoteDecisionSchema });
    expect(result.reply().error?.[path]).toContain(message);
  });

  it("declines with or without a reason", () => {
    expect(parseWithZod(formData([["intent", "decline"]]), { schema: quoteDecisionSchema }).status).toBe("success");
    expect(quoteDecisionSchema.parse({ intent: "decline", reason: " Too pricey " })).toEqual({ intent: "decline", reason: "Too pricey" });
  });
});
