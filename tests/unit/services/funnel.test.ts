import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUNNEL_STAGES, averageRating, funnel, permille, permilleText, ratingText } from "~/domain/funnel";

describe("funnel", () => {
  it("gives each stage's count and its rates from the previous and the first stage", () => {
    const result = funnel({ consultations: 40, completed: 32, feedback: 20, requests: 12, quotes_sent: 9, accepted: 3 }, 231_000);
    expect(result.acceptedValueMinor).toBe(231_000);
    expect(result.stages.map((s) => [s.stage, s.count, s.fromPreviousText, s.fromFirstText])).toEqual([
      ["consultations", 40, "–", "100%"],
      ["completed", 32, "80%", "80%"],
      ["feedback", 20, "62.5%", "50%"],
      ["requests", 12, "60%", "30%"],
      ["quotes_sent", 9, "75%", "22.5%"],
      ["accepted", 3, "33.3%", "7.5%"],
    ]);
    expect(result.stages[5].fromPreviousPermille).toBe(333);
    expect(result.stages[0].label).toBe("Consultations booked");
  });

  it("never shows NaN on an empty period", () => {
    const result = funnel({ consultations: 0, completed: 0, feedback: 0, requests: 0, quotes_sent: 0, accepted: 0 });
    for (const row of result.stages) {
      expect(row.fromPreviousPermille).toBeNull();
      expect(row.fromFirstPermille).toBeNull();
      expect(row.fromFirstText).toBe("–");
    }
  });

  it("rounds half up to a tenth of a percent: 1 of 8 is 12.5 %, 2 of 3 is 66.7 %", () => {
    expect(permille(1, 8)).toBe(125);
    expect(permille(2, 3)).toBe(667);
    expect(permille(1, 2000)).toBe(1); // 0.05 % -> 0.1 %
    expect(permilleText(5)).toBe("0.5%");
    expect(permilleText(1250)).toBe("125%");
  });

  it("rates are whole numbers for any counts", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 100_000 }), { minLength: 6, maxLength: 6 }), (values) => {
        const counts = Object.fromEntries(FUNNEL_STAGES.map((s, i) => [s, values[i]])) as Record<(typeof FUNNEL_STAGES)[number], number>;
        for (const row of funnel(counts).stages) {
          for (const rate of [row.fromFirstPermille, row.fromPreviousPermille]) if (rate !== null) expect(Number.isInteger(rate)).toBe(true);
          expect(row.fromFirstText).not.toMatch(/NaN|Infinity/);
        }
      }),
    );
  });
});

describe("averageRating", () => {
  it("is in tenths, half up, or null with no ratings", () => {
    expect(averageRating(43, 10)).toBe(43);
    expect(averageRating(13, 3)).toBe(43); // 4.333…
    expect(averageRating(9, 2)).toBe(45);
    expect(averageRating(29, 6)).toBe(48); // 4.8333…
    expect(averageRating(0, 0)).toBeNull();
    expect(ratingText(43)).toBe("4.3");
    expect(ratingText(50)).toBe("5.0");
    expect(ratingText(null)).toBe("–");
  });
});
