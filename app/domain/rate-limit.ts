// Fixed-window request counting, the rule behind the per-client limits on
// bookings, the slots API, the private-link actions and the webhook. Pure: the
// RateLimiter Durable Object (workers/rate-limiter.ts) keeps the windows.

export type RateRule = { limit: number; windowMs: number };
export type RateWindow = { windowStart: number; count: number };
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/**
 * One more request against `window` (null: none counted yet). A request over
 * the limit is refused and not counted, so a client that keeps hammering still
 * gets in again when the window ends. `alreadyServed`: requests an isolate let
 * through on its own share since it last asked (see stepLocally); they are
 * counted first, whatever the limit, because they were answered.
 */
export function countRequest(
  window: RateWindow | null | undefined,
  rule: RateRule,
  now: number,
  alreadyServed = 0,
): { window: RateWindow; decision: RateDecision } {
  const started = !window || now >= window.windowStart + rule.windowMs || now < window.windowStart ? { windowStart: now, count: 0 } : window;
  const current = { windowStart: started.windowStart, count: started.count + Math.max(0, Math.floor(alreadyServed)) };
  if (current.count >= rule.limit) {
    return { window: current, decision: { allowed: false, retryAfterMs: current.windowStart + rule.windowMs - now } };
  }
  const next = { windowStart: current.windowStart, count: current.count + 1 };
  return { window: next, decision: { allowed: true, remaining: rule.limit - next.count } };
}

// ---- An isolate's own share -------------------------------------------------
// Asking the client's RateLimiter object on every request is a Durable Object
// call per slot read: more CPU than the read itself, and a billed request. So
// each isolate may let a client through a few times on its own before it asks,
// and then reports those requests with the one it asks about. A client the
// object refused is refused here without asking until its window ends. Over
// the whole service a client can get at most (share - 1) extra requests per
// isolate it reaches in a window; for limits of 20 or fewer (bookings, the
// private link) the share is 1: every request asks, exactly as before.

/** Requests an isolate may let through before it asks: at most 5% of the limit, and at most 10. */
export function localShare(rule: RateRule): number {
  return Math.min(10, Math.max(1, Math.floor(rule.limit / 20)));
}

/** An isolate's tally for one client and bucket. */
export type LocalTally = { windowStart: number; unreported: number; refusedUntil: number };

export type LocalStep =
  /** Within the isolate's share: let it through, nothing asked. */
  | { kind: "allow"; tally: LocalTally }
  /** The RateLimiter refused this client in this window: refuse without asking. */
  | { kind: "refuse"; tally: LocalTally; retryAfterMs: number }
  /** Ask the RateLimiter, reporting the requests let through since the last ask. */
  | { kind: "ask"; tally: LocalTally; alreadyServed: number };

/** What an isolate does with one more request from a client (`tally` undefined: the first it has seen). */
export function stepLocally(tally: LocalTally | undefined, rule: RateRule, now: number): LocalStep {
  if (tally && now < tally.refusedUntil) return { kind: "refuse", tally, retryAfterMs: tally.refusedUntil - now };
  const stale = !tally || now >= tally.windowStart + rule.windowMs || now < tally.windowStart;
  const current = stale ? { windowStart: now, unreported: 0, refusedUntil: 0 } : tally;
  if (current.unreported + 1 < localShare(rule)) return { kind: "allow", tally: { ...current, unreported: current.unreported + 1 } };
  return { kind: "ask", tally: { ...current, unreported: 0 }, alreadyServed: current.unreported };
}

/** The tally after the RateLimiter answered: a refusal is remembered until it ends. */
export function afterAsking(tally: LocalTally, decision: RateDecision, now: number): LocalTally {
  return decision.allowed ? tally : { ...tally, refusedUntil: now + decision.retryAfterMs };
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
