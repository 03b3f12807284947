import { DEFAULT_LOCALE, localeFormat } from "~/domain/locale";

/** "Tuesday, 1 December 2026, 15:00–15:15 (Europe/London)"; "Tuesday, December 1, 2026, 3:00 – 3:15 PM (...)" for en-US. */
export function formatSlot(startsAt: number, endsAt: number, timeZone: string, locale: string = DEFAULT_LOCALE): string {
  return `${localeFormat(locale).slot(startsAt, endsAt, timeZone)} (${timeZone})`;
}

/**
 * The client sees their own time first; the studio's time is added so both
 * sides can quote the same slot on the phone. One line when the zones match.
 * Both follow the client's locale: the email is theirs.
 */
export function slotLines(c: {
  startsAt: number;
  endsAt: number;
  clientTimeZone: string;
  studioTimeZone: string;
  locale?: string;
}): { label: string; value: string }[] {
  const yours = { label: "Your time", value: formatSlot(c.startsAt, c.endsAt, c.clientTimeZone, c.locale) };
  if (c.clientTimeZone === c.studioTimeZone) return [yours];
  return [yours, { label: "Studio time", value: formatSlot(c.startsAt, c.endsAt, c.studioTimeZone, c.locale) }];
}
