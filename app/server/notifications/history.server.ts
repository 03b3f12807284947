import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { emailEvents, emailMessages, type EmailMessageRow } from "../db/schema.server";

// Email history: every send (or skip) of a consultation, with the provider's
// delivery events. Content is only kept for the local mailbox.

export type EmailHistoryEntry = Omit<EmailMessageRow, "html" | "text" | "ics"> & {
  events: { event: string; occurredAt: number }[];
};

export async function emailHistoryFor(db: Db, consultationId: string): Promise<EmailHistoryEntry[]> {
  const messages = await db
    .select()
    .from(emailMessages)
    .where(eq(emailMessages.consultationId, consultationId))
    .orderBy(asc(emailMessages.createdAt));
  const ids = messages.map((m) => m.id);
  const events = ids.length
    ? await db
        .select({ messageId: emailEvents.messageId, event: emailEvents.event, occurredAt: emailEvents.occurredAt })
        .from(emailEvents)
        .where(inArray(emailEvents.messageId, ids))
        .orderBy(asc(emailEvents.occurredAt))
    : [];
  return messages.map(({ html: _html, text: _text, ics: _ics, ...m }) => ({
    ...m,
    events: events.filter((e) => e.messageId === m.id).map(({ event, occurredAt }) => ({ event, occurredAt })),
  }));
}

/** /dev/mailbox: what the local provider "sent", newest first. */
export async function localMailbox(db: Db, limit = 50): Promise<EmailMessageRow[]> {
  return db
    .select()
    .from(emailMessages)
    .where(eq(emailMessages.provider, "local"))
    .orderBy(desc(emailMessages.createdAt))
    .limit(limit);
}
