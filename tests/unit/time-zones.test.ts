import fc from "fast-check";
import { fromZonedTime } from "date-fns-tz";
import { describe, expect, it } from "vitest";
import { isoWeekday, shortWeekdayName } from "../../app/domain/calendar-date";
import {
  COMMON_TIME_ZONES,
  addDaysToIsoDate,
  formatInZone,
  instantAtWallClock,
  isIsoDate,
  isValidTimeZone,
  timeZoneOptions,
  utcOffsetMs,
  wallClockAt,
  zonedDate,
} from "../../app/domain/time-zones";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Zones whose rules stress the conversions: half- and quarter-hour offsets,
// 30-minute DST, DST changing at midnight, southern-hemisphere DST, Ramadan DST.
const TRICKY_ZONES = [
  "UTC",
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "America/St_Johns",
  "America/Santiago",
  "America/Havana",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tehran",
  "Africa/Casablanca",
  "Australia/Sydney",
  "Australia/Adelaide",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
] as const;

const intlFormatters = new Map<string, Intl.DateTimeFormat>();

/** Wall clock straight from Intl, independent of the code under test. */
function intlWallClock(instant: number, timeZone: string) {
  if (!intlFormatters.has(timeZone)) {
    const options = { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" } as const;
    intlFormatters.set(timeZone, new Intl.DateTimeFormat("en-US", options));
  }
  const parts = intlFormatters.get(timeZone)!.formatToParts(instant);
  const field = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${field("year")}-${field("month")}-${field("day")}`, time: `${field("hour")}:${field("minute")}` };
}

describe("isValidTimeZone", () => {
  it.each(["UTC", "Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe", "Etc/GMT+5"])("accepts %s", (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(["", "Foo/Bar", "Europe/Atlantis", "not a zone", "10:00"])("rejects %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe("COMMON_TIME_ZONES", () => {
  it("are all valid, unique, and cover the zones customers most often pick", () => {
    expect(COMMON_TIME_ZONES.every(isValidTimeZone)).toBe(true);
    expect(new Set(COMMON_TIME_ZONES).size).toBe(COMMON_TIME_ZONES.length);
    expect(COMMON_TIME_ZONES.length).toBeGreaterThanOrEqual(35);
    for (const zone of ["America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Kolkata"]) {
      expect(COMMON_TIME_ZONES).toContain(zone);
    }
    for (const zone of ["Asia/Kathmandu", "Australia/Sydney", "Australia/Adelaide", "Asia/Tokyo", "UTC"]) {
      expect(COMMON_TIME_ZONES).toContain(zone);
    }
  });
});

describe("timeZoneOptions", () => {
  const winter = Date.parse("2026-01-15T12:00:00Z");
  const summer = Date.parse("2026-07-15T12:00:00Z");

  it("labels each zone with its current UTC offset", () => {
    const labelOf = (zone: string, now: number) => timeZoneOptions([], now).find((o) => o.value === zone)?.label;
    expect(labelOf("Asia/Kathmandu", winter)).toBe("(UTC+05:45) Asia/Kathmandu");
    expect(labelOf("Asia/Kolkata", winter)).toBe("(UTC+05:30) Asia/Kolkata");
    expect(labelOf("UTC", winter)).toBe("(UTC+00:00) UTC");
    expect(labelOf("America/New_York", winter)).toBe("(UTC-05:00) America/New_York");
    expect(labelOf("America/New_York", summer)).toBe("(UTC-04:00) America/New_York");
    expect(labelOf("America/St_Johns", winter)).toBe("(UTC-03:30) America/St_Johns");
    expect(labelOf("Australia/Adelaide", winter)).toBe("(UTC+10:30) Australia/Adelaide");
  });

  it("adds the studio's and the client's zones when they are not common, once each, and drops invalid ones", () => {
    const options = timeZoneOptions(["Pacific/Chatham", "America/Caracas", "Europe/London", "Foo/Bar", "Pacific/Chatham"], winter);
    const values = options.map((o) => o.value);
    expect(values).toContain("Pacific/Chatham");
    expect(values).toContain("America/Caracas");
    expect(values).not.toContain("Foo/Bar");
    expect(new Set(values).size).toBe(values.length);
    expect(values.length).toBe(COMMON_TIME_ZONES.length + 2);
  });

  it("orders zones west to east, then by name", () => {
    const values = timeZoneOptions(["Asia/Calcutta"], winter).map((o) => o.value);
    const offsets = values.map((zone) => utcOffsetMs(winter, zone));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(values.indexOf("Asia/Calcutta")).toBe(values.indexOf("Asia/Kolkata") - 1);
    expect(values[0]).toBe("Pacific/Honolulu");
    expect(values.at(-1)).toBe("Pacific/Auckland");
  });
});

describe("isIsoDate", () => {
  it.each(["2026-01-01", "2026-02-28", "2028-02-29", "2000-02-29", "2026-12-31"])("accepts %s", (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each(["2026-02-30", "2026-02-29", "2100-02-29", "2026-1-1", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-01-01T00:00", " 2026-01-01", ""])(
    "rejects %j",
    (date) => {
      expect(isIsoDate(date)).toBe(false);
    },
  );
});

describe("addDaysToIsoDate", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-03-08", 1, "2026-03-09"],
    ["2026-10-25", 1, "2026-10-26"],
    ["2026-01-01", 365, "2027-01-01"],
    ["2026-05-15", 0, "2026-05-15"],
  ] as const)("%s %+d days is %s", (date, days, expected) => {
    expect(addDaysToIsoDate(date, days)).toBe(expected);
  });

  it("is undone by adding the opposite number of days, and whole weeks keep the weekday", () => {
    const isoDates = fc.date({ min: new Date("1970-01-01"), max: new Date("2200-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -5000, max: 5000 }), (date, days) => {
        const moved = addDaysToIsoDate(date, days);
        expect(isIsoDate(moved)).toBe(true);
        expect(addDaysToIsoDate(moved, -days)).toBe(date);
        expect(isoWeekday(addDaysToIsoDate(date, days * 7))).toBe(isoWeekday(date));
      }),
    );
  });

  it("refuses malformed dates and fractional days", () => {
    expect(() => addDaysToIsoDate("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDaysToIsoDate("2026-02-01", 0.5)).toThrow(RangeError);
  });
});

describe("weekdays", () => {
  it("are ISO numbered and named in English", () => {
    expect(isoWeekday("2026-12-07")).toBe(1);
    expect(isoWeekday("2026-12-13")).toBe(7);
    expect(["2026-12-07", "2026-12-08", "2026-12-12", "2026-12-13"].map(shortWeekdayName)).toEqual(["Mon", "Tue", "Sat", "Sun"]);
  });
});

describe("zonedDate and wallClockAt", () => {
  it("give the date and time a local clock shows", () => {
    const instant = Date.parse("2026-12-07T18:30:00Z");
    expect(zonedDate(instant, "Europe/London")).toBe("2026-12-07");
    expect(zonedDate(instant, "Asia/Kathmandu")).toBe("2026-12-08");
    expect(wallClockAt(instant, "Asia/Kathmandu")).toEqual({ date: "2026-12-08", minutesOfDay: 15 });
    expect(wallClockAt(instant, "America/Los_Angeles")).toEqual({ date: "2026-12-07", minutesOfDay: 10 * 60 + 30 });
  });

  it("agree with Intl for any instant and zone", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1990-01-01"), max: Date.parse("2060-01-01") }), fc.constantFrom(...TRICKY_ZONES), (instant, zone) => {
        const { date, minutesOfDay } = wallClockAt(instant, zone);
        const expected = intlWallClock(instant, zone);
        expect(date).toBe(expected.date);
        expect(minutesOfDay).toBe(Number(expected.time.slice(0, 2)) * 60 + Number(expected.time.slice(3)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("utcOffsetMs", () => {
  it("switches at the exact instant the clocks change", () => {
    const change = Date.parse("2026-03-08T07:00:00Z"); // 02:00 EST becomes 03:00 EDT
    expect(utcOffsetMs(change - 1, "America/New_York")).toBe(-5 * HOUR);
    expect(utcOffsetMs(change, "America/New_York")).toBe(-4 * HOUR);
    // Lord Howe moves its clocks by half an hour, 02:00 -> 02:30 local.
    expect(utcOffsetMs(Date.parse("2026-10-03T15:29:59.999Z"), "Australia/Lord_Howe")).toBe(10.5 * HOUR);
    expect(utcOffsetMs(Date.parse("2026-10-03T15:30:00Z"), "Australia/Lord_Howe")).toBe(11 * HOUR);
  });

  it("agrees with Intl around clock changes and at random times", () => {
    const changes: [string, string][] = [
      ["America/New_York", "2026-03-08T07:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
      ["Europe/London", "2026-03-29T01:00:00Z"],
      ["Europe/London", "2026-10-25T01:00:00Z"],
      ["Australia/Sydney", "2026-04-04T16:00:00Z"],
      ["Australia/Sydney", "2026-10-03T16:00:00Z"],
      ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
      ["America/Santiago", "2026-09-06T04:00:00Z"],
      ["Pacific/Chatham", "2026-04-04T14:00:00Z"],
    ];
    const zonesWithWindows = fc.oneof(
      fc.tuple(fc.constantFrom(...changes), fc.integer({ min: 0, max: 2 * DAY })).map(([[zone, change], lead]) => [zone, Date.parse(change) - lead] as const),
      fc.tuple(fc.constantFrom(...TRICKY_ZONES), fc.integer({ min: Date.parse("2024-01-01"), max: Date.parse("2028-01-01") })),
    );
    fc.assert(
      fc.property(zonesWithWindows, ([zone, around]) => {
        for (let instant = around; instant < around + 2 * DAY; instant += 13 * 60 * 1000) {
          const { date, time } = intlWallClock(instant, zone);
          const intlWallAsUtc = Date.parse(`${date}T${time}:00Z`);
          expect(utcOffsetMs(instant, zone)).toBe(intlWallAsUtc - (instant - (instant % 60000)));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("instantAtWallClock", () => {
  it.each([
    ["2026-03-06", "10:00", "America/New_York", "2026-03-06T15:00:00.000Z"],
    ["2026-03-09", "10:00", "America/New_York", "2026-03-09T14:00:00.000Z"],
    ["2026-03-30", "10:00", "Europe/London", "2026-03-30T09:00:00.000Z"],
    ["2026-04-06", "10:00", "Australia/Sydney", "2026-04-06T00:00:00.000Z"],
    ["2026-12-07", "15:45", "Asia/Kathmandu", "2026-12-07T10:00:00.000Z"],
    ["2026-09-06", "01:00", "America/Santiago", "2026-09-06T04:00:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, expected) => {
    const instant = instantAtWallClock(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), zone);
    expect(new Date(instant!).toISOString()).toBe(expected);
  });

  it.each([
    ["2026-03-08", 2 * 60 + 30, "America/New_York"],
    ["2026-03-29", 60 + 15, "Europe/London"],
    ["2026-10-04", 2 * 60, "Australia/Sydney"],
    ["2026-10-04", 2 * 60 + 15, "Australia/Lord_Howe"],
    ["2026-09-06", 0, "America/Santiago"],
  ] as const)("is null for a wall time DST skips (%s minute %d in %s)", (date, minutes, zone) => {
    expect(instantAtWallClock(date, minutes, zone)).toBeNull();
  });

  it("takes the first of a wall time DST repeats", () => {
    expect(new Date(instantAtWallClock("2026-11-01", 90, "America/New_York")!).toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(new Date(instantAtWallClock("2026-10-25", 90, "Europe/London")!).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(instantAtWallClock("2026-04-05", 150, "Australia/Sydney")!).toISOString()).toBe("2026-04-04T15:30:00.000Z");
  });

  it("round-trips every wall time that exists, and agrees with date-fns-tz where the wall time is unambiguous", () => {
    const changeDays = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-09-06", "2026-10-04", "2026-10-25", "2026-11-01"];
    const dates = fc.oneof(
      fc.constantFrom(...changeDays),
      fc.date({ min: new Date("2000-01-01"), max: new Date("2050-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 1439 }), fc.constantFrom(...TRICKY_ZONES), (date, minutes, zone) => {
        const instant = instantAtWallClock(date, minutes, zone);
        if (instant === null) {
          // Skipped: no instant within a day either side shows this wall time.
          const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + minutes * 60000;
          for (let t = wallAsUtc - DAY; t <= wallAsUtc + DAY; t += 60000) expect(wallClockAt(t, zone)).not.toEqual({ date, minutesOfDay: minutes });
          return;
        }
        expect(wallClockAt(instant, zone)).toEqual({ date, minutesOfDay: minutes });
        // No earlier instant shows it too.
        expect(wallClockAt(instant - HOUR, zone)).not.toEqual({ date, minutesOfDay: minutes });
        expect(wallClockAt(instant - HOUR / 2, zone)).not.toEqual({ date, minutesOfDay: minutes });
        const unambiguous = utcOffsetMs(instant - DAY, zone) === utcOffsetMs(instant + DAY, zone);
        if (unambiguous) {
          const wall = `${date}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00`;
          expect(fromZonedTime(wall, zone).getTime()).toBe(instant);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatInZone", () => {
  it("formats in the given zone with date-fns patterns", () => {
    const instant = Date.parse("2026-12-07T18:30:00Z");
    expect(formatInZone(instant, "Asia/Kathmandu", "EEE d MMM yyyy, HH:mm")).toBe("Tue 8 Dec 2026, 00:15");
    expect(formatInZone(instant, "America/New_York", "yyyy-MM-dd HH:mm XXX")).toBe("2026-12-07 13:30 -05:00");
  });
});
