import { describe, expect, it } from "vitest";
import { sampleConsultation } from "../../../app/server/email/templates.server";
import { buildConsultationEvent, buildReschedulePatch } from "../../../app/server/google/event-body.server";
import { calendarEventIdFor } from "../../../app/server/google/event-id";

describe("buildConsultationEvent", () => {
  const c = sampleConsultation();

  it("builds a 15-minute UTC event with the consultation's id", () => {
    const event = buildConsultationEvent(c);
    expect(event.id).toBe(calendarEventIdFor(c.id));
    expect(event.start).toEqual({ dateTime: "2026-12-01T15:00:00.000Z", timeZone: "UTC" });
    expect(event.end).toEqual({ dateTime: "2026-12-01T15:15:00.000Z", timeZone: "UTC" });
    expect(Date.parse(event.end!.dateTime!) - Date.parse(event.start!.dateTime!)).toBe(15 * 60_000);
    expect(event.summary).toBe("Consultation: Midnight Drive EP (Alex Example)");
    expect(event.extendedProperties).toEqual({ private: { consultationId: c.id } });
    expect(event.attendees).toBeUndefined();
  });

  it("lists the project details in the description", () => {
    const description = buildConsultationEvent(c).description!;
    for (const part of [c.projectDescription, "Synthwave", "BPM: 118", "alex@example.com", "+44 20 7946 0000", "Step-free access"]) {
      expect(description).toContain(part);
    }
    const sparse = buildConsultationEvent({ ...c, bpm: null, customerPhone: null, specialRequirements: null }).description!;
    expect(sparse).toContain("BPM: not given");
    expect(sparse).toContain("Special requirements: none");
  });

  it("invites the client only when asked", () => {
    expect(buildConsultationEvent(c, { inviteAttendee: true }).attendees).toEqual([{ email: c.customerEmail, displayName: c.customerName }]);
    expect(buildConsultationEvent(c, { inviteAttendee: false }).attendees).toBeUndefined();
  });

  it("patches only what a reschedule changes", () => {
    const patch = buildReschedulePatch({ ...c, startsAt: Date.UTC(2026, 11, 2, 9), endsAt: Date.UTC(2026, 11, 2, 9, 15) });
    expect(patch.id).toBeUndefined();
    expect(patch.start).toEqual({ dateTime: "2026-12-02T09:00:00.000Z", timeZone: "UTC" });
    expect(patch.end).toEqual({ dateTime: "2026-12-02T09:15:00.000Z", timeZone: "UTC" });
  });
});
