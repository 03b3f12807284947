import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constraintMessages } from "~/domain/constraint-messages";
import { bookingFormSchema, consultationInputSchema, LIMITS, normalisePhone, PHONE_INPUT_PATTERN } from "~/domain/consultation";

// What the browser says for a broken constraint on the booking page is what
// the server would say for that value.
const shape = bookingFormSchema.shape;

describe("constraint messages from the booking schema", () => {
  it("say what the server says for each broken constraint", () => {
    expect(constraintMessages(shape.projectName, { required: true, maxLength: LIMITS.projectName })).toEqual({
      "data-msg-missing": "Enter a project name",
      "data-msg-long": "Keep a project name to 100 characters or fewer",
    });
    expect(constraintMessages(shape.customerEmail, { required: true, type: "email", maxLength: LIMITS.customerEmail })).toEqual({
      "data-msg-missing": "Enter your email address",
      "data-msg-long": "That email address is too long",
      "data-msg-type": "Enter a valid email address, like name@example.com",
    });
    expect(constraintMessages(shape.genre, { required: true })).toEqual({ "data-msg-missing": "Choose a genre (pick Other if none fits)" });
    expect(constraintMessages(shape.bpm, { type: "number", min: LIMITS.bpmMin, max: LIMITS.bpmMax, step: 1 })).toEqual({
      "data-msg-type": "BPM must be a whole number",
      "data-msg-range": "BPM must be between 20 and 300",
      "data-msg-step": "BPM must be a whole number",
    });
    expect(constraintMessages(shape.customerPhone, { type: "tel", pattern: PHONE_INPUT_PATTERN, patternExample: "12ab" })).toEqual({
      "data-msg-pattern": "Enter the phone number in international format, like +44 20 7946 0958",
    });
    expect(constraintMessages(shape.consultationDate, { required: true })).toEqual({ "data-msg-missing": "Choose a time for your consultation" });
  });

  it("leave out what a field has no constraint for", () => {
    expect(constraintMessages(shape.specialRequirements, {})).toEqual({});
  });
});

describe("the phone pattern", () => {
  // Browsers anchor a pattern and compile it with the v flag.
  const browserPattern = new RegExp(`^(?:${PHONE_INPUT_PATTERN})$`, "v");
  const serverAccepts = (value: string) => consultationInputSchema.shape.customerPhone.safeParse(value).success;

  it("accepts and refuses what the schema does", () => {
    for (const value of ["+44 20 7946 0958", "+1 (212) 555-0100", "+33.1.23.45.67.89", "+4915112345678", "12ab", "+0 123 456 789", "+44 20", "0044 20 7946 0958", "+44 20 7946 0958 1234 5678"]) {
      expect(browserPattern.test(value), value).toBe(serverAccepts(value));
    }
  });

  it("agrees with the schema on any mix of digits, plus signs and separators", () => {
    const chars = fc.constantFrom(..."+0123456789 ().-ab\t");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join("")), (value) => {
        // zod trims before the check; the browser keeps the value as typed (the separators cover whitespace).
        expect(browserPattern.test(value)).toBe(serverAccepts(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("normalises what it accepts to E.164", () => {
    expect(normalisePhone("+44 (20) 7946-0958")).toBe("+442079460958");
  });
});
