import { and, gte, lt, lte, sql } from "drizzle-orm";
import { addDaysToIsoDate } from "~/domain/calendar-date";
import { startOfZonedDay } from "~/domain/closures";
import { sourceReport, type SourcePeriodDays } from "~/domain/source-report";
import { zonedDate } from "~/domain/time-zones";
import type { Db } from "../db/client.server";
import { consultations, embedDailyCounts } from "../db/schema.server";

// /admin/sources: views and opens (embed_daily_counts) and bookings
// (consultations.source_page, by booking date) per page over the last N
// studio days, today included.

export async function loadSourceReport(db: Db, options: { now: number; timeZone: string; days: SourcePeriodDays }) {
  const today = zonedDate(options.now, options.timeZone);
  const first = addDaysToIsoDate(today, -(options.days - 1));
  const from = startOfZonedDay(first, options.timeZone);
  const to = startOfZonedDay(addDaysToIsoDate(today, 1), options.timeZone);
  const [counts, bookings, campaigns] = await Promise.all([
    db
      .select({ page: embedDailyCounts.page, views: sql<number>`sum(${embedDailyCounts.views})`, opens: sql<number>`sum(${embedDailyCounts.opens})` })
      .from(embedDailyCounts)
      .where(and(gte(embedDailyCounts.day, first), lte(embedDailyCounts.day, today)))
      .groupBy(embedDailyCounts.page),
    db
      .select({ page: consultations.sourcePage, bookings: sql<number>`count(*)` })
      .from(consultations)
      .where(and(gte(consultations.createdAt, from), lt(consultations.createdAt, to)))
      .groupBy(consultations.sourcePage),
    db
      .select({ source: consultations.utmSource, medium: consultations.utmMedium, campaign: consultations.utmCampaign, bookings: sql<number>`count(*)` })
      .from(consultations)
      .where(and(gte(consultations.createdAt, from), lt(consultations.createdAt, to), sql`(${consultations.utmSource} IS NOT NULL OR ${consultations.utmMedium} IS NOT NULL OR ${consultations.utmCampaign} IS NOT NULL)`))
      .groupBy(consultations.utmSource, consultations.utmMedium, consultations.utmCampaign)
      .orderBy(sql`count(*) DESC`),
  ]);
  const report = sourceReport(
    counts.map((c) => ({ page: c.page, views: Number(c.views), opens: Number(c.opens) })),
    bookings.map((b) => ({ page: b.page, bookings: Number(b.bookings) })),
  );
  return { ...report, campaigns: campaigns.map((c) => ({ ...c, bookings: Number(c.bookings) })), first, last: today };
}
