import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consultationInputSchema, consultationReference, bookingDefaultsForService, genreForService, GENRES, normalisePhone } from "~/domain/consultation";
import { availabilityQuerySchema } from "~/domain/availability-query";

const valid = {
  projectName: "Night Drive",
  projectDescription: "Synthwave EP",
  genre: "Electronic",
  bpm: 118,
  customerName: "Ada",
  customerEmail: "ada@example.com",
  customerPhone: "+44 (20) 7946-0958",
  specialRequirements: "None",
  consultationDate: "2026-12-01T10:00:00.000Z",
  timeZone: "Asia/Kathmandu",
};

function errorsOf(input: Record<string, unknown>) {
  const result = consultationInputSchema.safeParse(input);
  if (result.success) return {};
  return result.error.flatten().fieldErrors as Record<string, string[]>;
}

describe("the booking schema", () => {
  it("accepts a complete booking and normalises the phone to E.164", () => {
    const parsed = consultationInputSchema.parse(valid);
    expect(parsed.customerPhone).toBe("+442079460958");
    expect(parsed.projectName).toBe("Night Drive");
  });

  it("accepts a booking with only the required fields", () => {
    const { bpm, customerPhone, specialRequirements, ...required } = valid;
    expect(consultationInputSchema.safeParse(required).success).toBe(true);
  });

  it.each([
    ["projectName", "", /Enter a project name/],
    ["projectName", "x".repeat(101), /100 characters/],
    ["projectDescription", "x".repeat(501), /500 characters/],
    ["customerName", "   ", /Enter your name/],
    ["customerEmail", "ada@", /valid email/],
    ["customerPhone", "020 7946 0958", /international format/],
    ["customerPhone", "+0 123 456", /international format/],
    ["specialRequirements", "x".repeat(1001), /1000 characters/],
    ["genre", "Polka-step", /Choose a genre/],
    ["bpm", 19, /between 20 and 300/],
    ["bpm", 301, /between 20 and 300/],
    ["bpm", 120.5, /whole number/],
    ["consultationDate", "next tuesday", /Choose a time/],
    ["timeZone", "Mars/Olympus", /valid time zone/],
  ])("rejects %s = %j with a specific message", (field, value, message) => {
    const errors = errorsOf({ ...valid, [field]: value });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field][0]).toMatch(message);
  });

  it("stores the current name of a zone a browser reports by its old name", () => {
    expect(consultationInputSchema.parse({ ...valid, timeZone: "Asia/Calcutta" }).timeZone).toBe("Asia/Kolkata");
    expect(consultationInputSchema.parse({ ...valid, timeZone: "Asia/Katmandu" }).timeZone).toBe("Asia/Kathmandu");
    expect(availabilityQuerySchema.parse({ tz: "Europe/Kiev" }).tz).toBe("Europe/Kyiv");
  });

  it("trims text fields", () => {
    expect(consultationInputSchema.parse({ ...valid, projectName: "  Dusk  " }).projectName).toBe("Dusk");
  });

  it("accepts every listed genre, and BPM at both ends", () => {
    for (const genre of GENRES) expect(errorsOf({ ...valid, genre })).toEqual({});
    expect(errorsOf({ ...valid, bpm: 20 })).toEqual({});
    expect(errorsOf({ ...valid, bpm: 300 })).toEqual({});
  });

  it("property: any E.164 number survives the separators people type", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 13 }), (first, rest) => {
        const e164 = `+${first}${rest.join("")}`;
        const typed = `${e164.slice(0, 3)} (${e164.slice(3, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
        expect(normalisePhone(typed)).toBe(e164);
        expect(errorsOf({ ...valid, customerPhone: typed })).toEqual({});
      }),
    );
  });

  it("gives a short reference clients can quote", () => {
    expect(consultationReference("21515e1d-faae-4642-a217-2300a5102233")).toBe("SC-21515E1D");
  });
});

describe("the slots query", () => {
  it("parses from, days and tz", () => {
    expect(availabilityQuerySchema.parse({ from: "2026-12-01", days: "14", tz: "Asia/Kolkata" })).toEqual({
      from: "2026-12-01",
      days: 14,
      tz: "Asia/Kolkata",
    });
  });
  it("rejects each bad parameter by name", () => {
    const result = availabilityQuerySchema.safeParse({ from: "2026-13-01", days: "0", tz: "Nowhere" });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.success ? {} : result.error.flatten().fieldErrors).sort();
    expect(fields).toEqual(["days", "from", "tz"]);
  });
});

describe("the genre a studio page names (data-service on the embed)", () => {
  it("pre-selects a genre named in any case, with spaces around it", () => {
    expect(genreForService("Electronic")).toBe("Electronic");
    expect(genreForService("  drum & bass ")).toBe("Drum & Bass");
  });

  it("pre-selects nothing for a service that is not a genre, or none", () => {
    expect(genreForService("Mixing")).toBeUndefined();
    expect(genreForService("")).toBeUndefined();
    expect(genreForService(null)).toBeUndefined();
  });

  it("finds every genre from its own name", () => {
    fc.assert(fc.property(fc.constantFrom(...GENRES), (genre) => genreForService(genre.toUpperCase()) === genre));
  });
});

describe("what the booking form starts with for a studio page's service", () => {
  it("a genre when the service names one, a note of the interest otherwise, nothing without a service", () => {
    expect(bookingDefaultsForService("house")).toEqual({ genre: "House" });
    expect(bookingDefaultsForService(" Stem   mastering ")).toEqual({ specialRequirements: "Interested in: Stem mastering" });
    expect(bookingDefaultsForService(undefined)).toEqual({});
    expect(bookingDefaultsForService("   ")).toEqual({});
  });

  it("keeps the note within the special requirements' limit", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (service) => (bookingDefaultsForService(service).specialRequirements ?? "").length <= 100),
    );
  });
});
