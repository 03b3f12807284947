// The booking rate per source page: bookings ÷ views of the page that shows
// the booking button, beside the studio's target of 30–40 %.

export const BOOKING_RATE_TARGET = { low: 0.3, high: 0.4 } as const;
export const SOURCE_PERIOD_DAYS = [7, 30, 90, 365] as const;
export type SourcePeriodDays = (typeof SOURCE_PERIOD_DAYS)[number];

export function sourcePeriod(value: string | null): SourcePeriodDays {
  const n = Number(value);
  return (SOURCE_PERIOD_DAYS as readonly number[]).includes(n) ? (n as SourcePeriodDays) : 30;
}

export type SourceRow = { page: string | null; views: number; opens: number; bookings: number };
export type TargetStanding = "below" | "on_target" | "above" | "no_views";

export type SourceReportRow = SourceRow & { rate: number | null; standing: TargetStanding };

export function standingOf(rate: number | null): TargetStanding {
  if (rate === null) return "no_views";
  if (rate < BOOKING_RATE_TARGET.low) return "below";
  return rate > BOOKING_RATE_TARGET.high ? "above" : "on_target";
}

/**
 * One row per page seen in either counts or bookings (bookings without a page,
 * straight on /book, as page null), most viewed first, plus the totals over
 * the pages that show the button.
 */
export function sourceReport(counts: { page: string; views: number; opens: number }[], bookings: { page: string | null; bookings: number }[]) {
  const rows = new Map<string | null, SourceRow>();
  const row = (page: string | null) => rows.get(page) ?? rows.set(page, { page, views: 0, opens: 0, bookings: 0 }).get(page)!;
  for (const c of counts) Object.assign(row(c.page), { views: row(c.page).views + c.views, opens: row(c.page).opens + c.opens });
  for (const b of bookings) row(b.page).bookings += b.bookings;
  const withRate = (r: SourceRow): SourceReportRow => {
    const rate = r.views > 0 ? r.bookings / r.views : null;
    return { ...r, rate, standing: standingOf(rate) };
  };
  const list = [...rows.values()]
    .map(withRate)
    .sort((a, b) => (a.page === null ? 1 : b.page === null ? -1 : b.views - a.views || b.bookings - a.bookings || a.page.localeCompare(b.page)));
  const embedded = list.filter((r) => r.page !== null);
  const total = withRate({
    page: null,
    views: embedded.reduce((s, r) => s + r.views, 0),
    opens: embedded.reduce((s, r) => s + r.opens, 0),
    bookings: embedded.reduce((s, r) => s + r.bookings, 0),
  });
  return { rows: list, total };
}
