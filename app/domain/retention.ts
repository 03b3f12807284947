// RETENTION_MONTHS: personal fields of consultations that ended longer ago
// than this are erased by the cron. Calendar months in UTC, clamped at the
// month's end (31 March minus one month is 28/29 February, not 3 March).

/** Consultations that ended before this instant are past retention. */
export function retentionCutoff(now: number, months: number): number {
  const d = new Date(now);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}
