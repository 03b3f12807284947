// Fixed-window request counting, the rule behind the per-client limits on
// bookings, the slots API, the private-link actions and the webhook. Pure: the
// RateLimiter Durable Object (workers/rate-limiter.ts) keeps the windows.

export type RateRule = { limit: number; windowMs: number };
export type RateWindow = { windowStart: number; count: number };
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/**
 * One more request against `window` (null: none counted yet). A request over
 * the limit is refused and not counted, so a client that keeps hammering still
 * gets in again when the window ends.
 */
export function countRequest(
  window: RateWindow | null | undefined,
  rule: RateRule,
  now: number,
): { window: RateWindow; decision: RateDecision } {
  const current = !window || now >= window.windowStart + rule.windowMs || now < window.windowStart ? { windowStart: now, count: 0 } : window;
  if (current.count >= rule.limit) {
    return { window: current, decision: { allowed: false, retryAfterMs: current.windowStart + rule.windowMs - now } };
  }
  const next = { windowStart: current.windowStart, count: current.count + 1 };
  return { window: next, decision: { allowed: true, remaining: rule.limit - next.count } };
}

/** Whole seconds for a Retry-After header: never 0, so clients do wait. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * A limit as written in a var: "10/1h" (10 requests an hour), "120/1m",
 * "30/90s", or "off". Returns null for "off", a message for anything else that
 * isn't one.
 */
export function parseRateRule(text: string): RateRule | null | { error: string } {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "off") return null;
  const match = /^(\d{1,7})\s*\/\s*(\d{1,6})\s*([smh])$/.exec(trimmed);
  if (!match) return { error: 'must look like "10/1h", "120/1m" or "30/90s" (requests per window), or "off"' };
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS];
  if (limit < 1) return { error: "must allow at least 1 request per window" };
  if (windowMs < 1000 || windowMs > 24 * UNIT_MS.h) return { error: "needs a window between 1s and 24h" };
  return { limit, windowMs };
}
