import { describe, expect, it } from "vitest";
import { DEFAULT_BOOKING_RULES, checkSlot, listAvailability, type AvailabilityInput, type BookingRules, type DayAvailability } from "../../app/domain/slots";

// Slot generation across DST changes and for clients far from the studio.

const HOUR = 60 * 60 * 1000;
const at = (iso: string) => Date.parse(iso);
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const ROUND_THE_CLOCK = { dayStartMinutes: 0, dayEndMinutes: 24 * 60, workdays: EVERY_DAY };

const STANDARD_LABELS = Array.from({ length: 36 }, (_, i) => {
  const minutes = 600 + 15 * i;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
});

function studioRules(studioTimeZone: string, overrides: Partial<BookingRules> = {}): BookingRules {
  return { ...DEFAULT_BOOKING_RULES, studioTimeZone, ...overrides };
}

function list(input: Partial<AvailabilityInput> & Pick<AvailabilityInput, "rules" | "from" | "days">) {
  return listAvailability({ now: at(`${input.from}T00:00:00Z`) - 10 * 24 * HOUR, clientTimeZone: input.rules.studioTimeZone, bookings: [], busy: [], closures: [], ...input });
}

const counts = (days: DayAvailability[]) => days.map((day) => day.slots.length);

describe("across DST changes, the studio keeps its local opening hours", () => {
  // Each change happens on a Sunday; the UTC instants of 10:00 local on the
  // Friday before, the Sunday itself and the Monday after, written out by hand.
  const changes = [
    ["America/New_York", "spring forward", "2026-03-06", "2026-03-06T15:00:00Z", "2026-03-08T14:00:00Z", "2026-03-09T14:00:00Z"],
    ["America/New_York", "fall back", "2026-10-30", "2026-10-30T14:00:00Z", "2026-11-01T15:00:00Z", "2026-11-02T15:00:00Z"],
    ["Europe/London", "spring forward", "2026-03-27", "2026-03-27T10:00:00Z", "2026-03-29T09:00:00Z", "2026-03-30T09:00:00Z"],
    ["Europe/London", "fall back", "2026-10-23", "2026-10-23T09:00:00Z", "2026-10-25T10:00:00Z", "2026-10-26T10:00:00Z"],
    ["Australia/Sydney", "end of DST", "2026-04-03", "2026-04-02T23:00:00Z", "2026-04-05T00:00:00Z", "2026-04-06T00:00:00Z"],
    ["Australia/Sydney", "start of DST", "2026-10-02", "2026-10-02T00:00:00Z", "2026-10-03T23:00:00Z", "2026-10-04T23:00:00Z"],
  ] as const;

  it.each(changes)("%s, %s: the Friday before and the Monday after both run 10:00-18:45 local", (zone, _, friday, fridayOpens, __, mondayOpens) => {
    const { days } = list({ rules: studioRules(zone), from: friday, days: 4 });
    expect(days.map((day) => [day.weekday, day.reason])).toEqual([
      ["Fri", null],
      ["Sat", "weekend"],
      ["Sun", "weekend"],
      ["Mon", null],
    ]);
    for (const [day, opens] of [
      [days[0], fridayOpens],
      [days[3], mondayOpens],
    ] as const) {
      expect(day.slots.map((slot) => slot.label)).toEqual(STANDARD_LABELS);
      expect(day.slots.map((slot) => slot.studioLabel)).toEqual(STANDARD_LABELS);
      expect(at(day.slots[0].startsAt)).toBe(at(opens));
      expect(at(day.slots[35].endsAt)).toBe(at(opens) + 9 * HOUR);
    }
  });

  it.each(changes)("%s, %s: a studio open on Sundays opens at 10:00 local on the day of the change", (zone, _, friday, __, sundayOpens) => {
    const { days } = list({ rules: studioRules(zone, { workdays: EVERY_DAY }), from: friday, days: 4 });
    expect(counts(days)).toEqual([36, 36, 36, 36]);
    expect(at(days[2].slots[0].startsAt)).toBe(at(sundayOpens));
    expect(days[2].slots.map((slot) => slot.label)).toEqual(STANDARD_LABELS);
  });

  it("checkSlot follows the new offset: the Monday after New York springs forward opens at 14:00Z", () => {
    const rules = studioRules("America/New_York");
    const now = at("2026-03-01T00:00:00Z");
    const check = (iso: string) => checkSlot({ rules, now, startsAt: at(iso), bookings: [], busy: [], closures: [] });
    expect(check("2026-03-09T14:00:00Z")).toMatchObject({ ok: true });
    expect(check("2026-03-09T13:45:00Z")).toEqual({ ok: false, reason: "not_offered" }); // 09:45 EDT
    expect(check("2026-03-09T22:45:00Z")).toMatchObject({ ok: true }); // 18:45 EDT
    expect(check("2026-03-09T23:00:00Z")).toEqual({ ok: false, reason: "not_offered" }); // 19:00 EDT
    expect(check("2026-03-06T15:00:00Z")).toMatchObject({ ok: true }); // 10:00 EST
    expect(check("2026-03-06T14:00:00Z")).toEqual({ ok: false, reason: "not_offered" }); // 09:00 EST
  });

  it("a client whose country changes its clocks on a different date sees the studio's 10:00 move", () => {
    // The US springs forward three weeks before the UK.
    const { days } = list({ rules: studioRules("Europe/London"), clientTimeZone: "America/New_York", from: "2026-03-06", days: 4 });
    expect(days[0].slots[0]).toMatchObject({ label: "05:00", studioLabel: "10:00" });
    expect(days[3].slots[0]).toMatchObject({ label: "06:00", studioLabel: "10:00" });
  });
});

describe("when opening hours include the wall times DST skips or repeats", () => {
  it("skips the hour that does not exist: New York, 2026-03-08, 02:00-02:59", () => {
    const [day] = list({ rules: studioRules("America/New_York", ROUND_THE_CLOCK), from: "2026-03-08", days: 1 }).days;
    const labels = day.slots.map((slot) => slot.label);
    expect(labels).toHaveLength(92);
    expect(labels.slice(6, 9)).toEqual(["01:30", "01:45", "03:00"]);
  });

  it("skips a midnight that does not exist without spilling into the day before: Santiago, 2026-09-06", () => {
    const { days } = list({ rules: studioRules("America/Santiago", ROUND_THE_CLOCK), from: "2026-09-05", days: 2 });
    expect(counts(days)).toEqual([96, 92]);
    expect(days[0].slots.at(-1)).toMatchObject({ label: "23:45", startsAt: "2026-09-06T03:45:00.000Z" });
    expect(days[1].slots[0]).toMatchObject({ label: "01:00", startsAt: "2026-09-06T04:00:00.000Z" });
  });

  it("skips the half hour Lord Howe Island jumps over", () => {
    const [day] = list({ rules: studioRules("Australia/Lord_Howe", ROUND_THE_CLOCK), from: "2026-10-04", days: 1 }).days;
    expect(day.slots).toHaveLength(94);
    expect(day.slots.map((slot) => slot.label).slice(7, 9)).toEqual(["01:45", "02:30"]);
  });

  it("offers a repeated wall time once, at its first occurrence: New York, 2026-11-01", () => {
    const rules = studioRules("America/New_York", ROUND_THE_CLOCK);
    const [day] = list({ rules, from: "2026-11-01", days: 1 }).days;
    expect(day.slots).toHaveLength(96);
    expect(day.slots.slice(4, 9).map((slot) => [slot.label, slot.startsAt])).toEqual([
      ["01:00", "2026-11-01T05:00:00.000Z"],
      ["01:15", "2026-11-01T05:15:00.000Z"],
      ["01:30", "2026-11-01T05:30:00.000Z"],
      ["01:45", "2026-11-01T05:45:00.000Z"],
      ["02:00", "2026-11-01T07:00:00.000Z"],
    ]);
    const check = (iso: string) => checkSlot({ rules, now: at("2026-10-20T00:00:00Z"), startsAt: at(iso), bookings: [], busy: [], closures: [] });
    expect(check("2026-11-01T05:00:00Z")).toMatchObject({ ok: true });
    expect(check("2026-11-01T06:00:00Z")).toEqual({ ok: false, reason: "not_offered" }); // the second 01:00
  });
});

describe("clients in other zones", () => {
  const londonStudio = studioRules("Europe/London");
  const losAngelesStudio = studioRules("America/Los_Angeles");

  it("in India see half-hour labels, and the studio's last slots on their next date", () => {
    const { days } = list({ rules: londonStudio, clientTimeZone: "Asia/Kolkata", from: "2026-12-07", days: 2 });
    expect(days[0].slots).toHaveLength(34);
    expect(days[0].slots[0]).toMatchObject({ label: "15:30", studioLabel: "10:00" });
    expect(days[0].slots.at(-1)!.label).toBe("23:45");
    expect(days[1].slots.slice(0, 3).map((slot) => [slot.label, slot.studioLabel])).toEqual([
      ["00:00", "18:30"],
      ["00:15", "18:45"],
      ["15:30", "10:00"],
    ]);
    expect(days[1].slots).toHaveLength(36);
  });

  it("in Nepal see quarter-past labels", () => {
    const { days } = list({ rules: londonStudio, clientTimeZone: "Asia/Kathmandu", from: "2026-12-07", days: 2 });
    expect(days[0].slots).toHaveLength(33);
    expect(days[0].slots[0]).toMatchObject({ label: "15:45", startsAt: "2026-12-07T10:00:00.000Z" });
    expect(days[1].slots.slice(0, 4).map((slot) => slot.label)).toEqual(["00:00", "00:15", "00:30", "15:45"]);
  });

  it("in Nepal, with a Los Angeles studio, see one studio day split across their midnight", () => {
    // 10:00 in Los Angeles is 23:45 in Kathmandu; 10:15 is already the next day there.
    const { days } = list({ rules: losAngelesStudio, clientTimeZone: "Asia/Kathmandu", from: "2026-12-07", days: 7 });
    expect(days.map((day) => day.weekday)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(counts(days)).toEqual([1, 36, 36, 36, 36, 35, 0]);
    expect(days[0].slots[0]).toMatchObject({ label: "23:45", studioLabel: "10:00" });
    expect(days[1].slots[0]).toMatchObject({ label: "00:00", studioLabel: "10:15", startsAt: "2026-12-07T18:15:00.000Z" });
    expect(days[1].slots.at(-1)).toMatchObject({ label: "23:45", studioLabel: "10:00", startsAt: "2026-12-08T18:00:00.000Z" });
    expect(days[5]).toMatchObject({ weekday: "Sat", reason: null });
    expect(days[6]).toMatchObject({ weekday: "Sun", reason: "weekend" });
  });

  it("in Nepal, asking for a single date still gets the studio's previous day's slots that fall on it", () => {
    const [tuesday] = list({ rules: losAngelesStudio, clientTimeZone: "Asia/Kathmandu", from: "2026-12-08", days: 1 }).days;
    expect(tuesday.slots).toHaveLength(36);
    expect(tuesday.slots[0]).toMatchObject({ label: "00:00", startsAt: "2026-12-07T18:15:00.000Z" });
  });

  it("in Sydney, with a Los Angeles studio, get the studio's Monday on their Tuesday and nothing on their Monday", () => {
    const { days } = list({ rules: losAngelesStudio, clientTimeZone: "Australia/Sydney", from: "2026-12-07", days: 7 });
    expect(counts(days)).toEqual([0, 36, 36, 36, 36, 36, 0]);
    expect(days[0]).toMatchObject({ weekday: "Mon", reason: "weekend" });
    expect(days[1].slots[0]).toMatchObject({ label: "05:00", studioLabel: "10:00", startsAt: "2026-12-07T18:00:00.000Z" });
    expect(days[5]).toMatchObject({ weekday: "Sat", reason: null });
  });

  it("in London, with a Sydney studio, see the studio's first hour on the evening before", () => {
    const { days } = list({ rules: studioRules("Australia/Sydney"), clientTimeZone: "Europe/London", from: "2026-12-06", days: 7 });
    expect(counts(days)).toEqual([4, 36, 36, 36, 36, 32, 0]);
    expect(days[0].slots.map((slot) => [slot.label, slot.studioLabel])).toEqual([
      ["23:00", "10:00"],
      ["23:15", "10:15"],
      ["23:30", "10:30"],
      ["23:45", "10:45"],
    ]);
  });

  it("at the far edges of the map (UTC+14 and UTC-11) still get every slot exactly once", () => {
    const rules = studioRules("Pacific/Kiritimati");
    const union = (clientTimeZone: string) =>
      list({ rules, clientTimeZone, from: "2026-12-05", days: 12, now: at("2026-11-30T00:00:00Z") })
        .days.flatMap((day) => day.slots.map((slot) => slot.startsAt))
        .filter((startsAt) => startsAt >= "2026-12-07" && startsAt < "2026-12-14");
    const inStudioZone = union("Pacific/Kiritimati");
    expect(inStudioZone).toHaveLength(5 * 36);
    expect(union("Pacific/Pago_Pago")).toEqual(inStudioZone);
  });
});
