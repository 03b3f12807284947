import { parseWithZod as conformParseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bookingFormSchema } from "~/domain/consultation";
import { parseWithZod } from "~/utils/parse-with-zod";

// Our parseWithZod builds conform's coercion once per schema; a form must parse
// exactly as conform's own parseWithZod parses it.
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

const booking = {
  consultationDate: "2026-12-02T10:00:00.000Z",
  timeZone: "Europe/London",
  projectName: "Night Drive",
  projectDescription: "A synthwave EP that needs mixing.",
  genre: "Electronic",
  bpm: "120",
  customerName: "Ada Lovelace",
  customerEmail: "ada@example.com",
  customerPhone: "",
  specialRequirements: "",
  idempotencyKey: "6f1c8a2e-8d4b-4a53-9b7e-2f1d3c4b5a69",
};

describe("parseWithZod (coercion built once)", () => {
  const cases: Record<string, Record<string, string>> = {
    "a valid form: numbers coerced, empty fields dropped": booking,
    "a bad email and BPM, a missing name": { ...booking, customerEmail: "not-an-email", bpm: "fast", customerName: "" },
    "an empty form": {},
  };
  for (const [name, fields] of Object.entries(cases)) {
    it(`parses ${name} as conform does, again and again`, () => {
      const expected = conformParseWithZod(form(fields), { schema: bookingFormSchema });
      for (let i = 0; i < 3; i++) {
        const submission = parseWithZod(form(fields), { schema: bookingFormSchema });
        expect(submission.status).toBe(expected.status);
        expect(submission.status === "success" ? submission.value : submission.error).toEqual(
          expected.status === "success" ? expected.value : expected.error,
        );
        expect(submission.reply()).toEqual(expected.reply());
      }
    });
  }

  it("keeps a schema chosen per intent working", () => {
    const schema = z.object({ n: z.number() });
    const submission = parseWithZod(form({ n: "3" }), { schema: () => schema });
    expect(submission.status === "success" && submission.value).toEqual({ n: 3 });
  });
});
