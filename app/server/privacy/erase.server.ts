import { and, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { consultations, dataErasures } from "../db/schema.server";
import type { AppConfig } from "../env.server";
import type { Logger } from "../log.server";
import type { Statement } from "../outbox/plans.server";
import type { OutboxRelay } from "../outbox/relay.server";
import { runJobsSoon } from "../outbox/wiring.server";
import { PRIVACY_PARTS } from "./parts.server";

// Erasing a client's personal data: every part's statements for the given
// consultations, and a data_erasures row per consultation saying who and
// when, in ONE D1 batch. Times, statuses and counts stay. Pending emails are
// cancelled and the calendar event is rewritten without the client through
// the outbox (calendar.patch, run right after or by the cron).
// See docs/decisions/0022-erasure.md.

export type ErasureActor = { kind: "client" | "studio" | "system"; detail?: string | null };
export type ErasureDeps = { db: Db; log: Logger; now: () => number; afterCommit?: (consultationIds: string[]) => void };

/** The consultations of the client who made this one: same address, not yet erased (and this one). */
export async function consultationsOfClient(db: Db, consultationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: consultations.id })
    .from(consultations)
    .where(
      sql`${consultations.id} = ${consultationId} OR (${consultations.erasedAt} IS NULL AND lower(${consultations.customerEmail}) =
        (SELECT lower(customer_email) FROM consultations WHERE id = ${consultationId} AND erased_at IS NULL))`,
    );
  return rows.map((r) => r.id);
}

/** Erases the consultations' personal data; how many were erased now (0: all were already). */
export async function eraseConsultations(deps: ErasureDeps, consultationIds: string[], actor: ErasureActor, reason: string): Promise<number> {
  if (consultationIds.length === 0) return 0;
  const pending = await deps.db
    .select({ id: consultations.id })
    .from(consultations)
    .where(and(inArray(consultations.id, consultationIds), isNull(consultations.erasedAt)));
  const ids = pending.map((p) => p.id);
  if (ids.length === 0) return 0;
  const now = deps.now();
  const ctx = { db: deps.db, consultationIds: ids, now };
  const statements: Statement[] = [
    ...PRIVACY_PARTS.flatMap((part) => part.erase?.(ctx) ?? []),
    // Recorded only for rows this batch erased (a concurrent erasure got the others).
    ...ids.map((id) =>
      deps.db.insert(dataErasures).select(sql`
        SELECT ${crypto.randomUUID()}, ${id}, ${actor.kind}, ${actor.detail ?? null}, ${reason}, ${now}
        WHERE EXISTS (SELECT 1 FROM consultations WHERE id = ${id} AND erased_at = ${now})`),
    ),
  ];
  await deps.db.batch(statements as [Statement, ...Statement[]]);
  deps.log.info("privacy.erased", { consultationIds: ids.join(","), actor: actor.kind, reason });
  deps.afterCommit?.(ids);
  return ids.length;
}

/** The erasure's dependencies for a request: the calendar patch runs right after the response. */
export function erasureDepsFor(services: {
  db: Db;
  log: Logger;
  now: () => number;
  config: AppConfig;
  waitUntil: (work: Promise<unknown>) => void;
  outboxRelay?: OutboxRelay;
}): ErasureDeps {
  return { ...services, afterCommit: (ids) => runJobsSoon(services, ids) };
}
