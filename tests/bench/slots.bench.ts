import { bench, describe } from "vitest";
import { checkSlot, DEFAULT_BOOKING_RULES, listAvailability, nearestFreeSlots, type Interval } from "~/domain/slots";

// Slot generation cost for the booking page: a week and the whole horizon,
// with an empty and a busy studio (500 bookings, 100 busy blocks).
const rules = { ...DEFAULT_BOOKING_RULES, studioTimeZone: "America/New_York" };
const now = Date.parse("2026-12-01T12:00:00Z");
const quarter = 15 * 60_000;
const bookings: Interval[] = Array.from({ length: 500 }, (_, i) => {
  const start = now + 3 * 3600_000 + i * 4 * quarter;
  return { start, end: start + quarter };
});
const busy: Interval[] = Array.from({ length: 100 }, (_, i) => {
  const start = now + 5 * 3600_000 + i * 7 * 3600_000;
  return { start, end: start + 2 * 3600_000 };
});

describe("listAvailability", () => {
  bench("7 days, empty studio", () => {
    listAvailability({ rules, now, clientTimeZone: "Asia/Kathmandu", from: "2026-12-01", days: 7, bookings: [], busy: [], closures: [] });
  });
  bench("31 days, 500 bookings and 100 busy blocks", () => {
    listAvailability({ rules, now, clientTimeZone: "Asia/Kathmandu", from: "2026-12-01", days: 31, bookings, busy, closures: [] });
  });
});

describe("booking checks", () => {
  bench("checkSlot against 500 bookings", () => {
    checkSlot({ rules, now, startsAt: Date.parse("2026-12-08T15:00:00Z"), bookings, busy, closures: [] });
  });
  bench("nearestFreeSlots (3) around a taken slot", () => {
    nearestFreeSlots({ rules, now, clientTimeZone: "Europe/London", bookings, busy, closures: [], around: Date.parse("2026-12-08T15:00:00Z"), count: 3 });
  });
});
