import { describe, expect, it } from "vitest";
import { consultationUpdateSchema, detailsFormSchema, notesSchema, patchFromForm, rescheduleSchema, statusChangeSchema } from "~/domain/consultation-edit";

describe("consultationUpdateSchema (PUT /api/consultations/:id)", () => {
  it("accepts any subset; null or an empty string clears optional fields", () => {
    expect(consultationUpdateSchema.parse({ customerPhone: null, bpm: "", specialRequirements: "" })).toEqual({ customerPhone: null, bpm: null, specialRequirements: null });
    expect(consultationUpdateSchema.parse({ customerPhone: "+44 (20) 7946-0958" })).toEqual({ customerPhone: "+442079460958" });
    expect(consultationUpdateSchema.parse({ adminNotes: "  keep  " })).toEqual({ adminNotes: "keep" });
    expect(consultationUpdateSchema.parse({ status: "cancelled", reason: " " })).toEqual({ status: "cancelled", reason: undefined });
  });

  it("refuses unknown fields, bad values, required fields set to null, and two changes at once", () => {
    expect(consultationUpdateSchema.safeParse({ colour: "red" }).success).toBe(false);
    expect(consultationUpdateSchema.safeParse({ projectName: null }).success).toBe(false);
    expect(consultationUpdateSchema.safeParse({ projectName: "" }).success).toBe(false);
    expect(consultationUpdateSchema.safeParse({ bpm: 301 }).success).toBe(false);
    expect(consultationUpdateSchema.safeParse({ timeZone: "Mars/Base" }).success).toBe(false);
    const both = consultationUpdateSchema.safeParse({ status: "cancelled", consultationDate: "2026-12-01T10:00:00Z" });
    expect(both.success).toBe(false);
  });
});

describe("form schemas", () => {
  it("turns the edit form into a full patch that clears emptied fields", () => {
    const form = detailsFormSchema.parse({
      projectName: "P",
      projectDescription: "D",
      genre: "Jazz",
      customerName: "N",
      customerEmail: "n@example.com",
      timeZone: "Europe/London",
    });
    expect(patchFromForm(form)).toMatchObject({ bpm: null, customerPhone: null, specialRequirements: null, projectName: "P" });
  });

  it("reads notes, status changes and new times", () => {
    expect(notesSchema.parse({})).toEqual({ adminNotes: null });
    expect(statusChangeSchema.safeParse({ status: "finished" }).success).toBe(false);
    expect(rescheduleSchema.safeParse({ consultationDate: "2026-12-01T10:00:00.000Z" }).success).toBe(true);
    expect(rescheduleSchema.safeParse({ consultationDate: "tomorrow" }).success).toBe(false);
  });
});
