import { and, eq } from "drizzle-orm";
import type { Db } from "./db/client.server";
import { drizzleStatement, preparedStatement, runStatement, type BoundStatement, type Placeholders } from "./db/prepared.server";
import { idempotencyKeys } from "./db/schema.server";
import { hmacKey } from "./hmac-key.server";

// Idempotency-Key handling without round trips of its own (docs/decisions/0047):
// the key's stored answer is read in the booking's one read batch, and the
// answer is written in the booking's one guarded write batch, so the key and
// the booking commit together or not at all. A repeat with the same body
// replays the stored answer; a repeat with a different body is refused. Only
// successful answers are stored, so a failed attempt (a taken slot, an
// outage) can be retried with the same key.
//
// Two requests with the same key and body in flight at once (a double click)
// book under the same consultation id (idempotentConsultationId): the SlotLock
// lets both claims through (they are one booking), and the write batch of the
// second fails on the key's primary key, after which it replays the first's answer.

export type StoredResponse = { status: number; body: unknown };

/** What an earlier request with the same key left behind. */
export type KeyVerdict = { kind: "none" } | { kind: "replay"; response: StoredResponse } | { kind: "mismatch" };

/** The key, the hash of the request it came with, and the answer to store when the booking commits. */
export type IdempotencyClaim = { key: string; hash: string };

export async function requestHash(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The consultation id for a keyed request: HMAC-SHA-256 of key and request
 * hash under the server's secret, shaped as a UUID (version 8, "custom").
 * The same submission always gets the same id, so concurrent repeats claim
 * the same hold; nobody without the secret can predict it (the id opens the
 * confirmation page).
 */
export async function idempotentConsultationId(secret: string, claim: IdempotencyClaim): Promise<string> {
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`consultation-id\u0000${claim.key}\u0000${claim.hash}`)),
  );
  const bytes = mac.slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const storedAnswer = preparedStatement((db: Db, p: Placeholders<{ key: string }>) =>
  db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, p.key)).limit(1),
);

/** The key's row, as a read for the booking's read batch. */
export function storedAnswerQuery(db: Db, key: string) {
  return storedAnswer.bind(db, { key });
}

export type KeyRow = typeof idempotencyKeys.$inferSelect;

/** A row left "pending" by a request that died before decision 0047: the booking's batch replaces it (recordAnswer). */
export function isPendingLeftover(rows: readonly KeyRow[]): boolean {
  return rows[0]?.state === "pending";
}

/** What the key's row (from storedAnswerQuery) means for a request with this hash. */
export function verdictOf(rows: KeyRow[], hash: string): KeyVerdict {
  const row = rows[0];
  // "pending" rows were written before decision 0047 by requests that died; recordAnswer replaces them.
  if (!row || row.state !== "done") return { kind: "none" };
  if (row.requestHash !== hash) return { kind: "mismatch" };
  return { kind: "replay", response: { status: row.responseStatus ?? 200, body: JSON.parse(row.responseBody ?? "null") } };
}

/** After a write batch failed: did another request with this key commit meanwhile? One read, only on that path. */
export async function lookUpKey(db: Db, claim: IdempotencyClaim): Promise<KeyVerdict> {
  return verdictOf(await runStatement(db, storedAnswerQuery(db, claim.key)), claim.hash);
}

const answerInsert = preparedStatement(
  (db: Db, p: Placeholders<{ key: string; requestHash: string; responseStatus: number; responseBody: string; createdAt: number }>) =>
    db.insert(idempotencyKeys).values({
      key: p.key,
      requestHash: p.requestHash,
      state: "done",
      responseStatus: p.responseStatus,
      responseBody: p.responseBody,
      createdAt: p.createdAt,
    }),
);

/**
 * Statements for the booking's write batch: the key with its answer. The
 * INSERT has no ON CONFLICT, so a key that another request stored first makes
 * the whole batch (the booking with it) roll back. `replacesPending`: the read
 * batch found a pending row (isPendingLeftover), which is deleted first;
 * nothing writes such rows any more, so otherwise there is nothing to delete.
 */
export function recordAnswer(db: Db, claim: IdempotencyClaim, response: StoredResponse, now: number, replacesPending: boolean): BoundStatement<unknown>[] {
  const insert = answerInsert.bind(db, {
    key: claim.key,
    requestHash: claim.hash,
    responseStatus: response.status,
    responseBody: JSON.stringify(response.body),
    createdAt: now,
  });
  if (!replacesPending) return [insert];
  return [drizzleStatement(db, db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.key, claim.key), eq(idempotencyKeys.state, "pending")))), insert];
}
