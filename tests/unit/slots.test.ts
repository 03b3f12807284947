import { describe, expect, it } from "vitest";
import {
  DEFAULT_BOOKING_RULES,
  candidateSlotsForStudioDate,
  checkSlot,
  listAvailability,
  nearestFreeSlots,
  overlaps,
  type AvailabilityInput,
  type BookingRules,
  type DayAvailability,
  type Interval,
} from "../../app/domain/slots";

// The studio is in Europe/London and it is winter, so studio time is UTC:
// "2026-12-07T10:00:00Z" reads as Monday 10:00 at the studio.
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const MONDAY = "2026-12-07";
const at = (iso: string) => Date.parse(iso);
const mondayAt = (time: string) => at(`${MONDAY}T${time}:00Z`);
const block = (from: string, to: string): Interval => ({ start: mondayAt(from), end: mondayAt(to) });

const baseInput: AvailabilityInput = {
  rules: DEFAULT_BOOKING_RULES,
  now: at("2026-12-01T09:00:00Z"),
  clientTimeZone: "Europe/London",
  from: MONDAY,
  days: 1,
  bookings: [],
  busy: [],
  closures: [],
};

function availability(overrides: Partial<AvailabilityInput> = {}) {
  return listAvailability({ ...baseInput, ...overrides });
}

function monday(overrides: Partial<AvailabilityInput> = {}): DayAvailability {
  const { days } = availability({ ...overrides, from: MONDAY, days: 1 });
  expect(days).toHaveLength(1);
  return days[0];
}

const labels = (day: DayAvailability) => day.slots.map((slot) => slot.label);

function check(startsAt: number, overrides: Partial<AvailabilityInput> = {}) {
  const { rules, now, bookings, busy, closures } = { ...baseInput, ...overrides };
  return checkSlot({ rules, now, startsAt, bookings, busy, closures });
}

describe("default rules", () => {
  it("are 15-minute slots from 10:00 until 19:00 London time on weekdays, booked 2 h to 30 days ahead", () => {
    expect(DEFAULT_BOOKING_RULES).toEqual({
      studioTimeZone: "Europe/London",
      slotMinutes: 15,
      dayStartMinutes: 600,
      dayEndMinutes: 1140,
      workdays: [1, 2, 3, 4, 5],
      minNoticeMinutes: 120,
      horizonDays: 30,
    });
  });

  it("offer a winter Monday as 36 slots, the first at 10:00 and the last at 18:45", () => {
    const day = monday();
    expect(day).toMatchObject({ date: MONDAY, weekday: "Mon", reason: null });
    expect(day.slots).toHaveLength(36);
    expect(day.slots[0]).toEqual({
      startsAt: "2026-12-07T10:00:00.000Z",
      endsAt: "2026-12-07T10:15:00.000Z",
      label: "10:00",
      studioLabel: "10:00",
    });
    expect(day.slots.at(-1)).toMatchObject({ label: "18:45", endsAt: "2026-12-07T19:00:00.000Z" });
  });

  it("lay slots end to end without gaps", () => {
    const { slots } = monday();
    slots.slice(1).forEach((slot, i) => expect(slot.startsAt).toBe(slots[i].endsAt));
  });

  it("offer nothing on Saturday or Sunday, and say it is the weekend", () => {
    const { days } = availability({ from: "2026-12-05", days: 2 });
    expect(days.map((d) => [d.date, d.weekday, d.slots.length, d.reason])).toEqual([
      ["2026-12-05", "Sat", 0, "weekend"],
      ["2026-12-06", "Sun", 0, "weekend"],
    ]);
  });

  it("list a whole week day by day", () => {
    const { days } = availability({ days: 7 });
    expect(days.map((d) => d.date)).toEqual(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"]);
    expect(days.map((d) => d.weekday)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(days.map((d) => d.slots.length)).toEqual([36, 36, 36, 36, 36, 0, 0]);
  });

  it("label slots in the client's zone while keeping the studio's time alongside", () => {
    const first = monday({ clientTimeZone: "America/New_York" }).slots[0];
    expect(first).toMatchObject({ label: "05:00", studioLabel: "10:00", startsAt: "2026-12-07T10:00:00.000Z" });
  });
});

describe("custom rules", () => {
  const rules = (overrides: Partial<BookingRules>): BookingRules => ({ ...DEFAULT_BOOKING_RULES, ...overrides });

  it("follow the configured slot length and opening hours", () => {
    const day = monday({ rules: rules({ slotMinutes: 30, dayStartMinutes: 9 * 60, dayEndMinutes: 17 * 60 }) });
    expect(day.slots).toHaveLength(16);
    expect(labels(day)[0]).toBe("09:00");
    expect(labels(day).at(-1)).toBe("16:30");
  });

  it("leave out a last slot that would run past closing time", () => {
    const day = monday({ rules: rules({ dayEndMinutes: 10 * 60 + 40 }) });
    expect(labels(day)).toEqual(["10:00", "10:15"]);
  });

  it("can open on Saturday only", () => {
    const { days } = availability({ from: "2026-12-11", days: 2, rules: rules({ workdays: [6] }) });
    expect(days.map((d) => [d.weekday, d.slots.length, d.reason])).toEqual([
      ["Fri", 0, "weekend"],
      ["Sat", 36, null],
    ]);
  });

  it("are checked, so a mistyped zone or a zero slot length fails loudly", () => {
    expect(() => availability({ rules: rules({ studioTimeZone: "Europe/Londn" }) })).toThrow(RangeError);
    expect(() => availability({ rules: rules({ slotMinutes: 0 }) })).toThrow(RangeError);
    expect(() => availability({ rules: rules({ workdays: [0] }) })).toThrow(RangeError);
    expect(() => candidateSlotsForStudioDate(rules({ dayEndMinutes: 1500 }), MONDAY)).toThrow(RangeError);
  });
});

describe("requests", () => {
  it("return exactly the requested number of days, up to 62", () => {
    expect(availability({ days: 62 }).days).toHaveLength(62);
    expect(availability({ days: 62 }).days.at(-1)!.date).toBe("2027-02-06");
  });

  it.each([
    ["no days", { days: 0 }],
    ["too many days", { days: 63 }],
    ["a fractional day count", { days: 1.5 }],
    ["a malformed date", { from: "2026-12-7" }],
    ["an impossible date", { from: "2026-02-30" }],
    ["an unknown client zone", { clientTimeZone: "Mars/Olympus_Mons" }],
  ])("are refused for %s", (_, overrides) => {
    expect(() => availability(overrides)).toThrow(RangeError);
  });
});

describe("minimum notice", () => {
  it("hides slots starting within 2 hours: at 09:00 the first bookable slot is 11:00", () => {
    const now = mondayAt("09:00");
    const day = monday({ now });
    expect(labels(day)[0]).toBe("11:00");
    expect(day.slots).toHaveLength(32);
    expect(check(mondayAt("10:00"), { now })).toEqual({ ok: false, reason: "too_soon" });
    expect(check(mondayAt("10:45"), { now })).toEqual({ ok: false, reason: "too_soon" });
    expect(check(mondayAt("11:00"), { now })).toMatchObject({ ok: true });
  });

  it("treats a slot that has started as past, and one starting inside the notice as too soon", () => {
    const now = mondayAt("12:07");
    expect(labels(monday({ now }))[0]).toBe("14:15");
    expect(check(mondayAt("12:00"), { now })).toEqual({ ok: false, reason: "past" });
    expect(check(mondayAt("12:15"), { now })).toEqual({ ok: false, reason: "too_soon" });
    expect(check(mondayAt("14:00"), { now })).toEqual({ ok: false, reason: "too_soon" });
  });

  it("explains a day that is over as past", () => {
    expect(monday({ now: mondayAt("20:00") })).toMatchObject({ slots: [], reason: "past" });
  });

  it("explains a day wholly inside the notice as too soon", () => {
    const rules = { ...DEFAULT_BOOKING_RULES, minNoticeMinutes: 24 * 60 };
    expect(monday({ rules, now: at("2026-12-06T20:00:00Z") })).toMatchObject({ slots: [], reason: "too_soon" });
  });

  it("names the more common reason when a day is partly past and partly too soon", () => {
    expect(monday({ now: mondayAt("17:00") })).toMatchObject({ slots: [], reason: "past" });
  });

  it("with no notice, offers a slot starting this very millisecond", () => {
    const rules = { ...DEFAULT_BOOKING_RULES, minNoticeMinutes: 0 };
    expect(labels(monday({ rules, now: mondayAt("10:00") }))[0]).toBe("10:00");
    expect(labels(monday({ rules, now: mondayAt("10:00") + 1 }))[0]).toBe("10:15");
  });
});

describe("booking horizon", () => {
  const now = at("2026-12-01T12:00:00Z"); // the horizon ends 2026-12-31 12:00

  it("offers nothing more than 30 days ahead", () => {
    const { days } = availability({ now, from: "2027-01-01", days: 4 });
    expect(days.map((d) => [d.weekday, d.reason])).toEqual([
      ["Fri", "beyond_horizon"],
      ["Sat", "weekend"],
      ["Sun", "weekend"],
      ["Mon", "beyond_horizon"],
    ]);
  });

  it("offers only the part of the last day inside the horizon, up to a slot starting exactly at its end", () => {
    const { days } = availability({ now, from: "2026-12-31", days: 1 });
    expect(labels(days[0])).toEqual(["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45", "12:00"]);
    expect(check(at("2026-12-31T12:00:00Z"), { now })).toMatchObject({ ok: true });
    expect(check(at("2026-12-31T12:15:00Z"), { now })).toEqual({ ok: false, reason: "beyond_horizon" });
  });
});

describe("bookings, busy blocks and closures", () => {
  it("a booking removes only the slot it covers: 10:00-10:15 leaves 10:15 free", () => {
    const day = monday({ bookings: [block("10:00", "10:15")] });
    expect(labels(day).slice(0, 2)).toEqual(["10:15", "10:30"]);
    expect(day.slots).toHaveLength(35);
  });

  it("a busy block removes every slot it touches: 10:10-10:20 removes 10:00 and 10:15", () => {
    expect(labels(monday({ busy: [block("10:10", "10:20")] }))[0]).toBe("10:30");
  });

  it("a closure removes the slots inside it and no others", () => {
    const remaining = labels(monday({ closures: [block("12:00", "13:00")] }));
    expect(remaining).toContain("11:45");
    expect(remaining).toContain("13:00");
    expect(remaining.filter((label) => label >= "12:00" && label < "13:00")).toEqual([]);
    expect(remaining).toHaveLength(32);
  });

  it("a booking off the grid removes each slot it overlaps", () => {
    const remaining = labels(monday({ bookings: [block("10:05", "10:35")] }));
    expect(remaining.slice(0, 2)).toEqual(["10:45", "11:00"]);
  });

  it("blocks may arrive unsorted and overlapping one another", () => {
    const bookings = [block("15:00", "16:00"), block("10:00", "11:00"), block("10:30", "12:00"), block("15:30", "15:45")];
    const remaining = labels(monday({ bookings }));
    expect(remaining).toHaveLength(36 - 8 - 4);
    expect(remaining[0]).toBe("12:00");
    expect(remaining).not.toContain("15:45");
    expect(remaining).toContain("16:00");
  });

  it.each([
    ["bookings", "fully_booked"],
    ["busy", "studio_busy"],
    ["closures", "closed"],
  ] as const)("a day covered by %s is explained as %s", (kind, reason) => {
    expect(monday({ [kind]: [block("09:00", "20:00")] })).toMatchObject({ slots: [], reason });
  });

  it("names the reason covering most of a day's slots", () => {
    const closures = [block("10:00", "14:00")]; // 16 slots
    const bookings = [block("14:00", "19:00")]; // 20 slots
    expect(monday({ closures, bookings }).reason).toBe("fully_booked");
  });

  it("breaks a tie in favour of the reason checked first", () => {
    const closures = [block("10:00", "14:30")]; // 18 slots
    const busy = [block("14:30", "19:00")]; // 18 slots
    expect(monday({ closures, busy }).reason).toBe("closed");
  });

  it("counts a slot that is both closed and booked as closed", () => {
    expect(monday({ closures: [block("00:00", "23:59")], bookings: [block("00:00", "23:59")] }).reason).toBe("closed");
  });
});

describe("overlaps", () => {
  const interval = (start: number, end: number): Interval => ({ start, end });

  it("treats intervals as half-open, so touching intervals do not overlap", () => {
    expect(overlaps(interval(0, 10), interval(10, 20))).toBe(false);
    expect(overlaps(interval(10, 20), interval(0, 10))).toBe(false);
    expect(overlaps(interval(0, 10), interval(9, 20))).toBe(true);
    expect(overlaps(interval(0, 10), interval(2, 3))).toBe(true);
    expect(overlaps(interval(0, 10), interval(0, 10))).toBe(true);
    expect(overlaps(interval(0, 10), interval(20, 30))).toBe(false);
  });
});

describe("checkSlot", () => {
  it("accepts a free slot on the grid and returns its interval", () => {
    expect(check(mondayAt("14:30"))).toEqual({ ok: true, slot: { start: mondayAt("14:30"), end: mondayAt("14:45") } });
  });

  it("accepts the last slot, 18:45, but not 19:00", () => {
    expect(check(mondayAt("18:45"))).toMatchObject({ ok: true });
    expect(check(mondayAt("19:00"))).toEqual({ ok: false, reason: "not_offered" });
  });

  it.each(["10:07", "09:45", "09:00", "23:00", "00:00"])("refuses %s on a workday as not offered", (time) => {
    expect(check(mondayAt(time))).toEqual({ ok: false, reason: "not_offered" });
  });

  it("refuses a start a millisecond off the grid, and a start that is not a plausible time", () => {
    expect(check(mondayAt("10:00") + 1)).toEqual({ ok: false, reason: "not_offered" });
    for (const garbage of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15, -8.64e15]) expect(check(garbage)).toEqual({ ok: false, reason: "not_offered" });
  });

  it("refuses any time at the weekend as weekend", () => {
    expect(check(at("2026-12-05T10:00:00Z"))).toEqual({ ok: false, reason: "weekend" });
    expect(check(at("2026-12-06T13:07:00Z"))).toEqual({ ok: false, reason: "weekend" });
  });

  it.each([
    ["past", { now: mondayAt("12:00") }],
    ["too_soon", { now: mondayAt("09:00") }],
    ["beyond_horizon", { now: at("2026-11-01T12:00:00Z") }],
    ["closed", { closures: [block("09:00", "10:30")] }],
    ["studio_busy", { busy: [block("10:14", "10:16")] }],
    ["fully_booked", { bookings: [block("10:00", "10:15")] }],
  ] as const)("refuses the 10:00 slot as %s", (reason, overrides) => {
    expect(check(mondayAt("10:00"), overrides)).toEqual({ ok: false, reason });
  });

  it("reports why a slot can never be had before why it is taken", () => {
    const bookings = [block("10:00", "10:15")];
    expect(check(mondayAt("10:00"), { now: mondayAt("12:00"), bookings })).toEqual({ ok: false, reason: "past" });
    expect(check(mondayAt("10:00"), { closures: bookings, busy: bookings, bookings })).toEqual({ ok: false, reason: "closed" });
    expect(check(mondayAt("10:00"), { busy: bookings, bookings })).toEqual({ ok: false, reason: "studio_busy" });
  });
});

describe("nextAvailable", () => {
  it("is the first slot listed when the range has one", () => {
    const { days, nextAvailable } = availability({ days: 5, bookings: [block("10:00", "12:00")] });
    expect(nextAvailable).toEqual({ ...days[0].slots[0], when: "Monday, 7 December 2026 at 12:00" });
    expect(nextAvailable!.label).toBe("12:00");
  });

  it("looks past the requested range: a weekend points to Monday 10:00", () => {
    const { days, nextAvailable } = availability({ from: "2026-12-05", days: 2 });
    expect(days.every((d) => d.slots.length === 0)).toBe(true);
    expect(nextAvailable).toMatchObject({ startsAt: "2026-12-07T10:00:00.000Z", label: "10:00" });
  });

  it("skips days that are fully booked", () => {
    const bookings = [{ start: at("2026-12-07T00:00:00Z"), end: at("2026-12-09T00:00:00Z") }];
    expect(availability({ bookings }).nextAvailable?.startsAt).toBe("2026-12-09T10:00:00.000Z");
  });

  it("does not go back before the first requested date", () => {
    expect(availability({ from: "2026-12-09" }).nextAvailable?.startsAt).toBe("2026-12-09T10:00:00.000Z");
  });

  it("starts at the client's midnight, not the studio's", () => {
    // Tuesday 00:00 in Kathmandu is Monday 18:15 in London.
    const { nextAvailable } = availability({ from: "2026-12-08", clientTimeZone: "Asia/Kathmandu" });
    expect(nextAvailable).toMatchObject({ startsAt: "2026-12-07T18:15:00.000Z", label: "00:00", studioLabel: "18:15" });
  });

  it("from a date in the past, is the first slot after the notice period", () => {
    const now = mondayAt("13:00");
    const { days, nextAvailable } = availability({ now, from: "2026-12-01", days: 7 });
    expect(days.slice(0, 4).map((d) => d.reason)).toEqual(["past", "past", "past", "past"]);
    expect(nextAvailable?.startsAt).toBe("2026-12-07T15:00:00.000Z");
  });

  it("is null when everything within the horizon is taken", () => {
    const now = at("2026-12-01T09:00:00Z");
    const bookings = [{ start: now, end: now + 31 * 24 * HOUR }];
    expect(availability({ now, bookings, days: 3 }).nextAvailable).toBeNull();
  });

  it("is null when the requested range starts beyond the horizon", () => {
    expect(availability({ from: "2027-03-01" }).nextAvailable).toBeNull();
  });
});

describe("nearestFreeSlots", () => {
  const nearest = (around: number, count: number, overrides: Partial<AvailabilityInput> = {}) => {
    const { rules, now, clientTimeZone, bookings, busy, closures } = { ...baseInput, ...overrides };
    return nearestFreeSlots({ rules, now, clientTimeZone, bookings, busy, closures, around, count }).map((slot) => slot.startsAt.slice(0, 16));
  };

  it("offers the slots either side of one just taken, in time order", () => {
    const bookings = [block("14:00", "14:15")];
    expect(nearest(mondayAt("14:00"), 4, { bookings })).toEqual(["2026-12-07T13:30", "2026-12-07T13:45", "2026-12-07T14:15", "2026-12-07T14:30"]);
  });

  it("breaks ties between equally near slots in favour of the earlier one", () => {
    const bookings = [block("14:00", "14:15")];
    expect(nearest(mondayAt("14:00"), 3, { bookings })).toEqual(["2026-12-07T13:30", "2026-12-07T13:45", "2026-12-07T14:15"]);
  });

  it("skips other booked slots", () => {
    const bookings = [block("13:45", "14:30")];
    expect(nearest(mondayAt("14:00"), 2, { bookings })).toEqual(["2026-12-07T13:30", "2026-12-07T14:30"]);
  });

  it("never offers a past slot or one inside the notice period", () => {
    expect(nearest(mondayAt("13:30"), 3, { now: mondayAt("13:00") })).toEqual(["2026-12-07T15:00", "2026-12-07T15:15", "2026-12-07T15:30"]);
  });

  it("looks at neighbouring days when the day is full", () => {
    const bookings = [{ start: at("2026-12-11T00:00:00Z"), end: at("2026-12-12T00:00:00Z") }];
    expect(nearest(at("2026-12-11T15:00:00Z"), 2, { bookings })).toEqual(["2026-12-10T18:30", "2026-12-10T18:45"]);
  });

  it("looks across the weekend to whichever side is nearer", () => {
    expect(nearest(at("2026-12-05T12:00:00Z"), 2)).toEqual(["2026-12-04T18:30", "2026-12-04T18:45"]);
    expect(nearest(at("2026-12-06T20:00:00Z"), 2)).toEqual(["2026-12-07T10:00", "2026-12-07T10:15"]);
  });

  it("stays within the horizon", () => {
    const now = at("2026-12-01T12:00:00Z");
    expect(nearest(at("2027-02-01T12:00:00Z"), 2, { now })).toEqual(["2026-12-31T11:45", "2026-12-31T12:00"]);
    expect(nearest(Number.POSITIVE_INFINITY, 1, { now })).toEqual(["2026-12-31T12:00"]);
  });

  it("returns fewer when fewer are free, and none when none are asked for", () => {
    const now = at("2026-12-07T15:00:00Z");
    const rules = { ...DEFAULT_BOOKING_RULES, horizonDays: 0.25 }; // until 21:00, so 17:00-18:45
    expect(nearest(mondayAt("18:00"), 50, { now, rules })).toHaveLength(8);
    expect(nearest(mondayAt("18:00"), 0, { now, rules })).toEqual([]);
  });

  it("labels the alternatives in the client's zone", () => {
    const bookings = [block("14:00", "14:15")];
    const [slot] = nearestFreeSlots({ ...baseInput, clientTimeZone: "Asia/Kolkata", bookings, around: mondayAt("14:00"), count: 1 });
    expect(slot).toMatchObject({ startsAt: "2026-12-07T13:45:00.000Z", label: "19:15", studioLabel: "13:45" });
  });
});

describe("performance", () => {
  it("lists 31 days against 500 bookings quickly", () => {
    const now = at("2026-12-01T09:00:00Z");
    const bookings = Array.from({ length: 500 }, (_, i) => ({ start: now + i * 97 * MINUTE, end: now + i * 97 * MINUTE + 15 * MINUTE }));
    availability({ now, bookings, days: 31 }); // warm-up: creates the Intl formatters
    const started = performance.now();
    const { days } = availability({ now, bookings, days: 31, clientTimeZone: "Asia/Kathmandu" });
    expect(performance.now() - started).toBeLessThan(200);
    expect(days).toHaveLength(31);
  });
});
