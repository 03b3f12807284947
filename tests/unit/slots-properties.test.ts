import fc from "fast-check";
import { formatInTimeZone } from "date-fns-tz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDaysToIsoDate, isoDatesBetween } from "../../app/domain/calendar-date";
import {
  DEFAULT_BOOKING_RULES,
  candidateSlotsForStudioDate,
  checkSlot,
  listAvailability,
  listingStableUntil,
  nearestFreeSlots,
  overlaps,
  type BookingRules,
  type Interval,
} from "../../app/domain/slots";
import { zonedDate } from "../../app/domain/time-zones";

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

// formatInTimeZone, the oracle for labels here, is only trustworthy on a host
// without DST (see the caveat on formatInZone).
let hostTimeZone: string | undefined;
beforeAll(() => {
  hostTimeZone = process.env.TZ;
  process.env.TZ = "UTC";
});
afterAll(() => {
  if (hostTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostTimeZone;
});

const ZONES = [
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "America/Santiago",
  "America/St_Johns",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Australia/Adelaide",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  "UTC",
];

// Instants near 2026's clock changes, so that horizons regularly span one.
const CLOCK_CHANGES = [
  "2026-03-08T07:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-04-04T16:00:00Z",
  "2026-09-06T04:00:00Z",
  "2026-10-03T16:00:00Z",
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
].map(Date.parse);

const nowArb = fc.oneof(
  fc.integer({ min: Date.parse("2025-01-01"), max: Date.parse("2028-12-31") }),
  fc.tuple(fc.constantFrom(...CLOCK_CHANGES), fc.integer({ min: -35 * DAY, max: 2 * DAY })).map(([change, shift]) => change + shift),
);

const defaultRulesArb = fc.constantFrom(...ZONES).map((studioTimeZone): BookingRules => ({ ...DEFAULT_BOOKING_RULES, studioTimeZone }));

const anyRulesArb = fc
  .record({
    studioTimeZone: fc.constantFrom(...ZONES),
    slotMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45, 60),
    dayStartSteps: fc.integer({ min: 0, max: 24 * 12 - 1 }),
    dayEndSteps: fc.integer({ min: 0, max: 24 * 12 }),
    workdays: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
    minNoticeMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    horizonDays: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ dayStartSteps, dayEndSteps, ...rest }): BookingRules => ({
    ...rest,
    dayStartMinutes: 5 * Math.min(dayStartSteps, dayEndSteps),
    dayEndMinutes: 5 * Math.max(dayStartSteps, dayEndSteps),
  }));

const intervalsNear = (now: number, maxCount: number) =>
  fc.array(
    fc.record({ startMinute: fc.integer({ min: -DAY / MINUTE, max: (42 * DAY) / MINUTE }), lengthMinutes: fc.integer({ min: 1, max: 8 * 60 }) }).map(
      ({ startMinute, lengthMinutes }): Interval => ({ start: now + startMinute * MINUTE, end: now + (startMinute + lengthMinutes) * MINUTE }),
    ),
    { maxLength: maxCount },
  );

const scenarioArb = (rulesArb: fc.Arbitrary<BookingRules>) =>
  fc.tuple(rulesArb, nowArb).chain(([rules, now]) =>
    fc.record({
      rules: fc.constant(rules),
      now: fc.constant(now),
      clientTimeZone: fc.constantFrom(...ZONES),
      otherClientTimeZone: fc.constantFrom(...ZONES),
      bookings: intervalsNear(now, 40),
      busy: intervalsNear(now, 10),
      closures: intervalsNear(now, 4),
    }),
  );

type Scenario = { rules: BookingRules; now: number; bookings: Interval[]; busy: Interval[]; closures: Interval[] };

/** Free slot starts, by brute force over every grid slot near the horizon. */
function freeStartsByBruteForce({ rules, now, bookings, busy, closures }: Scenario): number[] {
  const first = zonedDate(now - DAY, rules.studioTimeZone);
  const last = zonedDate(now + (rules.horizonDays + 1) * DAY, rules.studioTimeZone);
  const blocks = [...bookings, ...busy, ...closures];
  return isoDatesBetween(first, last)
    .flatMap((date) => candidateSlotsForStudioDate(rules, date))
    .filter((slot) => slot.start >= now + rules.minNoticeMinutes * MINUTE && slot.start <= now + rules.horizonDays * DAY)
    .filter((slot) => !blocks.some((b) => overlaps(slot, b)))
    .map((slot) => slot.start);
}

/** Lists every client date from the day before `now` to past the horizon. */
function listWholeHorizon(scenario: Scenario, clientTimeZone: string) {
  return listAvailability({
    ...scenario,
    clientTimeZone,
    from: addDaysToIsoDate(zonedDate(scenario.now, clientTimeZone), -1),
    days: scenario.rules.horizonDays + 4,
  });
}

const startsOf = (days: { slots: { startsAt: string }[] }[]) => days.flatMap((day) => day.slots.map((slot) => Date.parse(slot.startsAt)));

describe("listAvailability, for random studios, clients, dates and bookings", () => {
  it("offers only 15-minute slots within 10:00-19:00 on studio workdays, inside notice and horizon, clear of every block, labelled in the client's zone", () => {
    fc.assert(
      fc.property(scenarioArb(defaultRulesArb), fc.integer({ min: -3, max: 33 }), fc.integer({ min: 1, max: 10 }), (scenario, fromOffset, days) => {
        const { rules, now, clientTimeZone } = scenario;
        const from = addDaysToIsoDate(zonedDate(now, clientTimeZone), fromOffset);
        const result = listAvailability({ ...scenario, from, days });
        expect(result.days.map((day) => day.date)).toEqual(isoDatesBetween(from, addDaysToIsoDate(from, days - 1)));
        const blocks = [...scenario.bookings, ...scenario.busy, ...scenario.closures];
        for (const day of result.days) {
          expect(day.reason === null).toBe(day.slots.length > 0);
          expect(day.weekday).toBe(formatInTimeZone(Date.parse(`${day.date}T12:00:00Z`), "UTC", "EEE"));
          for (const slot of day.slots) {
            const start = Date.parse(slot.startsAt);
            const [studioDate, studioTime, studioWeekday] = formatInTimeZone(start, rules.studioTimeZone, "yyyy-MM-dd HH:mm i").split(" ");
            const [clientDate, clientTime] = formatInTimeZone(start, clientTimeZone, "yyyy-MM-dd HH:mm").split(" ");
            const interval = { start, end: start + 15 * MINUTE };
            expect({
              length: Date.parse(slot.endsAt) - start,
              withinOpeningHours: studioTime >= "10:00" && studioTime <= "18:45" && Number(studioTime.slice(3)) % 15 === 0,
              onWorkday: Number(studioWeekday) <= 5 && studioDate.length === 10,
              labels: [slot.studioLabel, slot.label],
              clientDate,
              afterNotice: start >= now + rules.minNoticeMinutes * MINUTE,
              withinHorizon: start <= now + rules.horizonDays * DAY,
              clearOfBlocks: blocks.every((block) => !overlaps(interval, block)),
            }).toEqual({
              length: 15 * MINUTE,
              withinOpeningHours: true,
              onWorkday: true,
              labels: [studioTime, clientTime],
              clientDate: day.date,
              afterNotice: true,
              withinHorizon: true,
              clearOfBlocks: true,
            });
          }
        }
        const starts = startsOf(result.days);
        starts.slice(1).forEach((start, i) => expect(start).toBeGreaterThan(starts[i]));
      }),
      { numRuns: 150 },
    );
  });

  it("offers the same set of slots whatever the client's zone, which only changes grouping and labels", () => {
    fc.assert(
      fc.property(scenarioArb(defaultRulesArb), (scenario) => {
        const expected = freeStartsByBruteForce(scenario);
        const seenFromClient = listWholeHorizon(scenario, scenario.clientTimeZone);
        expect(startsOf(seenFromClient.days)).toEqual(expected);
        expect(startsOf(listWholeHorizon(scenario, scenario.otherClientTimeZone).days)).toEqual(expected);
        expect(seenFromClient.nextAvailable && Date.parse(seenFromClient.nextAvailable.startsAt)).toBe(expected[0] ?? null);
      }),
      { numRuns: 100 },
    );
  });

  it("with any opening hours, slot length and workdays, offers slots on the studio's grid and nowhere else", () => {
    fc.assert(
      fc.property(scenarioArb(anyRulesArb), (scenario) => {
        const { rules } = scenario;
        const starts = startsOf(listWholeHorizon(scenario, scenario.clientTimeZone).days);
        expect(starts).toEqual(freeStartsByBruteForce(scenario));
        const offGrid = starts.filter((start) => {
          const [time, weekday] = formatInTimeZone(start, rules.studioTimeZone, "HH:mm i").split(" ");
          const minuteOfDay = Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
          return (
            (minuteOfDay - rules.dayStartMinutes) % rules.slotMinutes !== 0 ||
            minuteOfDay < rules.dayStartMinutes ||
            minuteOfDay + rules.slotMinutes > rules.dayEndMinutes ||
            !rules.workdays.includes(Number(weekday))
          );
        });
        expect(offGrid.map((start) => new Date(start).toISOString())).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe("candidateSlotsForStudioDate", () => {
  it("gives each existing wall time of the grid once, in order, on that studio date", () => {
    const dates = fc.oneof(
      fc.constantFrom("2026-03-08", "2026-03-29", "2026-04-05", "2026-09-06", "2026-10-04", "2026-10-25", "2026-11-01"),
      fc.date({ min: new Date("2020-01-01"), max: new Date("2035-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(anyRulesArb, dates, (rules, date) => {
        const slots = candidateSlotsForStudioDate(rules, date);
        slots.slice(1).forEach((slot, i) => expect(slot.start).toBeGreaterThan(slots[i].start));
        const wallTimes = slots.map((slot) => formatInTimeZone(slot.start, rules.studioTimeZone, "yyyy-MM-dd HH:mm"));
        expect(new Set(wallTimes).size).toBe(slots.length);
        for (const [i, slot] of slots.entries()) {
          expect(wallTimes[i].slice(0, 10)).toBe(date);
          expect(slot.end - slot.start).toBe(rules.slotMinutes * MINUTE);
        }
        const gridSize = Math.max(0, Math.floor((rules.dayEndMinutes - rules.dayStartMinutes) / rules.slotMinutes));
        const isWorkday = rules.workdays.includes(Number(formatInTimeZone(Date.parse(`${date}T12:00:00Z`), "UTC", "i")));
        // A DST change skips at most an hour of wall times.
        expect(slots.length).toBeLessThanOrEqual(isWorkday ? gridSize : 0);
        expect(slots.length).toBeGreaterThanOrEqual(isWorkday ? gridSize - Math.ceil(60 / rules.slotMinutes) : 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkSlot", () => {
  it("accepts exactly the slots listAvailability offers, and nothing off the grid", () => {
    fc.assert(
      fc.property(scenarioArb(anyRulesArb), (scenario) => {
        const { rules, now } = scenario;
        const free = new Set(freeStartsByBruteForce(scenario));
        const dates = isoDatesBetween(zonedDate(now - DAY, rules.studioTimeZone), zonedDate(now + (rules.horizonDays + 1) * DAY, rules.studioTimeZone));
        for (const { start, end } of dates.flatMap((date) => candidateSlotsForStudioDate(rules, date))) {
          const result = checkSlot({ ...scenario, startsAt: start });
          expect(result.ok).toBe(free.has(start));
          if (result.ok) expect(result.slot).toEqual({ start, end });
          const offGrid = checkSlot({ ...scenario, startsAt: start + MINUTE });
          expect(offGrid.ok === false && ["not_offered", "weekend"].includes(offGrid.reason)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("nearestFreeSlots", () => {
  it("returns the free slots nearest to the requested time, earlier first on ties, in time order", () => {
    fc.assert(
      fc.property(scenarioArb(anyRulesArb), fc.integer({ min: -5 * DAY, max: 45 * DAY }), fc.integer({ min: 1, max: 12 }), (scenario, shift, count) => {
        const around = scenario.now + shift;
        const expected = freeStartsByBruteForce(scenario)
          .sort((a, b) => Math.abs(a - around) - Math.abs(b - around) || a - b)
          .slice(0, count)
          .sort((a, b) => a - b);
        const result = nearestFreeSlots({ ...scenario, clientTimeZone: scenario.clientTimeZone, around, count });
        expect(result.map((slot) => Date.parse(slot.startsAt))).toEqual(expected);
        for (const slot of result) expect(slot.label).toBe(formatInTimeZone(Date.parse(slot.startsAt), scenario.clientTimeZone, "HH:mm"));
      }),
      { numRuns: 150 },
    );
  });
});

describe("listingStableUntil", () => {
  it("holds a listing unchanged at any later time before it, for any rules, and the listing can change at it", () => {
    fc.assert(
      fc.property(scenarioArb(anyRulesArb), fc.integer({ min: -1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 1, noNaN: true }), (scenario, fromOffset, days, fraction) => {
        const { now, clientTimeZone, rules } = scenario;
        const from = addDaysToIsoDate(zonedDate(now, clientTimeZone), fromOffset);
        const until = listingStableUntil(rules, now);
        expect(until).toBeGreaterThanOrEqual(now);
        const listingAt = (at: number) => listAvailability({ ...scenario, now: at, from, days });
        if (until === Infinity) {
          expect(listingAt(now + 30 * DAY)).toEqual(listingAt(now));
          return;
        }
        const later = now + Math.floor(fraction * (until - now - 1));
        if (until > now) expect(listingAt(later)).toEqual(listingAt(now));
        // At `until` a grid slot crosses now, the notice or the horizon: checkSlot sees it change.
        const crossing = [0, rules.minNoticeMinutes * MINUTE, rules.horizonDays * DAY].some((offset) =>
          candidateSlotsForStudioDate(rules, zonedDate(until + offset, rules.studioTimeZone)).some((slot) => slot.start === until + offset),
        );
        expect(crossing).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("lasts until the next slot starts, during the studio's day, with the default rules", () => {
    const now = Date.parse("2026-12-01T11:07:30Z"); // Tuesday 11:07:30 in London
    expect(new Date(listingStableUntil(DEFAULT_BOOKING_RULES, now)).toISOString()).toBe("2026-12-01T11:15:00.000Z");
  });

  it("is never stable on a slot's exact start, where a millisecond later differs", () => {
    const now = Date.parse("2026-12-01T11:15:00Z");
    expect(listingStableUntil(DEFAULT_BOOKING_RULES, now)).toBe(now);
  });

  it("is forever for a studio with no workdays", () => {
    expect(listingStableUntil({ ...DEFAULT_BOOKING_RULES, workdays: [] }, Date.parse("2026-12-01T11:07:30Z"))).toBe(Infinity);
  });
});
