import { inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { signInAttempts } from "../db/schema.server";

// Sign-in rate limiting: fixed windows of failed attempts, counted per client
// IP and per email, in D1 (sign_in_attempts). The decisions are pure functions
// (tested in tests/unit/auth); the D1 store only reads and bumps counters.

export type AttemptWindow = { windowStart: number; count: number };
export type LimitRule = { limit: number; windowMs: number };

export const WINDOW_MS = 15 * 60 * 1000;
export const IP_RULE: LimitRule = { limit: 10, windowMs: WINDOW_MS };
export const EMAIL_RULE: LimitRule = { limit: 5, windowMs: WINDOW_MS };

export type LimitDecision = { limited: false } | { limited: true; retryAfterMs: number };

// Whether another attempt is allowed, given the failures recorded so far.
export function decideLimit(window: AttemptWindow | null | undefined, rule: LimitRule, now: number): LimitDecision {
  if (!window) return { limited: false };
  const windowEnd = window.windowStart + rule.windowMs;
  if (now >= windowEnd) return { limited: false };
  if (window.count < rule.limit) return { limited: false };
  return { limited: true, retryAfterMs: windowEnd - now };
}

// The counter after one more failure (a new window once the old one is over).
export function afterFailure(window: AttemptWindow | null | undefined, rule: LimitRule, now: number): AttemptWindow {
  if (!window || now >= window.windowStart + rule.windowMs) return { windowStart: now, count: 1 };
  return { windowStart: window.windowStart, count: window.count + 1 };
}

// The most restrictive of several decisions (the longest wait wins).
export function combineDecisions(decisions: LimitDecision[]): LimitDecision {
  let worst: LimitDecision = { limited: false };
  for (const d of decisions) {
    if (d.limited && (!worst.limited || d.retryAfterMs > worst.retryAfterMs)) worst = d;
  }
  return worst;
}

export function retryMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = retryMinutes(retryAfterMs);
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

export const ipKey = (ip: string) => `ip:${ip}`;
export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;

export function clientIp(request: Request): string {
  return request.headers.get("cf-connecting-ip")?.trim() || "unknown";
}

export type AttemptStore = {
  get(keys: string[]): Promise<Map<string, AttemptWindow>>;
  recordFailure(keys: string[], windowMs: number, now: number): Promise<void>;
  clear(key: string): Promise<void>;
  prune(olderThan: number): Promise<void>;
};

export function d1AttemptStore(db: Db): AttemptStore {
  return {
    async get(keys) {
      const rows = await db.select().from(signInAttempts).where(inArray(signInAttempts.key, keys));
      return new Map(rows.map((r) => [r.key, { windowStart: r.windowStart, count: r.count }]));
    },
    async recordFailure(keys, windowMs, now) {
      // One statement per key, same arithmetic as afterFailure(); SQLite
      // evaluates every SET expression against the row's old values.
      const expired = now - windowMs;
      const statements = keys.map((key) =>
        db
          .insert(signInAttempts)
          .values({ key, windowStart: now, count: 1 })
          .onConflictDoUpdate({
            target: signInAttempts.key,
            set: {
              count: sql`CASE WHEN ${signInAttempts.windowStart} <= ${expired} THEN 1 ELSE ${signInAttempts.count} + 1 END`,
              windowStart: sql`CASE WHEN ${signInAttempts.windowStart} <= ${expired} THEN ${now} ELSE ${signInAttempts.windowStart} END`,
            },
          }),
      );
      const [first, ...rest] = statements;
      if (first) await db.batch([first, ...rest]);
    },
    async clear(key) {
      await db.delete(signInAttempts).where(inArray(signInAttempts.key, [key]));
    },
    async prune(olderThan) {
      await db.delete(signInAttempts).where(lt(signInAttempts.windowStart, olderThan));
    },
  };
}
