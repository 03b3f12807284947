import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { preparedStatement, runStatement, type Placeholders } from "../db/prepared.server";
import { emailSuppressions, type SuppressionReason } from "../db/schema.server";
import type { AnyEmailKind, EmailKind } from "../email/types";

// Addresses we must not mail. An unsubscribe stops reminders and follow-ups
// (the transactional confirmation, reschedule and cancellation still go); a
// hard bounce or a spam report stops all mail to the address.

const OPTIONAL_KINDS: readonly EmailKind[] = ["reminder", "follow_up"];

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The address's suppression, if any (the address normalised: normaliseEmail). */
export const suppressionOf = preparedStatement((db: Db, p: Placeholders<{ email: string }>) =>
  db.select({ reason: emailSuppressions.reason }).from(emailSuppressions).where(eq(emailSuppressions.email, p.email)).limit(1),
);

export async function suppressionFor(db: Db, email: string): Promise<SuppressionReason | null> {
  const [row] = await runStatement(db, suppressionOf.bind(db, { email: normaliseEmail(email) }));
  return row?.reason ?? null;
}

/** Whether the address's suppression (if any) stops this kind of mail: the reason it does, or null. */
export function blocksKind(reason: SuppressionReason | null | undefined, kind: AnyEmailKind): SuppressionReason | null {
  if (!reason) return null;
  if (reason === "unsubscribe" && !(OPTIONAL_KINDS as readonly AnyEmailKind[]).includes(kind)) return null;
  return reason;
}

/** Records a suppression; a bounce or spam report outranks an unsubscribe, never the other way round. */
export async function suppress(db: Db, email: string, reason: SuppressionReason, now: number): Promise<void> {
  await db
    .insert(emailSuppressions)
    .values({ email: normaliseEmail(email), reason, createdAt: now })
    .onConflictDoUpdate({
      target: emailSuppressions.email,
      set: { reason, createdAt: now },
      setWhere: sql`${emailSuppressions.reason} = 'unsubscribe' AND ${reason} != 'unsubscribe'`,
    });
}

/** For the admin: lets mail go to the address again (e.g. after the client fixed their mailbox). */
export async function removeSuppression(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .delete(emailSuppressions)
    .where(eq(emailSuppressions.email, normaliseEmail(email)))
    .returning({ email: emailSuppressions.email });
  return rows.length > 0;
}
