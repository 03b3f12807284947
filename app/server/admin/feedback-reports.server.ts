import { funnel, type FunnelCounts } from "~/domain/funnel";
import type { ReportPeriod } from "~/domain/report-period";
import { ratingChange, ratingChangeText, ratingSummary, ratingTrend, type RatedRow } from "./feedback-figures";
import { monthsAgoStart } from "./reports.server";

// The reports' figures for the path after the consultation (docs/decisions/0019):
// client feedback (average, spread, trend per month, change from the period
// before) and the funnel consultations -> completed -> feedback -> service
// requests -> quotes sent -> accepted, with the accepted value. Both count
// consultations by their date, in the period chosen on the page, up to now:
// a consultation still ahead can't have converted yet.

/** Months of the rating trend for "all time". */
const ALL_TIME_TREND_MONTHS = 24;

async function ratedBetween(d1: D1Database, from: number | null, to: number): Promise<RatedRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT c.consultation_date AS startsAt, f.rating AS rating
       FROM consultation_feedback f JOIN consultations c ON c.id = f.consultation_id
       WHERE c.consultation_date >= ? AND c.consultation_date < ?`,
    )
    .bind(from ?? 0, to)
    .all<RatedRow>();
  return results ?? [];
}

// One row: each stage counts consultations (not requests or quotes), so a
// client who sent two requests counts once and every rate stays a share of
// clients. The sub-selects use each table's consultation index.
const FUNNEL_SQL = `SELECT
    COUNT(*) AS consultations,
    COALESCE(SUM(c.status = 'completed'), 0) AS completed,
    COALESCE(SUM(EXISTS (SELECT 1 FROM consultation_feedback f WHERE f.consultation_id = c.id)), 0) AS feedback,
    COALESCE(SUM(EXISTS (SELECT 1 FROM service_requests r WHERE r.consultation_id = c.id)), 0) AS requests,
    COALESCE(SUM(EXISTS (SELECT 1 FROM quotes q WHERE q.consultation_id = c.id AND q.sent_at IS NOT NULL)), 0) AS quotes_sent,
    COALESCE(SUM(EXISTS (SELECT 1 FROM quotes q WHERE q.consultation_id = c.id AND q.status = 'accepted')), 0) AS accepted,
    COALESCE(SUM((SELECT SUM(q.accepted_total_minor) FROM quotes q WHERE q.consultation_id = c.id AND q.status = 'accepted')), 0) AS accepted_value
  FROM consultations c
  WHERE c.consultation_date >= ? AND c.consultation_date < ?`;

export async function funnelBetween(d1: D1Database, from: number | null, to: number) {
  const row = await d1.prepare(FUNNEL_SQL).bind(from ?? 0, to).first<FunnelCounts & { accepted_value: number }>();
  const counts: FunnelCounts = {
    consultations: Number(row?.consultations ?? 0),
    completed: Number(row?.completed ?? 0),
    feedback: Number(row?.feedback ?? 0),
    requests: Number(row?.requests ?? 0),
    quotes_sent: Number(row?.quotes_sent ?? 0),
    accepted: Number(row?.accepted ?? 0),
  };
  return funnel(counts, Number(row?.accepted_value ?? 0));
}

export async function loadServiceReports(d1: D1Database, options: { now: number; timeZone: string; period: ReportPeriod; currency: string }) {
  const { now, timeZone, period } = options;
  const months = period === "all" ? null : Number(period.slice(0, -1));
  const periodStart = months === null ? null : monthsAgoStart(now, months - 1, timeZone);
  const previousStart = months === null ? null : monthsAgoStart(now, 2 * months - 1, timeZone);
  const trendMonths = months ?? ALL_TIME_TREND_MONTHS;
  const trendStart = monthsAgoStart(now, trendMonths - 1, timeZone);

  const [rated, previous, trendRows, flow] = await Promise.all([
    ratedBetween(d1, periodStart, now),
    previousStart === null || periodStart === null ? Promise.resolve(null) : ratedBetween(d1, previousStart, periodStart),
    periodStart !== null && periodStart <= trendStart ? Promise.resolve(null) : ratedBetween(d1, trendStart, now),
    funnelBetween(d1, periodStart, now),
  ]);
  const summary = ratingSummary(rated);
  const before = previous ? ratingSummary(previous) : null;
  const change = ratingChange(summary.average, before?.average ?? null);
  return {
    rating: {
      ...summary,
      previousAverage: before?.average ?? null,
      previousCount: before?.count ?? 0,
      change,
      changeText: ratingChangeText(change),
      trend: ratingTrend(trendRows ?? rated, { now, timeZone, months: trendMonths }),
    },
    funnel: flow,
    currency: options.currency,
  };
}
