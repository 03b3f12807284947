import { formatInZone } from "~/domain/time-zones";

// "2026-12-01" -> "Tue 1 Dec". The date is a calendar date, so it is formatted
// at noon UTC to stay on the same day whatever zone the code runs in.
export function dayLabel(isoDate: string, pattern = "EEE d MMM"): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return formatInZone(Date.UTC(y, m - 1, d, 12), "UTC", pattern);
}

export function instantLabel(iso: string | number, timeZone: string): string {
  const instant = typeof iso === "number" ? iso : Date.parse(iso);
  return formatInZone(instant, timeZone, "EEEE d MMMM yyyy, HH:mm");
}
