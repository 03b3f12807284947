import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_PRICE_MINOR,
  basisPointsFromPercentText,
  basisPointsToPercentText,
  currencyMinorDigits,
  divideRounded,
  formatMoney,
  isMinor,
  minorToInput,
  parseMoneyInput,
  percentOfMinor,
  taxOf,
} from "~/domain/money";

describe("percentOfMinor and taxOf round half up, away from zero", () => {
  it.each([
    [1000, 2000, 200], // 20 % of £10.00
    [1, 5000, 1], // half a penny rounds up
    [3, 5000, 2], // 1.5p -> 2p
    [2, 2500, 1], // 0.5p -> 1p
    [1, 4999, 0], // just under half rounds down
    [-3, 5000, -2], // the half goes away from zero for refunds too
    [-1, 4999, 0],
    [12345, 1750, 2160], // 17.5 % of 123.45 = 21.60375
    [999, 0, 0], // a zero rate is a zero line
    [MAX_PRICE_MINOR * 200, 10_000, MAX_PRICE_MINOR * 200],
  ])("%i minor at %i bp is %i", (amount, bp, expected) => {
    expect(percentOfMinor(amount, bp)).toBe(expected);
  });

  it("refuses floats instead of silently rounding them", () => {
    expect(() => percentOfMinor(10.5, 2000)).toThrow(RangeError);
    expect(() => percentOfMinor(100, 12.5)).toThrow(RangeError);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });

  it("agrees with exact rational rounding for any amount and rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const result = percentOfMinor(amount, bp);
        // |amount*bp - result*10000| <= 5000, and exactly 5000 only when rounded away from zero
        const error = BigInt(amount) * BigInt(bp) - BigInt(result) * 10_000n;
        expect(error <= 5000n && error >= -5000n).toBe(true);
        // an exact half went away from zero: the result's magnitude is the larger one
        if (error === 5000n || error === -5000n) expect(Math.abs(result) * 10_000 > Math.abs(amount * bp)).toBe(true);
      }),
    );
  });

  it("tax is taken once on the net total, not per line", () => {
    // Three 3p lines at 20 %: per line 0.6p -> 1p each, 3p in all; once on the 9p net it is 1.8p -> 2p.
    const lines = [3, 3, 3];
    const net = lines.reduce((a, b) => a + b, 0);
    expect(taxOf(net, 2000)).toBe(2);
    expect(lines.map((l) => taxOf(l, 2000)).reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe("formatMoney", () => {
  it("formats with the currency's own digits and the locale's separators", () => {
    expect(formatMoney(123450, "GBP")).toBe("£1,234.50");
    expect(formatMoney(5, "GBP")).toBe("£0.05");
    expect(formatMoney(0, "GBP")).toBe("£0.00");
    expect(formatMoney(-250, "GBP")).toBe("-£2.50");
    expect(formatMoney(1200, "JPY", "en-GB")).toBe("JP¥1,200");
    expect(formatMoney(123450, "EUR", "de-DE")).toBe("1.234,50\u00a0€");
    expect(formatMoney(1234, "BHD", "en-GB")).toBe("BHD\u00a01.234");
  });

  it("formats amounts beyond 2^53 / 100 without float noise", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "GBP")).toBe("£90,071,992,547,409.91");
  });

  it("knows each currency's minor digits from Intl", () => {
    expect(currencyMinorDigits("GBP")).toBe(2);
    expect(currencyMinorDigits("jpy")).toBe(0);
    expect(currencyMinorDigits("KWD")).toBe(3);
  });
});

describe("parseMoneyInput", () => {
  it.each([
    ["12", 1200],
    ["12.5", 1250],
    ["12.50", 1250],
    ["1,234.50", 123450],
    ["£ 1,234.5", 123450],
    [" 0 ", 0],
    ["0.01", 1],
    [".5", null],
    ["1000000", MAX_PRICE_MINOR],
    ["1,000,000.00", MAX_PRICE_MINOR],
    ["007.10", 710],
  ])("%j -> %j", (text, minor) => {
    const parsed = parseMoneyInput(text, "GBP");
    if (minor === null) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, minor });
  });

  it.each([
    ["", "Enter an amount"],
    ["-5", "Enter an amount of 0 or more"],
    ["12.345", "Use at most 2 decimal places"],
    ["1000000.01", "Enter an amount of £1,000,000.00 or less"],
    ["99999999999999999999999", "Enter an amount of £1,000,000.00 or less"],
    ["12,34", "Enter an amount using digits, like 1234.50"],
    ["1e5", "Enter an amount using digits, like 1234.50"],
    ["twelve", "Enter an amount using digits, like 1234.50"],
  ])("%j is refused: %s", (text, message) => {
    expect(parseMoneyInput(text, "GBP")).toEqual({ ok: false, message });
  });

  it("follows the currency's digits", () => {
    expect(parseMoneyInput("1200", "JPY")).toEqual({ ok: true, minor: 1200 });
    expect(parseMoneyInput("12.5", "JPY")).toEqual({ ok: false, message: "Enter a whole amount; JPY has no decimal places" });
  });

  it("round-trips every amount through minorToInput", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PRICE_MINOR }), fc.constantFrom("GBP", "JPY", "KWD", "EUR"), (minor, currency) => {
        expect(parseMoneyInput(minorToInput(minor, currency), currency)).toEqual({ ok: true, minor });
      }),
    );
  });

  it("gives whole minor units", () => {
    expect(minorToInput(1250, "GBP")).toBe("12.50");
    expect(minorToInput(5, "GBP")).toBe("0.05");
    expect(minorToInput(1200, "JPY")).toBe("1200");
    expect(isMinor(1)).toBe(true);
    expect(isMinor(1.5)).toBe(false);
    expect(isMinor(2 ** 53)).toBe(false);
    expect(isMinor("1")).toBe(false);
  });
});

describe("basisPointsFromPercentText", () => {
  it.each([
    ["20", 2000],
    ["17.5", 1750],
    ["0", 0],
    ["100", 10_000],
    ["5.25", 525],
    ["20 %", 2000],
    ["7.", 700],
  ])("%j -> %i bp and back", (text, basisPoints) => {
    expect(basisPointsFromPercentText(text)).toEqual({ ok: true, basisPoints });
  });

  it.each([
    ["", "Enter a percentage"],
    ["-1", "Enter a percentage from 0 to 100"],
    ["100.01", "Enter a percentage from 0 to 100"],
    ["1000", "Enter a percentage from 0 to 100"],
    ["17.555", "Use at most 2 decimal places in a percentage"],
    ["abc", "Enter a percentage using digits, like 20 or 17.5"],
  ])("%j is refused", (text, message) => {
    expect(basisPointsFromPercentText(text)).toEqual({ ok: false, message });
  });

  it("round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => {
        expect(basisPointsFromPercentText(basisPointsToPercentText(bp))).toEqual({ ok: true, basisPoints: bp });
      }),
    );
  });
});
