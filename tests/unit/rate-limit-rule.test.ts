import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterAsking, countRequest, localShare, parseRateRule, retryAfterSeconds, stepLocally, type LocalTally, type RateRule, type RateWindow } from "~/domain/rate-limit";
import { parseConfig } from "~/server/env.server";

describe("countRequest", () => {
  const rule: RateRule = { limit: 3, windowMs: 60_000 };

  it("allows `limit` requests in a window, then refuses until it ends", () => {
    let window: RateWindow | null = null;
    const decisions = [0, 1000, 2000, 3000, 59_999].map((t) => {
      const step = countRequest(window, rule, t);
      window = step.window;
      return step.decision;
    });
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterMs: 57_000 });
    expect(countRequest(window, rule, 60_000).decision).toEqual({ allowed: true, remaining: 2 });
  });

  it("never allows more than `limit` requests in one window, and a refusal always names a wait inside it (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1000, max: 3_600_000 }),
        fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 80 }),
        (limit, windowMs, gaps) => {
          let window: RateWindow | null = null;
          let t = 0;
          const allowedAt: number[] = [];
          for (const gap of gaps) {
            t += gap;
            const step = countRequest(window, { limit, windowMs }, t);
            window = step.window;
            if (step.decision.allowed) allowedAt.push(t);
            else {
              expect(step.decision.retryAfterMs).toBeGreaterThan(0);
              expect(step.decision.retryAfterMs).toBeLessThanOrEqual(windowMs);
            }
          }
          // Within any fixed window started by an allowed request, at most `limit` are allowed.
          for (const start of allowedAt) {
            expect(allowedAt.filter((a) => a >= start && a < start + windowMs).length).toBeLessThanOrEqual(2 * limit);
          }
        },
      ),
    );
  });

  it("starts a new window when the clock is behind the stored one", () => {
    expect(countRequest({ windowStart: 10_000, count: 3 }, rule, 5_000).decision.allowed).toBe(true);
  });

  it("rounds Retry-After up to whole seconds, at least 1", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe("parseRateRule", () => {
  it("reads requests per window in s, m or h, and off", () => {
    expect(parseRateRule("10/1h")).toEqual({ limit: 10, windowMs: 3_600_000 });
    expect(parseRateRule(" 120 / 1m ")).toEqual({ limit: 120, windowMs: 60_000 });
    expect(parseRateRule("30/90s")).toEqual({ limit: 30, windowMs: 90_000 });
    expect(parseRateRule("OFF")).toBeNull();
  });

  it("refuses anything else with a message, never throws (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const parsed = parseRateRule(text);
        if (parsed === null) expect(text.trim().toLowerCase()).toBe("off");
        else if ("error" in parsed) expect(parsed.error).toMatch(/\w/);
        else {
          expect(parsed.limit).toBeGreaterThanOrEqual(1);
          expect(parsed.windowMs).toBeGreaterThanOrEqual(1000);
        }
      }),
    );
    expect(parseRateRule("0/1m")).toEqual({ error: expect.stringContaining("at least 1") });
    expect(parseRateRule("5/48h")).toEqual({ error: expect.stringContaining("24h") });
  });
});

describe("the protection vars", () => {
  const base = { APP_ENV: "test", BUSINESS_TIME_ZONE: "Europe/London" };

  it("default to production values", () => {
    const config = parseConfig(base);
    expect(config.protection).toEqual({
      rateLimits: {
        booking: { limit: 10, windowMs: 3_600_000 },
        slots: { limit: 120, windowMs: 60_000 },
        manage: { limit: 30, windowMs: 600_000 },
        webhook: { limit: 600, windowMs: 60_000 },
        embed: { limit: 60, windowMs: 600_000 },
      },
      maxUpcomingPerEmail: 2,
      minFormFillMs: 3000,
      retentionMonths: 24,
    });
  });

  it("name the variable that is wrong", () => {
    expect(() => parseConfig({ ...base, RATE_LIMIT_SLOTS: "lots" })).toThrow(/RATE_LIMIT_SLOTS must look like/);
    expect(() => parseConfig({ ...base, RETENTION_MONTHS: "0" })).toThrow(/RETENTION_MONTHS must be between 1 and 120/);
    expect(() => parseConfig({ ...base, MAX_UPCOMING_PER_EMAIL: "two" })).toThrow(/MAX_UPCOMING_PER_EMAIL must be a whole number/);
    expect(parseConfig({ ...base, RATE_LIMIT_WEBHOOK: "off" }).protection.rateLimits.webhook).toBeNull();
  });
});

// An isolate's own share (stepLocally) against the RateLimiter object's window (countRequest).
describe("stepLocally: an isolate's share of a client's budget", () => {
  /** `isolates` isolates, each asking one shared window; returns how many of the requests were let through. */
  function simulate(rule: RateRule, requests: { at: number; isolate: number }[], isolates: number) {
    let window: RateWindow | null = null;
    const tallies: (LocalTally | undefined)[] = Array.from({ length: isolates }, () => undefined);
    let allowed = 0;
    for (const { at, isolate } of requests) {
      const step = stepLocally(tallies[isolate], rule, at);
      tallies[isolate] = step.tally;
      if (step.kind === "allow") allowed++;
      else if (step.kind === "ask") {
        const counted = countRequest(window, rule, at, step.alreadyServed);
        window = counted.window;
        tallies[isolate] = afterAsking(step.tally, counted.decision, at);
        if (counted.decision.allowed) allowed++;
      }
    }
    return allowed;
  }

  it("asks on every request for small limits (bookings, the private link): exactly the old behaviour", () => {
    for (const limit of [1, 2, 10, 30, 39]) expect(localShare({ limit, windowMs: 60_000 })).toBe(1);
    const rule = { limit: 10, windowMs: 3_600_000 };
    let tally: LocalTally | undefined;
    for (let i = 0; i < 5; i++) {
      const step = stepLocally(tally, rule, 1_000 + i);
      expect(step).toMatchObject({ kind: "ask", alreadyServed: 0 });
      tally = step.tally;
    }
  });

  it("lets at most 5% of the limit, and at most 10, through before asking", () => {
    expect(localShare({ limit: 120, windowMs: 60_000 })).toBe(6);
    expect(localShare({ limit: 100_000, windowMs: 3_600_000 })).toBe(10);
    const rule = { limit: 120, windowMs: 60_000 };
    const kinds: string[] = [];
    let tally: LocalTally | undefined;
    for (let i = 0; i < 12; i++) {
      const step = stepLocally(tally, rule, 1_000 + i);
      kinds.push(step.kind);
      tally = step.tally;
      if (step.kind === "ask") expect(step.alreadyServed).toBe(5);
    }
    expect(kinds).toEqual(["allow", "allow", "allow", "allow", "allow", "ask", "allow", "allow", "allow", "allow", "allow", "ask"]);
  });

  it("refuses without asking while the object's refusal lasts, then asks again", () => {
    const rule = { limit: 1, windowMs: 10_000 };
    const refused = afterAsking({ windowStart: 0, unreported: 0, refusedUntil: 0 }, { allowed: false, retryAfterMs: 4_000 }, 1_000);
    expect(stepLocally(refused, rule, 4_999)).toMatchObject({ kind: "refuse", retryAfterMs: 1 });
    expect(stepLocally(refused, rule, 5_000).kind).toBe("ask");
  });

  it("never refuses a client under its limit, and lets through at most (share - 1) extra per isolate in a window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 59_999 }), fc.nat()), { maxLength: 600 }),
        (limit, isolates, raw) => {
          const rule = { limit, windowMs: 60_000 };
          // All within one window of the object (it starts at the first request, time 0).
          const requests = [{ at: 0, isolate: 0 }, ...raw.map(([at, i]) => ({ at, isolate: i % isolates }))].sort((a, b) => a.at - b.at);
          const allowed = simulate(rule, requests, isolates);
          expect(allowed).toBeLessThanOrEqual(limit + isolates * (localShare(rule) - 1));
          if (requests.length <= limit) expect(allowed).toBe(requests.length);
        },
      ),
    );
  });
});
