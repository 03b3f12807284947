import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retentionCutoff } from "~/domain/retention";

describe("retentionCutoff", () => {
  it("goes back whole calendar months in UTC", () => {
    expect(new Date(retentionCutoff(Date.UTC(2026, 4, 15, 12), 24)).toISOString()).toBe("2024-05-15T12:00:00.000Z");
    expect(new Date(retentionCutoff(Date.UTC(2026, 0, 10), 1)).toISOString()).toBe("2025-12-10T00:00:00.000Z");
  });

  it("clamps to the month's last day (31 March minus one month is 28/29 February)", () => {
    expect(new Date(retentionCutoff(Date.UTC(2026, 2, 31), 1)).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(new Date(retentionCutoff(Date.UTC(2028, 2, 31), 1)).toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });

  it("is always before now, by at least 28 days a month and at most 31 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: 1, max: 120 }), (now, months) => {
        const cutoff = retentionCutoff(now, months);
        const days = (now - cutoff) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(28 * months - 3);
        expect(days).toBeLessThanOrEqual(31 * months);
      }),
    );
  });
});
