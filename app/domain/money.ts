// Money as integer minor units (pence, cents, yen) of the one configured
// currency. Rates are integer basis points (1 bp = 0.01 %, 2000 = 20 %).
// No amount is ever a float: arithmetic is on integers (BigInt where a
// product could outgrow 2^53), parsing works on the digits of the text, and
// formatting hands Intl a decimal string. See docs/decisions/0014.

/** 1,000,000.00 in a two-digit currency: the most any single price may be. */
export const MAX_PRICE_MINOR = 100_000_000;
export const MAX_BASIS_POINTS = 10_000;

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };
export type BasisPointsParse = { ok: true; basisPoints: number } | { ok: false; message: string };

export function isMinor(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n);
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from
 * zero (2.5 -> 3, -2.5 -> -3): the "round half up" people expect on a bill.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("Denominator must be positive");
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  if ((magnitude % denominator) * 2n >= denominator) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** `basisPoints` of `amountMinor`, rounded half up (away from zero). */
export function percentOfMinor(amountMinor: number, basisPoints: number): number {
  assertMinor(amountMinor, "amountMinor");
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError(`Not whole basis points: ${basisPoints}`);
  return Number(divideRounded(BigInt(amountMinor) * BigInt(basisPoints), 10_000n));
}

/**
 * Tax on a net total. Tax is computed ONCE, on the net total of the whole
 * bill (after discount), never per line and summed: per-line rounding would
 * make the tax line depend on how the bill is split into lines.
 */
export function taxOf(netMinor: number, taxRateBp: number): number {
  return percentOfMinor(netMinor, taxRateBp);
}

const minorDigitsByCurrency = new Map<string, number>();

/** Digits after the decimal point in `currency` (GBP 2, JPY 0, BHD 3), as Intl knows them. */
export function currencyMinorDigits(currency: string): number {
  const key = currency.toUpperCase();
  let digits = minorDigitsByCurrency.get(key);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: key }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsByCurrency.set(key, digits);
  }
  return digits;
}

/** "1234.50" for 123450 minor units of GBP: exact, no float on the way. */
export function minorToDecimalString(minor: number, currency: string): string {
  assertMinor(minor, "minor");
  const digits = currencyMinorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const magnitude = String(Math.abs(minor)).padStart(digits + 1, "0");
  if (digits === 0) return sign + magnitude;
  return `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** "£1,234.50": formatting happens only at the edge (pages, emails). */
export function formatMoney(minor: number, currency: string, locale = "en-GB"): string {
  const key = `${locale}|${currency.toUpperCase()}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
    moneyFormatters.set(key, formatter);
  }
  // Intl formats a decimal string exactly (ES2023 Intl.NumberFormat v3).
  return formatter.format(minorToDecimalString(minor, currency) as unknown as number);
}

/** The value a form field shows for an amount: "1234.50", no symbol, no grouping. */
export function minorToInput(minor: number, currency: string): string {
  return minorToDecimalString(minor, currency);
}

const PLAIN_AMOUNT = /^(\d+)(?:\.(\d*))?$/;
const GROUPED_AMOUNT = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

/**
 * A price typed into a form: "12", "12.5", "12.50", "1,234.50" (a leading
 * currency symbol and spaces are ignored). Parsed digit by digit, never
 * through parseFloat.
 */
export function parseMoneyInput(text: string, currency: string): MoneyParse {
  const digits = currencyMinorDigits(currency);
  const cleaned = String(text ?? "")
    .trim()
    .replace(/^[£$€¥]\s*/, "")
    .replace(/\s+/g, "");
  if (cleaned === "") return { ok: false, message: "Enter an amount" };
  if (cleaned.startsWith("-")) return { ok: false, message: "Enter an amount of 0 or more" };
  const match = PLAIN_AMOUNT.exec(cleaned) ?? GROUPED_AMOUNT.exec(cleaned);
  if (!match) return { ok: false, message: "Enter an amount using digits, like 1234.50" };
  const whole = match[1].replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? `Enter a whole amount; ${currency.toUpperCase()} has no decimal places` : `Use at most ${digits} decimal places`,
    };
  }
  const minorText = (whole + fraction.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  // Compare as text length first so absurdly long input never becomes a huge number.
  const maxText = String(MAX_PRICE_MINOR);
  if (minorText.length > maxText.length || (minorText.length === maxText.length && minorText > maxText)) {
    return { ok: false, message: `Enter an amount of ${formatMoney(MAX_PRICE_MINOR, currency)} or less` };
  }
  return { ok: true, minor: Number(minorText) };
}

const PERCENT_TEXT = /^(\d{1,3})(?:\.(\d{0,2}))?$/;

/** "20" -> 2000, "17.5" -> 1750, "0" -> 0; at most two decimals, 0 to 100. */
export function basisPointsFromPercentText(text: string): BasisPointsParse {
  const cleaned = String(text ?? "").trim().replace(/\s*%$/, "");
  if (cleaned === "") return { ok: false, message: "Enter a percentage" };
  if (cleaned.startsWith("-")) return { ok: false, message: "Enter a percentage from 0 to 100" };
  const match = PERCENT_TEXT.exec(cleaned);
  if (!match) {
    return /^\d+\.\d{3,}$/.test(cleaned)
      ? { ok: false, message: "Use at most 2 decimal places in a percentage" }
      : /^\d+(\.\d*)?$/.test(cleaned)
        ? { ok: false, message: "Enter a percentage from 0 to 100" }
        : { ok: false, message: "Enter a percentage using digits, like 20 or 17.5" };
  }
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (basisPoints > MAX_BASIS_POINTS) return { ok: false, message: "Enter a percentage from 0 to 100" };
  return { ok: true, basisPoints };
}

/** 1750 -> "17.5", 2000 -> "20": the inverse of basisPointsFromPercentText for form values. */
export function basisPointsToPercentText(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(Math.abs(basisPoints % 100)).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function assertMinor(n: number, name: string): void {
  if (!isMinor(n)) throw new RangeError(`${name} must be a safe integer of minor units, got ${n}`);
}
