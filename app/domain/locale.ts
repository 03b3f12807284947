// The client's locale: which language and region dates, times, numbers and
// prices follow. Negotiated from Accept-Language (or an explicit override,
// e.g. ?locale=de-DE), then every format goes through Intl with formatters
// cached per locale, zone and style (building an Intl formatter is the slow
// part; formatting is cheap). The wording stays English for now.

export const DEFAULT_LOCALE = "en-GB";
const MAX_TAG_LENGTH = 35;

/** A canonical BCP 47 tag Intl can format for, or null. */
export function canonicalLocale(tag: string | null | undefined): string | null {
  const text = tag?.trim();
  if (!text || text.length > MAX_TAG_LENGTH || text === "*") return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(text);
    if (!canonical) return null;
    return Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0 ? canonical : null;
  } catch {
    return null;
  }
}

/** Accept-Language ranges, best first (RFC 9110 §12.5.4); q=0 means "not this one". */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [range, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.range && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.range);
}

/**
 * The locale to format for: the override when it is a usable tag, else the
 * first usable Accept-Language range, else DEFAULT_LOCALE. A bare language
 * ("de") stays bare: Intl formats it by that language's defaults.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined, override?: string | null, fallback = DEFAULT_LOCALE): string {
  const chosen = canonicalLocale(override);
  if (chosen) return chosen;
  for (const range of parseAcceptLanguage(acceptLanguage)) {
    const locale = canonicalLocale(range);
    if (locale) return locale;
  }
  return fallback;
}

const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"]);
const RTL_SCRIPTS = new Set(["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"]);

/** "rtl" for Arabic, Hebrew, Persian, Urdu ... (by script when the tag names one). */
export function textDirection(locale: string): "ltr" | "rtl" {
  // Once per locale: maximizing a tag costs more than the rest of a slot read's labels.
  return remember(directions, locale, () => directionOf(locale));
}

function directionOf(locale: string): "ltr" | "rtl" {
  try {
    const maximized = new Intl.Locale(locale).maximize();
    if (maximized.script) return RTL_SCRIPTS.has(maximized.script) ? "rtl" : "ltr";
    return RTL_LANGUAGES.has(maximized.language) ? "rtl" : "ltr";
  } catch {
    return "ltr";
  }
}

/** Whether the locale writes times on a 12-hour clock (3:15 PM) or a 24-hour one (15:15). */
export function uses12HourClock(locale: string): boolean {
  const cycle = formatter(locale, "UTC", "time").resolvedOptions().hourCycle;
  return cycle === "h12" || cycle === "h11";
}

type Style = "dateTime" | "date" | "time" | "weekday" | "shortDate" | "dayMonth";

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  // The locale's own patterns: "3:15 PM" in the US, "00:15" in Germany.
  dateTime: { dateStyle: "full", timeStyle: "short" },
  date: { dateStyle: "full" },
  time: { timeStyle: "short" },
  weekday: { weekday: "long" },
  shortDate: { weekday: "short", day: "numeric", month: "short" },
  dayMonth: { day: "numeric", month: "long" },
};

const cache = new Map<string, Intl.DateTimeFormat>();
const numberCache = new Map<string, Intl.NumberFormat>();
const directions = new Map<string, "ltr" | "rtl">();
const MAX_CACHED = 500;

function remember<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (!value) {
    if (map.size >= MAX_CACHED) map.clear();
    value = make();
    map.set(key, value);
  }
  return value;
}

function formatter(locale: string, timeZone: string, style: Style): Intl.DateTimeFormat {
  return remember(cache, `${locale}|${timeZone}|${style}`, () => new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone }));
}

export type LocaleFormat = {
  locale: string;
  dir: "ltr" | "rtl";
  /** "Tuesday, December 1, 2026 at 3:15 PM" / "Dienstag, 1. Dezember 2026 um 15:15" */
  dateTime(instant: number, timeZone: string): string;
  /** "Tuesday, December 1, 2026" */
  date(instant: number, timeZone: string): string;
  /** "3:15 PM" / "15:15" */
  time(instant: number, timeZone: string): string;
  /** "Tuesday, December 1, 2026, 3:15 – 3:30 PM": one consultation, start to end. */
  slot(startsAt: number, endsAt: number, timeZone: string): string;
  /** "Tue, Dec 1" */
  shortDate(instant: number, timeZone: string): string;
  /** A wall-clock time, minutes after midnight: "3:15 PM" / "15:15" (a slot's label). */
  clock(minutesOfDay: number): string;
  /** A calendar date "YYYY-MM-DD" as a day heading: "Tue 1 Dec" / "Di., 1. Dez." */
  dayHeading(isoDate: string): string;
  weekday(instant: number, timeZone: string): string;
  number(value: number): string;
  /** An amount in the currency's minor unit (pence, cents; yen have none). */
  money(minor: number, currency: string): string;
};

const formats = new Map<string, LocaleFormat>();
const MINUTES_PER_DAY = 24 * 60;

// A week of slots has up to 180 labels, and a time of day reads the same on
// every date: each locale formats each minute once (a fixed date in UTC).
function clockLabels(locale: string): (minutesOfDay: number) => string {
  const labels: string[] = [];
  return (minutesOfDay) => {
    const minute = ((Math.floor(minutesOfDay) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    return (labels[minute] ??= formatter(locale, "UTC", "time").format(Date.UTC(2000, 0, 1, 0, minute)));
  };
}

/** Every formatter for one locale (cached; cheap to call per request). */
export function localeFormat(locale: string): LocaleFormat {
  return remember(formats, locale, () => {
    const slotFormatter = (timeZone: string) =>
      formatter(locale, timeZone, "dateTime") as Intl.DateTimeFormat & { formatRange?: (a: number, b: number) => string };
    return {
      locale,
      dir: textDirection(locale),
      dateTime: (instant, timeZone) => formatter(locale, timeZone, "dateTime").format(instant),
      date: (instant, timeZone) => formatter(locale, timeZone, "date").format(instant),
      time: (instant, timeZone) => formatter(locale, timeZone, "time").format(instant),
      slot: (startsAt, endsAt, timeZone) => {
        const f = slotFormatter(timeZone);
        return f.formatRange ? f.formatRange(startsAt, endsAt) : `${f.format(startsAt)} – ${formatter(locale, timeZone, "time").format(endsAt)}`;
      },
      shortDate: (instant, timeZone) => formatter(locale, timeZone, "shortDate").format(instant),
      clock: clockLabels(locale),
      // Formatted at noon UTC, so the calendar date stays the same day.
      dayHeading: (isoDate) => {
        const [y, m, d] = isoDate.split("-").map(Number);
        return formatter(locale, "UTC", "shortDate").format(Date.UTC(y, m - 1, d, 12));
      },
      weekday: (instant, timeZone) => formatter(locale, timeZone, "weekday").format(instant),
      number: (value) => remember(numberCache, `${locale}|number`, () => new Intl.NumberFormat(locale)).format(value),
      money: (minor, currency) => {
        const f = remember(numberCache, `${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency }));
        const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
        return f.format(minor / 10 ** digits);
      },
    };
  });
}
