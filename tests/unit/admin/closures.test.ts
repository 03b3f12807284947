import { describe, expect, it } from "vitest";
import { closureFormSchema, closureInterval, startOfZonedDay, type ClosureForm } from "~/domain/closures";

const form = (v: Partial<ClosureForm>): ClosureForm => ({ kind: "days", startDate: "2026-12-24", reason: "Holiday", ...v });

describe("closureInterval", () => {
  it("covers whole studio days, midnight to midnight, in winter and summer", () => {
    expect(closureInterval(form({ endDate: "2026-12-26" }), "Europe/London")).toEqual({
      ok: true,
      interval: { start: Date.UTC(2026, 11, 24), end: Date.UTC(2026, 11, 27), allDay: true },
    });
    expect(closureInterval(form({ startDate: "2026-07-01" }), "Europe/London")).toEqual({
      ok: true,
      interval: { start: Date.UTC(2026, 5, 30, 23), end: Date.UTC(2026, 6, 1, 23), allDay: true },
    });
  });

  it("knows DST days are 23 and 25 hours long", () => {
    const spring = closureInterval(form({ startDate: "2026-03-29" }), "Europe/London");
    const autumn = closureInterval(form({ startDate: "2026-10-25" }), "Europe/London");
    expect(spring.ok && spring.interval.end - spring.interval.start).toBe(23 * 3_600_000);
    expect(autumn.ok && autumn.interval.end - autumn.interval.start).toBe(25 * 3_600_000);
  });

  it("turns studio wall times into instants", () => {
    const r = closureInterval(form({ kind: "times", startDate: "2026-07-01", startTime: "14:00", endTime: "16:30" }), "America/New_York");
    expect(r).toEqual({ ok: true, interval: { start: Date.UTC(2026, 6, 1, 18), end: Date.UTC(2026, 6, 1, 20, 30), allDay: false } });
    const overnight = closureInterval(form({ kind: "times", startDate: "2026-07-01", endDate: "2026-07-02", startTime: "18:00", endTime: "09:00" }), "Europe/London");
    expect(overnight.ok && overnight.interval.end - overnight.interval.start).toBe(15 * 3_600_000);
  });

  it("reports wall times the clocks skip", () => {
    expect(closureInterval(form({ kind: "times", startDate: "2026-03-29", startTime: "01:30", endTime: "03:00" }), "Europe/London")).toMatchObject({ ok: false, field: "startTime" });
    expect(closureInterval(form({ kind: "times", startDate: "2026-03-28", endDate: "2026-03-29", startTime: "22:00", endTime: "01:15" }), "Europe/London")).toMatchObject({ ok: false, field: "endTime" });
  });

  it("starts a day after a midnight DST gap at the first real wall time", () => {
    // Santiago skips 00:00-01:00 when its clocks go forward (first Sunday of September 2026).
    expect(startOfZonedDay("2026-09-06", "America/Santiago")).toBe(Date.UTC(2026, 8, 6, 4));
  });
});

describe("closureFormSchema", () => {
  const parse = (v: Record<string, unknown>) => closureFormSchema.safeParse(v);
  const errorsOf = (v: Record<string, unknown>) => {
    const r = parse(v);
    return r.success ? {} : r.error.flatten().fieldErrors;
  };

  it("accepts whole days and time ranges", () => {
    expect(parse({ kind: "days", startDate: "2026-12-24", reason: "Holiday" }).success).toBe(true);
    expect(parse({ kind: "times", startDate: "2026-12-24", startTime: "09:00", endTime: "12:00", reason: "Session" }).success).toBe(true);
  });

  it("explains what is wrong", () => {
    expect(errorsOf({ kind: "days", startDate: "2026-12-24", endDate: "2026-12-20", reason: "x" })).toHaveProperty("endDate");
    expect(errorsOf({ kind: "days", startDate: "2026-01-01", endDate: "2027-01-02", reason: "x" }).endDate).toEqual(["A closure can cover at most 366 days"]);
    expect(errorsOf({ kind: "times", startDate: "2026-12-24", reason: "x" })).toMatchObject({ startTime: expect.any(Array), endTime: expect.any(Array) });
    expect(errorsOf({ kind: "times", startDate: "2026-12-24", startTime: "12:00", endTime: "12:00", reason: "x" })).toHaveProperty("endTime");
    expect(errorsOf({ kind: "days", startDate: "24/12/2026", reason: "x" })).toHaveProperty("startDate");
    expect(errorsOf({ kind: "days", startDate: "2026-12-24", reason: "  " })).toHaveProperty("reason");
    expect(errorsOf({ kind: "times", startDate: "2026-12-24", startTime: "25:00", endTime: "12:00", reason: "x" })).toHaveProperty("startTime");
  });
});

describe("closure date bounds", () => {
  it("refuses dates far outside any booking calendar", () => {
    expect(closureFormSchema.safeParse({ kind: "days", startDate: "9999-12-31", reason: "x" }).success).toBe(false);
    expect(closureFormSchema.safeParse({ kind: "days", startDate: "2026-12-31", endDate: "9999-12-31", reason: "x" }).success).toBe(false);
  });
});
