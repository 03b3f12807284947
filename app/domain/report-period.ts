import { z } from "zod";

// The periods the reports page offers (?period=...). Not in a .server module:
// the page's component needs the labels in the browser too.
export const REPORT_PERIODS = ["3m", "6m", "12m", "all"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const PERIOD_LABELS: Record<ReportPeriod, string> = { "3m": "Last 3 months", "6m": "Last 6 months", "12m": "Last 12 months", all: "All time" };
/** A missing or unknown period reads as the default, three months. */
export const periodSchema = z.enum(REPORT_PERIODS).catch("3m");
