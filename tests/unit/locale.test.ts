import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalLocale, DEFAULT_LOCALE, localeFormat, negotiateLocale, parseAcceptLanguage, textDirection, uses12HourClock } from "~/domain/locale";

// ICU puts narrow and non-breaking spaces in some formats; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, " ");

// Tuesday 1 December 2026, 15:15–15:30 in London (UTC+0 in winter).
const START = Date.UTC(2026, 11, 1, 15, 15);
const END = START + 15 * 60_000;
const LONDON = "Europe/London";

describe("choosing the locale", () => {
  it("reads Accept-Language by quality, then order", () => {
    expect(parseAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")).toEqual(["fr-CH", "fr", "en", "de", "*"]);
    expect(parseAcceptLanguage("en;q=0.5, de-DE")).toEqual(["de-DE", "en"]);
    expect(parseAcceptLanguage("de;q=0, ja")).toEqual(["ja"]);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });

  it("takes the first usable language, an override before it, and falls back to the studio's default", () => {
    expect(negotiateLocale("de-DE,de;q=0.9,en;q=0.8")).toBe("de-DE");
    expect(negotiateLocale("*, en-US;q=0.5")).toBe("en-US");
    expect(negotiateLocale("de-DE", "ja-JP")).toBe("ja-JP");
    expect(negotiateLocale("de-DE", "not a locale!")).toBe("de-DE");
    expect(negotiateLocale("", undefined)).toBe(DEFAULT_LOCALE);
    expect(negotiateLocale("x-nonsense-tag-that-is-far-too-long-to-be-real")).toBe(DEFAULT_LOCALE);
    expect(canonicalLocale("EN-us")).toBe("en-US");
  });

  it("never throws and always returns something Intl can format with, whatever the header", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.string({ maxLength: 40 })), (header, override) => {
        const locale = negotiateLocale(header, override);
        return typeof localeFormat(locale).time(START, LONDON) === "string";
      }),
    );
  });
});

describe("formatting per locale", () => {
  it("en-US: 12-hour clock, month before day", () => {
    const f = localeFormat("en-US");
    expect(plain(f.time(START, LONDON))).toBe("3:15 PM");
    expect(plain(f.date(START, LONDON))).toBe("Tuesday, December 1, 2026");
    expect(plain(f.slot(START, END, LONDON))).toBe("Tuesday, December 1, 2026, 3:15 – 3:30 PM");
    expect(f.number(1234.5)).toBe("1,234.5");
    expect(f.money(123450, "USD")).toBe("$1,234.50");
    expect(uses12HourClock("en-US")).toBe(true);
    expect(f.dir).toBe("ltr");
  });

  it("en-GB: 24-hour clock, day before month", () => {
    const f = localeFormat("en-GB");
    expect(f.time(START, LONDON)).toBe("15:15");
    expect(f.date(START, LONDON)).toBe("Tuesday, 1 December 2026");
    expect(f.slot(START, END, LONDON)).toBe("Tuesday, 1 December 2026, 15:15–15:30");
    expect(f.money(123450, "GBP")).toBe("£1,234.50");
    expect(uses12HourClock("en-GB")).toBe(false);
  });

  it("de-DE: 24-hour clock, German names, comma decimals", () => {
    const f = localeFormat("de-DE");
    expect(f.time(START, LONDON)).toBe("15:15");
    expect(f.date(START, LONDON)).toBe("Dienstag, 1. Dezember 2026");
    expect(f.weekday(START, LONDON)).toBe("Dienstag");
    expect(f.number(1234.5)).toBe("1.234,5");
    expect(plain(f.money(123450, "EUR"))).toBe("1.234,50 €");
    expect(uses12HourClock("de-DE")).toBe(false);
  });

  it("fr-FR: lower-case names, spaces between thousands", () => {
    const f = localeFormat("fr-FR");
    expect(f.time(START, LONDON)).toBe("15:15");
    expect(f.date(START, LONDON)).toBe("mardi 1 décembre 2026");
    expect(plain(f.money(123450, "EUR"))).toBe("1 234,50 €");
  });

  it("ja-JP: year first, 24-hour clock, yen without minor units", () => {
    const f = localeFormat("ja-JP");
    expect(f.time(START, LONDON)).toBe("15:15");
    expect(f.date(START, LONDON)).toBe("2026年12月1日火曜日");
    expect(f.money(1234, "JPY")).toBe("￥1,234");
    expect(f.dir).toBe("ltr");
  });

  it("ar-EG: right to left, Arabic-Indic digits, 12-hour clock", () => {
    const f = localeFormat("ar-EG");
    expect(f.dir).toBe("rtl");
    expect(f.time(START, LONDON)).toBe("٣:١٥ م");
    expect(f.date(START, LONDON)).toContain("ديسمبر");
    expect(f.date(START, LONDON)).toContain("٢٠٢٦");
    expect(uses12HourClock("ar-EG")).toBe(true);
    expect(f.number(1234.5)).toBe("١٬٢٣٤٫٥");
  });

  it("follows the zone it is given, not the machine's", () => {
    expect(plain(localeFormat("en-US").time(START, "America/New_York"))).toBe("10:15 AM");
    expect(localeFormat("de-DE").time(START, "Asia/Tokyo")).toBe("00:15");
    expect(localeFormat("de-DE").shortDate(START, "Asia/Tokyo")).toBe("Mi., 2. Dez.");
  });

  it("knows which scripts run right to left", () => {
    expect(["he-IL", "fa-IR", "ur-PK", "ar"].map(textDirection)).toEqual(["rtl", "rtl", "rtl", "rtl"]);
    expect(["en-US", "az-Latn", "ja-JP", "zz-invalid-"].map(textDirection)).toEqual(["ltr", "ltr", "ltr", "ltr"]);
  });

  it("hands out the same cached formatters for the same locale", () => {
    expect(localeFormat("de-DE")).toBe(localeFormat("de-DE"));
  });
});
