import { and, eq, lt } from "drizzle-orm";
import type { Db } from "./db/client.server";
import { idempotencyKeys } from "./db/schema.server";

// Idempotency-Key handling: the first request with a key runs; a repeat with
// the same body replays the stored answer; a repeat with a different body is
// refused. Only successful answers are stored, so a failed attempt (a taken
// slot, an outage) can be retried with the same key.

export type StoredResponse = { status: number; body: unknown };
export type IdempotentOutcome =
  | (StoredResponse & { replayed: boolean })
  | { mismatch: true }
  | { inProgress: true };

const ABANDONED_AFTER_MS = 60_000;
const WAIT_STEP_MS = 150;
const WAIT_STEPS = 40;

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

export async function withIdempotency(
  db: Db,
  key: string,
  hash: string,
  now: () => number,
  run: () => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  for (let step = 0; step <= WAIT_STEPS; step++) {
    const owned = await tryOwn(db, key, hash, now());
    if (owned) {
      let response: StoredResponse;
      try {
        response = await run();
      } catch (error) {
        await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
        throw error;
      }
      if (response.status >= 200 && response.status < 300) {
        await db
          .update(idempotencyKeys)
          .set({ state: "done", responseStatus: response.status, responseBody: JSON.stringify(response.body) })
          .where(eq(idempotencyKeys.key, key));
      } else {
        await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
      }
      return { ...response, replayed: false };
    }

    const existing = await db.query.idempotencyKeys.findFirst({ where: eq(idempotencyKeys.key, key) });
    if (!existing) continue; // the first attempt failed and let go: try to own it
    if (existing.requestHash !== hash) return { mismatch: true };
    if (existing.state === "done") {
      return { status: existing.responseStatus ?? 200, body: JSON.parse(existing.responseBody ?? "null"), replayed: true };
    }
    // The first request is still running (a double click): wait for its answer.
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  return { inProgress: true };
}

async function tryOwn(db: Db, key: string, hash: string, at: number): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ key, requestHash: hash, state: "pending", createdAt: at })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return true;
  // A pending key whose request died long ago is taken over.
  const takenOver = await db
    .update(idempotencyKeys)
    .set({ createdAt: at })
    .where(
      and(
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.state, "pending"),
        eq(idempotencyKeys.requestHash, hash),
        lt(idempotencyKeys.createdAt, at - ABANDONED_AFTER_MS),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return takenOver.length > 0;
}
