import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDaysToIsoDate, isoWeekday } from "~/domain/calendar-date";
import { DEFAULT_WORKDAYS, addWorkingDays, closedWorkingDates, deliveryDate, studioDateOf } from "~/domain/working-days";

const weekdays = { timeZone: "Europe/London", workdays: DEFAULT_WORKDAYS };

describe("studioDateOf", () => {
  it("gives the studio's calendar date, not UTC's", () => {
    expect(studioDateOf(Date.parse("2027-03-05T23:30:00Z"), "Europe/London")).toBe("2027-03-05");
    expect(studioDateOf(Date.parse("2027-03-05T23:30:00Z"), "Pacific/Auckland")).toBe("2027-03-06");
    expect(studioDateOf(Date.parse("2027-03-06T03:30:00Z"), "America/Los_Angeles")).toBe("2027-03-05");
  });
});

describe("addWorkingDays", () => {
  it.each([
    ["2027-03-01", 1, "2027-03-02"], // Mon + 1 = Tue
    ["2027-03-05", 1, "2027-03-08"], // Fri + 1 = Mon
    ["2027-03-06", 1, "2027-03-08"], // Sat + 1 = Mon
    ["2027-03-01", 5, "2027-03-08"], // a working week
    ["2027-03-01", 0, "2027-03-01"],
    ["2027-12-31", 1, "2028-01-03"], // across the year
  ])("%s + %i working days = %s", (date, days, expected) => {
    expect(addWorkingDays(date, days, DEFAULT_WORKDAYS)).toBe(expected);
  });

  it("follows the studio's own working week and closures", () => {
    expect(addWorkingDays("2027-03-05", 1, [1, 2, 3, 4, 5, 6])).toBe("2027-03-06"); // works Saturdays
    expect(addWorkingDays("2027-03-07", 1, [7, 1, 2, 3, 4])).toBe("2027-03-08"); // Sun–Thu week
    expect(addWorkingDays("2027-03-04", 1, [7, 1, 2, 3, 4])).toBe("2027-03-07");
    expect(addWorkingDays("2027-12-23", 2, DEFAULT_WORKDAYS, new Set(["2027-12-24", "2027-12-27", "2027-12-28"]))).toBe("2027-12-30");
  });

  it("refuses nonsense instead of looping", () => {
    expect(() => addWorkingDays("2027-02-30", 1, DEFAULT_WORKDAYS)).toThrow(RangeError);
    expect(() => addWorkingDays("2027-03-01", -1, DEFAULT_WORKDAYS)).toThrow(RangeError);
    expect(() => addWorkingDays("2027-03-01", 1.5, DEFAULT_WORKDAYS)).toThrow(RangeError);
    expect(() => addWorkingDays("2027-03-01", 1, [])).toThrow(RangeError);
    expect(() => addWorkingDays("2027-03-01", 1, [1], new Set(Array.from({ length: 600 }, (_, i) => addDaysToIsoDate("2027-03-01", i * 7)))))
      .toThrow(RangeError);
  });

  it("lands on a working day, after the start, with exactly `days` working days in between", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }).map((n) => addDaysToIsoDate("2026-01-01", n)),
        fc.integer({ min: 1, max: 60 }),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        (date, days, workdays) => {
          const due = addWorkingDays(date, days, workdays);
          expect(workdays).toContain(isoWeekday(due));
          let counted = 0;
          for (let d = addDaysToIsoDate(date, 1); d <= due; d = addDaysToIsoDate(d, 1)) if (workdays.includes(isoWeekday(d))) counted++;
          expect(counted).toBe(days);
        },
      ),
    );
  });
});

describe("deliveryDate: the day the files arrive does not count", () => {
  it("Monday morning and Monday night both start the count on Tuesday", () => {
    expect(deliveryDate(Date.parse("2027-03-01T09:00:00Z"), 1, weekdays)).toBe("2027-03-02");
    expect(deliveryDate(Date.parse("2027-03-01T23:59:00Z"), 1, weekdays)).toBe("2027-03-02");
  });

  it("Friday evening in the studio counts from Monday, even when it is already Saturday in UTC", () => {
    const studio = { timeZone: "America/New_York", workdays: DEFAULT_WORKDAYS };
    const fridayEvening = Date.parse("2027-03-06T02:00:00Z"); // Fri 5 March 21:00 in New York
    expect(deliveryDate(fridayEvening, 1, studio)).toBe("2027-03-08");
    expect(deliveryDate(fridayEvening, 3, studio)).toBe("2027-03-10");
  });

  it("files arriving at the weekend start on Monday", () => {
    expect(deliveryDate(Date.parse("2027-03-06T12:00:00Z"), 7, weekdays)).toBe("2027-03-16"); // Mon 8 … Fri 12, Mon 15, Tue 16;
  });

  it("uses the studio's date across a DST change (London, last Sunday of March 2027)", () => {
    // 00:30 on Monday 29 March in London is 23:30 UTC on Sunday 28 March (BST began that morning).
    expect(deliveryDate(Date.parse("2027-03-28T23:30:00Z"), 1, weekdays)).toBe("2027-03-30");
    // …and before the change, 00:30 Monday 22 March in London is 00:30 UTC.
    expect(deliveryDate(Date.parse("2027-03-22T00:30:00Z"), 1, weekdays)).toBe("2027-03-23");
  });

  it("works for a zone far from UTC (Auckland, +13 in its summer)", () => {
    const auckland = { timeZone: "Pacific/Auckland", workdays: DEFAULT_WORKDAYS };
    // Sunday 14 March 2027 20:00 UTC is Monday 15 March 09:00 in Auckland.
    expect(deliveryDate(Date.parse("2027-03-14T20:00:00Z"), 1, auckland)).toBe("2027-03-16");
    // Friday 12 March 2027 11:30 UTC is Saturday 00:30 in Auckland: counts from Monday.
    expect(deliveryDate(Date.parse("2027-03-12T11:30:00Z"), 1, auckland)).toBe("2027-03-15");
  });
});

describe("closedWorkingDates: the days a closure takes out of a turnaround", () => {
  const hours = { timeZone: "Europe/London", dayStartMinutes: 10 * 60, dayEndMinutes: 19 * 60 };
  const at = (iso: string) => Date.parse(iso);

  it("takes every date of a whole-day closure, in the studio's zone", () => {
    // 24–26 December 2027 (winter: London is UTC), entered as whole days.
    const closed = closedWorkingDates([{ start: at("2027-12-24T00:00:00Z"), end: at("2027-12-27T00:00:00Z") }], hours);
    expect([...closed].sort()).toEqual(["2027-12-24", "2027-12-25", "2027-12-26"]);
  });

  it("takes a day closed for all its opening hours, but not one closed for a session", () => {
    const closed = closedWorkingDates(
      [
        { start: at("2027-07-05T08:00:00Z"), end: at("2027-07-05T18:00:00Z") }, // 09:00–19:00 BST: the whole day
        { start: at("2027-07-06T12:00:00Z"), end: at("2027-07-06T15:00:00Z") }, // 13:00–16:00 BST: a session
      ],
      hours,
    );
    expect([...closed]).toEqual(["2027-07-05"]);
  });

  it("reads the dates in the studio's zone, not UTC's", () => {
    const auckland = { ...hours, timeZone: "Pacific/Auckland" };
    // 8 March 2027 in Auckland (UTC+13) is 7 March 11:00 UTC to 8 March 11:00 UTC.
    const closed = closedWorkingDates([{ start: at("2027-03-07T11:00:00Z"), end: at("2027-03-08T11:00:00Z") }], auckland);
    expect([...closed]).toEqual(["2027-03-08"]);
  });

  it("pushes a delivery past a closure like a weekend", () => {
    const closedDates = closedWorkingDates([{ start: at("2027-12-24T00:00:00Z"), end: at("2027-12-29T00:00:00Z") }], hours);
    // Files on Thursday 23 December, 2 working days: 24, 27, 28 closed, so 29 and 30.
    expect(deliveryDate(at("2027-12-23T15:00:00Z"), 2, { ...weekdays, closedDates })).toBe("2027-12-30");
  });

  it("only ever names dates inside a closure", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2026-01-01"), max: Date.parse("2030-01-01") }), fc.integer({ min: 1, max: 40 * 86_400_000 }), (start, length) => {
        const closed = closedWorkingDates([{ start, end: start + length }], hours);
        return [...closed].every((date) => date >= studioDateOf(start, hours.timeZone) && date <= studioDateOf(start + length - 1, hours.timeZone));
      }),
    );
  });
});
