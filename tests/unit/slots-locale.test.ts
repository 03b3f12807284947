import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import type { FieldMetadata } from "@conform-to/react";
import { SlotPicker } from "../../app/components/slot-picker";
import { textDirection } from "../../app/domain/locale";
import { DEFAULT_BOOKING_RULES, listAvailability, nearestFreeSlots, type AvailabilityInput } from "../../app/domain/slots";

// Slot times and day headings follow the client's locale: a US client reads
// "3:15 PM", a German one "15:15" and "Dienstag". Tuesday 1 December 2026 in
// London is UTC, so the studio's 15:15 is 15:15Z.
const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, " ");
const TUESDAY = "2026-12-01";
const AT_1515 = "2026-12-01T15:15:00.000Z";

const input = (locale: string | undefined, clientTimeZone = "Europe/London"): AvailabilityInput => ({
  rules: DEFAULT_BOOKING_RULES,
  now: Date.parse("2026-11-25T09:00:00Z"),
  clientTimeZone,
  from: TUESDAY,
  days: 1,
  bookings: [],
  busy: [],
  closures: [],
  locale,
});

function tuesday(locale: string | undefined, clientTimeZone?: string) {
  const { days, nextAvailable } = listAvailability(input(locale, clientTimeZone));
  const slot = days[0].slots.find((s) => s.startsAt === AT_1515)!;
  return { day: days[0], slot, nextAvailable: nextAvailable! };
}

describe("slot labels in the client's locale", () => {
  it("stay HH:mm and 'Tue 1 Dec' for the default en-GB, as before", () => {
    for (const { day, slot } of [tuesday(undefined), tuesday("en-GB")]) {
      expect(slot.label).toBe("15:15");
      expect(day.slots[0].label).toBe("10:00");
      expect(day.label).toBe("Tue 1 Dec");
      expect(day.weekday).toBe("Tue");
    }
  });

  it("use a 12-hour clock for en-US, in the client's zone and the studio's", () => {
    const { day, slot, nextAvailable } = tuesday("en-US", "America/New_York");
    expect(plain(slot.label)).toBe("10:15 AM");
    expect(plain(slot.studioLabel)).toBe("3:15 PM");
    expect(day.label).toBe("Tue, Dec 1");
    expect(plain(nextAvailable.when!)).toBe("Tuesday, December 1, 2026 at 5:00 AM");
  });

  it("use a 24-hour clock and German names for de-DE", () => {
    const { day, slot, nextAvailable } = tuesday("de-DE");
    expect(slot.label).toBe("15:15");
    expect(day.label).toBe("Di., 1. Dez.");
    expect(nextAvailable.when).toBe("Dienstag, 1. Dezember 2026 um 10:00");
  });

  it("write Japanese dates for ja-JP", () => {
    const { day, slot } = tuesday("ja-JP");
    expect(slot.label).toBe("15:15");
    expect(day.label).toBe("12月1日(火)");
  });

  it("write Arabic digits and names, right to left, for ar-EG", () => {
    const { day, slot } = tuesday("ar-EG");
    expect(plain(slot.label)).toBe("٣:١٥ م");
    expect(day.label).toContain("الثلاثاء");
    expect(textDirection("ar-EG")).toBe("rtl");
  });

  it("label the nearest free times with their day in the locale", () => {
    const [first] = nearestFreeSlots({ ...input("fr-FR"), around: Date.parse(AT_1515), count: 3 });
    expect(first.label).toMatch(/^\d\d:\d\d$/);
    expect(first.when).toMatch(/^mardi 1 décembre 2026 à \d\d:\d\d$/);
  });
});

describe("the slot picker", () => {
  const field = { name: "consultationDate", errorId: "slot-error", errors: undefined, initialValue: undefined } as unknown as FieldMetadata<string>;

  function render(locale: string, clientTimeZone = "Europe/London", rules = DEFAULT_BOOKING_RULES, from = TUESDAY) {
    const { days, nextAvailable } = listAvailability({ ...input(locale, clientTimeZone), rules, from });
    const availability = {
      days,
      nextAvailable,
      timeZone: clientTimeZone,
      studioTimeZone: "Europe/London",
      previousFrom: null,
      nextFrom: "2026-12-02",
      locale,
      dir: textDirection(locale),
    };
    return renderToStaticMarkup(createElement(StaticRouter, { location: "/book" }, createElement(SlotPicker, { field, availability, alternatives: [] })));
  }

  it("marks the times and day headings right to left for ar-EG, and with their language", () => {
    const html = render("ar-EG");
    // The slot labels sit in an element that says rtl (and ar-EG); the English wording around them does not.
    expect(html).toMatch(/<div class="slots" lang="ar-EG" dir="rtl"><label><input type="radio" name="consultationDate" value="2026-12-01T10:00Z"\/>١٠:٠٠ ص<\/label>/u);
    expect(html).toMatch(/<h2 id="day-2026-12-01" lang="ar-EG" dir="rtl">الثلاثاء، ١ ديسمبر<\/h2>/u);
    expect(html).toContain("<legend>Choose a time</legend>");
    expect(html).not.toMatch(/<fieldset[^>]*dir=/);
  });

  it("marks them left to right for de-DE", () => {
    const html = render("de-DE");
    expect(html).toContain('<div class="slots" lang="de-DE" dir="ltr"><label><input type="radio" name="consultationDate" value="2026-12-01T10:00Z"/>10:00</label>');
    expect(html).toContain(">15:15</label>");
  });

  it("says the studio's time once per day, in the day's heading, when the clocks differ all day", () => {
    const kolkata = render("en-GB", "Asia/Kolkata");
    expect(kolkata).toContain(`Tue 1 Dec<span class="visually-hidden" lang="en" dir="ltr">, the studio&#x27;s clock is 5 hours 30 minutes behind yours</span></h2>`);
    expect(kolkata).toContain('value="2026-12-01T10:00Z"/>15:30</label>');
    expect(kolkata).not.toContain("studio time)");
    expect(render("en-GB", "America/Los_Angeles")).toContain(", the studio&#x27;s clock is 8 hours ahead of yours</span>");
    // Same clocks: nothing to say.
    expect(render("en-GB")).not.toContain("studio&#x27;s clock");
  });

  it("says each slot's studio time on a day the clocks change", () => {
    // Open round the clock; London moves to summer time at 01:00 UTC on 28 March 2027.
    const html = render("en-GB", "UTC", { ...DEFAULT_BOOKING_RULES, dayStartMinutes: 0, dayEndMinutes: 24 * 60, workdays: [1, 2, 3, 4, 5, 6, 7], horizonDays: 400 }, "2027-03-28");
    expect(html).not.toContain("studio&#x27;s clock");
    expect(html).toContain('value="2027-03-28T00:45Z"/>00:45</label>');
    expect(html).toContain('value="2027-03-28T01:00Z"/>01:00<span> (02:00 studio time)</span></label>');
  });
});
