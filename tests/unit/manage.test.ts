import { describe, expect, it } from "vitest";
import { manageCancelSchema, manageRescheduleSchema, manageState, noticeInWords } from "~/domain/manage";

const HOUR = 3600_000;
const now = Date.UTC(2026, 5, 1, 9);

describe("what a client can still do from their link", () => {
  it("follows the status, the start time and the notice period", () => {
    const at = (hours: number, status: "scheduled" | "completed" | "cancelled" | "no_show" = "scheduled") =>
      manageState({ status, consultationDate: now + hours * HOUR }, now, 120);
    expect(at(48)).toBe("changeable");
    expect(at(2)).toBe("changeable");
    expect(at(1.99)).toBe("within_notice");
    expect(at(0.1)).toBe("within_notice");
    expect(at(0)).toBe("past");
    expect(at(-5)).toBe("past");
    expect(at(48, "cancelled")).toBe("cancelled");
    expect(at(-1, "completed")).toBe("completed");
    expect(at(-1, "no_show")).toBe("no_show");
  });

  it("words the notice period", () => {
    expect(noticeInWords(120)).toBe("2 hours");
    expect(noticeInWords(60)).toBe("1 hour");
    expect(noticeInWords(90)).toBe("90 minutes");
    expect(noticeInWords(1)).toBe("1 minute");
    expect(noticeInWords(24 * 60)).toBe("1 day");
    expect(noticeInWords(0)).toBe("0 minutes");
  });
});

describe("the manage forms", () => {
  it("need a time to move to, and keep a valid zone only", () => {
    expect(manageRescheduleSchema.safeParse({}).error?.issues[0].message).toBe("Choose a new time for your consultation");
    expect(manageRescheduleSchema.safeParse({ consultationDate: "soon" }).error?.issues[0].message).toBe("Choose a new time for your consultation");
    expect(manageRescheduleSchema.parse({ consultationDate: "2026-06-02T09:00:00.000Z", timeZone: "Nowhere/Land" })).toEqual({
      consultationDate: "2026-06-02T09:00:00.000Z",
      timeZone: undefined,
    });
    expect(manageRescheduleSchema.parse({ consultationDate: "2026-06-02T09:00:00.000Z", timeZone: "Asia/Calcutta" }).timeZone).toBe("Asia/Kolkata");
  });

  it("take an optional reason for a cancellation, up to 500 characters", () => {
    expect(manageCancelSchema.parse({ reason: "  " })).toEqual({ reason: undefined, timeZone: undefined });
    expect(manageCancelSchema.parse({ reason: " Ill " }).reason).toBe("Ill");
    expect(manageCancelSchema.safeParse({ reason: "x".repeat(501) }).error?.issues[0].message).toBe("Keep the reason to 500 characters or fewer");
  });
});
