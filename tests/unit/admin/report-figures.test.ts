import { describe, expect, it } from "vitest";
import { emailEngagement, monthKey, monthlyVolume, popularSlots, statusBreakdown, weekStart, weeklyVolume, type ReportRow } from "~/server/admin/report-figures";

const TZ = "Europe/London";
const at = (iso: string) => Date.parse(iso);

describe("weeks and months in the studio's zone", () => {
  it("starts weeks on the studio's Monday", () => {
    // Sunday 23:30 UTC in summer is already Monday 00:30 in London.
    expect(weekStart(at("2026-06-07T23:30:00Z"), TZ)).toBe("2026-06-08");
    expect(weekStart(at("2026-06-07T22:30:00Z"), TZ)).toBe("2026-06-01");
    expect(weekStart(at("2026-06-07T22:30:00Z"), "Asia/Tokyo")).toBe("2026-06-08");
    expect(monthKey(at("2026-06-30T23:30:00Z"), TZ)).toBe("2026-07");
  });

  it("buckets consultations per week and month, around now", () => {
    const rows: ReportRow[] = [
      { startsAt: at("2026-06-03T09:00:00Z"), status: "completed" },
      { startsAt: at("2026-06-04T09:00:00Z"), status: "no_show" },
      { startsAt: at("2026-06-10T09:00:00Z"), status: "scheduled" },
      { startsAt: at("2026-01-10T09:00:00Z"), status: "cancelled" },
    ];
    const weeks = weeklyVolume(rows, { now: at("2026-06-05T12:00:00Z"), timeZone: TZ, before: 2, after: 1 });
    expect(weeks.map((w) => [w.key, w.total, w.current])).toEqual([
      ["2026-05-18", 0, false],
      ["2026-05-25", 0, false],
      ["2026-06-01", 2, true],
      ["2026-06-08", 1, false],
    ]);
    expect(weeks[2].counts).toEqual({ scheduled: 0, completed: 1, cancelled: 0, no_show: 1 });
    expect(weeks[2].label).toBe("1 Jun");
    const months = monthlyVolume(rows, { now: at("2026-06-05T12:00:00Z"), timeZone: TZ, before: 6, after: 1 });
    expect(months.map((m) => [m.key, m.total])).toEqual([
      ["2025-12", 0],
      ["2026-01", 1],
      ["2026-02", 0],
      ["2026-03", 0],
      ["2026-04", 0],
      ["2026-05", 0],
      ["2026-06", 3],
      ["2026-07", 0],
    ]);
    expect(months[1].label).toBe("Jan 26");
  });
});

describe("status figures", () => {
  const now = at("2026-06-10T12:00:00Z");
  const rows: ReportRow[] = [
    { startsAt: at("2026-06-01T09:00:00Z"), status: "completed" },
    { startsAt: at("2026-06-02T09:00:00Z"), status: "completed" },
    { startsAt: at("2026-06-03T09:00:00Z"), status: "completed" },
    { startsAt: at("2026-06-04T09:00:00Z"), status: "no_show" },
    { startsAt: at("2026-06-05T09:00:00Z"), status: "cancelled" },
    { startsAt: at("2026-06-09T09:00:00Z"), status: "scheduled" },
    { startsAt: at("2026-06-20T09:00:00Z"), status: "scheduled" },
  ];

  it("breaks down statuses with the no-show rate among recorded outcomes", () => {
    expect(statusBreakdown(rows, now)).toEqual({
      counts: { scheduled: 2, completed: 3, cancelled: 1, no_show: 1 },
      total: 7,
      noShowRate: 0.25,
      awaitingOutcome: 1,
    });
    expect(statusBreakdown([], now).noShowRate).toBeNull();
  });

});

describe("popularSlots", () => {
  it("counts by the studio's weekday and hour, in summer and winter alike", () => {
    const rows: ReportRow[] = [
      { startsAt: at("2026-06-01T09:00:00Z"), status: "completed" }, // Mon 10:00 BST
      { startsAt: at("2026-12-07T10:15:00Z"), status: "scheduled" }, // Mon 10:15 GMT
      { startsAt: at("2026-06-05T17:45:00Z"), status: "cancelled" }, // Fri 18:45 BST
      { startsAt: at("2026-06-06T10:00:00Z"), status: "completed" }, // Saturday: not a workday
    ];
    const map = popularSlots(rows, { timeZone: TZ, weekdays: [5, 1, 2, 3, 4], firstHour: 10, lastHour: 18 });
    expect(map.weekdays).toEqual([1, 2, 3, 4, 5]);
    expect(map.hours).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(map.cells[0][0]).toBe(2);
    expect(map.cells[4][8]).toBe(1);
    expect(map.max).toBe(2);
    expect(map.cells.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe("emailEngagement", () => {
  it("counts delivered, bounced and opened from statuses and events", () => {
    expect(
      emailEngagement([
        { status: "delivered", events: ["processed", "delivered"] },
        { status: "opened", events: ["delivered", "opened"] },
        { status: "bounced", events: ["bounced"] },
        { status: "sent", events: [] },
        { status: "skipped", events: [] },
        { status: "clicked", events: [] },
      ]),
    ).toEqual({ sent: 5, delivered: 3, bounced: 1, opened: 2 });
  });
});
