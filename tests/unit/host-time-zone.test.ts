import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_BOOKING_RULES, checkSlot, listAvailability, nearestFreeSlots, type BookingRules } from "../../app/domain/slots";
import { instantAtWallClock, wallClockAt } from "../../app/domain/time-zones";

// Workers run in UTC, but developers' machines and CI runners may not. Node
// applies a change to process.env.TZ immediately, so each host zone can be
// tried within one test.

const HOST_ZONES = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago"];
const originalHostZone = process.env.TZ;

afterEach(() => {
  if (originalHostZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalHostZone;
});

function onEachHost<T>(compute: () => T): Map<string, T> {
  const results = new Map<string, T>();
  for (const zone of HOST_ZONES) {
    process.env.TZ = zone;
    results.set(zone, compute());
  }
  return results;
}

describe("the machine's own time zone", () => {
  it("really changes between hosts here, or this file would prove nothing", () => {
    const localOffsets = onEachHost(() => ["2026-01-15", "2026-07-15"].map((date) => new Date(date).getTimezoneOffset()).join("/"));
    expect(new Set(localOffsets.values()).size).toBe(HOST_ZONES.length);
  });

  it("does not change the slots, labels or grouping around DST changes", () => {
    const roundTheClock: BookingRules = { ...DEFAULT_BOOKING_RULES, studioTimeZone: "America/New_York", dayStartMinutes: 0, dayEndMinutes: 1440, workdays: [1, 2, 3, 4, 5, 6, 7] };
    const results = onEachHost(() => ({
      newYork: listAvailability({
        rules: roundTheClock,
        now: Date.parse("2026-02-28T00:00:00Z"),
        clientTimeZone: "Europe/London",
        from: "2026-03-07",
        days: 4,
        bookings: [],
        busy: [],
        closures: [],
      }),
      newYorkFallBack: listAvailability({
        rules: roundTheClock,
        now: Date.parse("2026-10-28T00:00:00Z"),
        clientTimeZone: "America/New_York",
        from: "2026-10-31",
        days: 3,
        bookings: [],
        busy: [],
        closures: [],
      }),
      london: listAvailability({
        rules: DEFAULT_BOOKING_RULES,
        now: Date.parse("2026-03-20T00:00:00Z"),
        clientTimeZone: "Australia/Lord_Howe",
        from: "2026-03-25",
        days: 10,
        bookings: [],
        busy: [],
        closures: [],
      }),
      secondOneAm: checkSlot({ rules: roundTheClock, now: Date.parse("2026-10-28T00:00:00Z"), startsAt: Date.parse("2026-11-01T06:00:00Z"), bookings: [], busy: [], closures: [] }),
      nearest: nearestFreeSlots({
        rules: roundTheClock,
        now: Date.parse("2026-10-28T00:00:00Z"),
        clientTimeZone: "America/Santiago",
        around: Date.parse("2026-11-01T06:10:00Z"),
        count: 6,
        bookings: [],
        busy: [],
        closures: [],
      }),
      repeatedWallTime: instantAtWallClock("2026-10-25", 90, "Europe/London"),
      skippedWallTime: instantAtWallClock("2026-09-06", 0, "America/Santiago"),
    }));
    const expected = results.get("UTC");
    for (const [host, result] of results) expect({ host, result }).toEqual({ host, result: expected });
    expect(expected!.secondOneAm).toEqual({ ok: false, reason: "not_offered" });
    expect(expected!.repeatedWallTime).toBe(Date.parse("2026-10-25T00:30:00Z"));
    expect(expected!.skippedWallTime).toBeNull();
  });

  it("does not shift a label that falls in the host's own DST gap", () => {
    // 02:30 on 2026-03-08 does not exist in New York, but it does in UTC.
    process.env.TZ = "America/New_York";
    expect(wallClockAt(Date.parse("2026-03-08T02:30:00Z"), "UTC")).toEqual({ date: "2026-03-08", minutesOfDay: 150 });
    const rules: BookingRules = { ...DEFAULT_BOOKING_RULES, studioTimeZone: "UTC", dayStartMinutes: 0, workdays: [7] };
    const { days } = listAvailability({ rules, now: Date.parse("2026-03-01T00:00:00Z"), clientTimeZone: "UTC", from: "2026-03-08", days: 1, bookings: [], busy: [], closures: [] });
    expect(days[0].slots.map((slot) => slot.label)).toContain("02:30");
    expect(days[0].slots.find((slot) => slot.label === "02:30")?.startsAt).toBe("2026-03-08T02:30:00.000Z");
  });
});
