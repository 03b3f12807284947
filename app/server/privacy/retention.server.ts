import { and, asc, isNull, lt, sql } from "drizzle-orm";
import { retentionCutoff } from "~/domain/retention";
import { consultations } from "../db/schema.server";
import type { OutboxDeps } from "../outbox/deps.server";
import { eraseConsultations } from "./erase.server";

// The cron's retention sweep: erase the personal fields of consultations that
// ended more than RETENTION_MONTHS ago (actor "system"), a batch per tick so a
// first run over years of data stays within the cron's time.

export const RETENTION_BATCH = 50;

export async function eraseExpiredConsultations(deps: OutboxDeps, limit = RETENTION_BATCH): Promise<number> {
  const months = deps.config.protection.retentionMonths;
  const cutoff = retentionCutoff(deps.now(), months);
  const due = await deps.db
    .select({ id: consultations.id })
    .from(consultations)
    .where(and(isNull(consultations.erasedAt), lt(consultations.consultationDate, cutoff), lt(sql`${consultations.consultationDate} + ${consultations.durationMinutes} * 60000`, cutoff)))
    .orderBy(asc(consultations.consultationDate))
    .limit(limit);
  if (due.length === 0) return 0;
  return eraseConsultations(deps, due.map((d) => d.id), { kind: "system", detail: "retention" }, `Ended more than ${months} months ago (RETENTION_MONTHS)`);
}
