import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countRequest, parseRateRule, retryAfterSeconds, type RateRule, type RateWindow } from "~/domain/rate-limit";
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
