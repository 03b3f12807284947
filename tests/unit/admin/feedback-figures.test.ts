import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ratingChange, ratingChangeText, ratingSummary, ratingTrend } from "~/server/admin/feedback-figures";

const TZ = "Europe/London";
const at = (iso: string) => Date.parse(iso);

describe("ratingSummary", () => {
  it("averages in tenths, half up, and counts each rating", () => {
    expect(ratingSummary([{ startsAt: 0, rating: 5 }, { startsAt: 0, rating: 4 }, { startsAt: 0, rating: 2 }])).toEqual({
      count: 3,
      average: 37, // 11 / 3 = 3.666…
      distribution: [0, 1, 0, 1, 1],
    });
    expect(ratingSummary([])).toEqual({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
  });

  it("the average always lies between the lowest and the highest rating", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }), (ratings) => {
        const { average, distribution, count } = ratingSummary(ratings.map((rating) => ({ startsAt: 0, rating })));
        expect(average).toBeGreaterThanOrEqual(Math.min(...ratings) * 10);
        expect(average).toBeLessThanOrEqual(Math.max(...ratings) * 10);
        expect(distribution.reduce((a, b) => a + b, 0)).toBe(count);
      }),
    );
  });
});

describe("ratingTrend", () => {
  it("buckets by the studio's month, oldest first, with empty months kept", () => {
    const now = at("2026-07-15T12:00:00Z");
    const trend = ratingTrend(
      [
        { startsAt: at("2026-07-01T00:30:00+01:00"), rating: 5 }, // 1 July in London, 30 June in UTC
        { startsAt: at("2026-07-10T10:00:00Z"), rating: 4 },
        { startsAt: at("2026-05-20T10:00:00Z"), rating: 1 },
        { startsAt: at("2025-01-20T10:00:00Z"), rating: 1 }, // outside the window
      ],
      { now, timeZone: TZ, months: 3 },
    );
    expect(trend).toEqual([
      { key: "2026-05", label: "May 2026", count: 1, average: 10, current: false },
      { key: "2026-06", label: "Jun 2026", count: 0, average: null, current: false },
      { key: "2026-07", label: "Jul 2026", count: 2, average: 45, current: true },
    ]);
  });

  it("crosses a year", () => {
    const trend = ratingTrend([], { now: at("2026-01-10T12:00:00Z"), timeZone: TZ, months: 2 });
    expect(trend.map((m) => m.key)).toEqual(["2025-12", "2026-01"]);
  });
});

describe("the change from the period before", () => {
  it("is in tenths, and unknown when either period has no ratings", () => {
    expect(ratingChange(37, 10)).toBe(27);
    expect(ratingChange(null, 10)).toBeNull();
    expect(ratingChange(40, null)).toBeNull();
    expect([27, -5, 0, null].map((c) => ratingChangeText(c))).toEqual(["+2.7", "−0.5", "no change", "–"]);
  });
});
