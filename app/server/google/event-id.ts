const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/;

/**
 * Google Calendar event ids may use only base32hex characters (a-v, 0-9),
 * 5–1024 long. Deriving the id from the consultation makes inserts idempotent:
 * a retried insert hits 409 instead of creating a duplicate event.
 *
 * A uuid's hex digits are already base32hex, so "c" + hex (33 chars) is enough.
 * Any other id is hex-encoded byte by byte under a different prefix, so the two
 * forms can never collide.
 */
export function calendarEventIdFor(consultationId: string): string {
  const normalized = consultationId.trim().toLowerCase();
  if (UUID.test(normalized)) return `c${normalized.replace(/-/g, "")}`;
  const hex = Array.from(new TextEncoder().encode(consultationId), (b) => b.toString(16).padStart(2, "0")).join("");
  return `d${hex}`.padEnd(5, "0").slice(0, 1024);
}

export function isValidCalendarEventId(id: string): boolean {
  return /^[a-v0-9]{5,1024}$/.test(id);
}
