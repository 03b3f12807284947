import { formatInZone } from "~/domain/time-zones";

// Admin pages write times the studio way, whatever the browser says.
export function instantLabel(iso: string | number, timeZone: string): string {
  const instant = typeof iso === "number" ? iso : Date.parse(iso);
  return formatInZone(instant, timeZone, "EEEE d MMMM yyyy, HH:mm");
}
