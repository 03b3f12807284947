import type { ConsultationStatus } from "~/domain/consultation";
import { STATUS_LABELS } from "~/domain/status";
import { formatInZone } from "~/domain/time-zones";

// How the admin pages show instants: always in the studio's zone, which the
// pages name once near the top.

export function studioDateTime(instant: number, timeZone: string): string {
  return formatInZone(instant, timeZone, "EEE d MMM yyyy, HH:mm");
}

export function studioDate(instant: number, timeZone: string): string {
  return formatInZone(instant, timeZone, "EEE d MMM yyyy");
}

export function studioTime(instant: number, timeZone: string): string {
  return formatInZone(instant, timeZone, "HH:mm");
}

export function statusLabel(status: ConsultationStatus): string {
  return STATUS_LABELS[status];
}

export function percent(part: number, whole: number): string {
  if (whole === 0) return "–";
  return `${Math.round((part / whole) * 1000) / 10}%`;
}
