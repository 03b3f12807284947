import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarEventIdFor, isValidCalendarEventId } from "../../../app/server/google/event-id";

describe("calendarEventIdFor", () => {
  it("derives a base32hex id from a uuid", () => {
    expect(calendarEventIdFor("3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D")).toBe("c3f2b8c1e9a4d4e7b8c215d6f7a8b9c0d");
  });

  it("is deterministic and valid for every uuid", () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        const id = calendarEventIdFor(uuid);
        expect(id).toBe(calendarEventIdFor(uuid));
        expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
        expect(id).toHaveLength(33);
      }),
    );
  });

  it("gives distinct uuids distinct ids", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        fc.pre(a.toLowerCase() !== b.toLowerCase());
        expect(calendarEventIdFor(a)).not.toBe(calendarEventIdFor(b));
      }),
    );
  });

  it("still yields a valid id for non-uuid input, in a separate namespace", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (raw) => {
        expect(isValidCalendarEventId(calendarEventIdFor(raw))).toBe(true);
      }),
    );
    expect(calendarEventIdFor("x")).toBe("d7800");
    expect(calendarEventIdFor("booking-42").startsWith("d")).toBe(true);
  });
});

describe("isValidCalendarEventId", () => {
  it("applies Google's charset and length rules", () => {
    expect(isValidCalendarEventId("abcd")).toBe(false);
    expect(isValidCalendarEventId("abcde")).toBe(true);
    expect(isValidCalendarEventId("abcdw")).toBe(false);
    expect(isValidCalendarEventId("ABCDE")).toBe(false);
    expect(isValidCalendarEventId("a".repeat(1025))).toBe(false);
  });
});
