import { formatInTimeZone } from "date-fns-tz";

/** "Tuesday 1 December 2026, 15:00–15:15 (Europe/London)" */
export function formatSlot(startsAt: number, endsAt: number, timeZone: string): string {
  const day = formatInTimeZone(startsAt, timeZone, "EEEE d MMMM yyyy, HH:mm");
  const end = formatInTimeZone(endsAt, timeZone, "HH:mm");
  return `${day}–${end} (${timeZone})`;
}

/**
 * The client sees their own time first; the studio's time is added so both
 * sides can quote the same slot on the phone. One line when the zones match.
 */
export function slotLines(c: {
  startsAt: number;
  endsAt: number;
  clientTimeZone: string;
  studioTimeZone: string;
}): { label: string; value: string }[] {
  const yours = { label: "Your time", value: formatSlot(c.startsAt, c.endsAt, c.clientTimeZone) };
  if (c.clientTimeZone === c.studioTimeZone) return [yours];
  return [yours, { label: "Studio time", value: formatSlot(c.startsAt, c.endsAt, c.studioTimeZone) }];
}
