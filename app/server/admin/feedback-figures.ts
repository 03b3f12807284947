import { averageRating } from "../../domain/funnel";
import { monthKey } from "./report-figures";

// The reports' feedback arithmetic, pure: ratings in, figures out. Ratings
// count in the month of their consultation (the studio's month), like every
// other figure on the reports page. Averages are integer tenths (43 = 4.3).

export type RatedRow = { startsAt: number; rating: number };

export type RatingSummary = {
  count: number;
  /** Tenths, or null with no ratings. */
  average: number | null;
  /** How many of each rating, index 0 = 1 star ... 4 = 5 stars. */
  distribution: [number, number, number, number, number];
};

export function ratingSummary(rows: readonly RatedRow[]): RatingSummary {
  const distribution: RatingSummary["distribution"] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const row of rows) {
    distribution[row.rating - 1]++;
    sum += row.rating;
  }
  return { count: rows.length, average: averageRating(sum, rows.length), distribution };
}

export type RatingMonth = { key: string; label: string; count: number; average: number | null; current: boolean };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function addMonths(key: string, n: number): string {
  const [y, m] = key.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Average rating per studio month, the `months` months up to and including the current one, oldest first. */
export function ratingTrend(rows: readonly RatedRow[], options: { now: number; timeZone: string; months: number }): RatingMonth[] {
  const current = monthKey(options.now, options.timeZone);
  const sums = new Map<string, { sum: number; count: number }>();
  for (const row of rows) {
    const key = monthKey(row.startsAt, options.timeZone);
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    entry.sum += row.rating;
    entry.count++;
    sums.set(key, entry);
  }
  const months: RatingMonth[] = [];
  for (let i = options.months - 1; i >= 0; i--) {
    const key = addMonths(current, -i);
    const entry = sums.get(key);
    months.push({
      key,
      label: `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`,
      count: entry?.count ?? 0,
      average: entry ? averageRating(entry.sum, entry.count) : null,
      current: i === 0,
    });
  }
  return months;
}

/** The change of the average from the previous period, in tenths (+3 = 0.3 higher), or null when either has no ratings. */
export function ratingChange(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

/** "+0.3", "−0.5", "no change", "–". */
export function ratingChangeText(change: number | null): string {
  if (change === null) return "–";
  if (change === 0) return "no change";
  const magnitude = Math.abs(change);
  return `${change > 0 ? "+" : "−"}${Math.trunc(magnitude / 10)}.${magnitude % 10}`;
}
