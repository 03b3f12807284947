import { z } from "zod";
import { parseRateRule, type RateRule } from "~/domain/rate-limit";

// The variables for abuse limits and data retention (issue 10). env.server.ts
// spreads this shape into its schema and puts protectionConfig(...) into
// AppConfig.protection. All have defaults fit for production; wrangler.toml's
// top-level [vars] (wrangler dev, the browser tests) and the integration
// harness set generous limits, and a load test can raise them per deploy.

export const RATE_BUCKETS = ["booking", "slots", "manage", "webhook", "embed"] as const;
export type RateBucket = (typeof RATE_BUCKETS)[number];

const rateRule = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx): RateRule | null => {
      const parsed = parseRateRule(s === undefined || s.trim() === "" ? fallback : s);
      if (parsed && "error" in parsed) {
        ctx.addIssue({ code: "custom", message: `${name} ${parsed.error}` });
        return z.NEVER;
      }
      return parsed;
    });

const wholeNumber = (name: string, min: number, max: number, fallback: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? fallback : s.trim()))
    .refine((s) => /^\d+$/.test(s), `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

export const protectionEnvShape = {
  // Per client (its IP, hashed): booking submissions (form and API together),
  // GET /api/slots, actions on the private link, POST /webhooks/sendgrid, and
  // the embed's view/open beacons (so one client can't inflate a page's counts).
  RATE_LIMIT_BOOKING: rateRule("RATE_LIMIT_BOOKING", "10/1h"),
  RATE_LIMIT_SLOTS: rateRule("RATE_LIMIT_SLOTS", "120/1m"),
  RATE_LIMIT_MANAGE: rateRule("RATE_LIMIT_MANAGE", "30/10m"),
  RATE_LIMIT_WEBHOOK: rateRule("RATE_LIMIT_WEBHOOK", "600/1m"),
  RATE_LIMIT_EMBED: rateRule("RATE_LIMIT_EMBED", "60/10m"),
  MAX_UPCOMING_PER_EMAIL: wholeNumber("MAX_UPCOMING_PER_EMAIL", 1, 100, "2"),
  // A person needs a few seconds to fill the booking form; bots post at once.
  MIN_FORM_FILL_SECONDS: wholeNumber("MIN_FORM_FILL_SECONDS", 0, 600, "3"),
  RETENTION_MONTHS: wholeNumber("RETENTION_MONTHS", 1, 120, "24"),
};

const shapeSchema = z.object(protectionEnvShape);
type ProtectionEnv = z.infer<typeof shapeSchema>;

export type ProtectionConfig = {
  // null: no limit for that bucket ("off").
  rateLimits: Record<RateBucket, RateRule | null>;
  maxUpcomingPerEmail: number;
  minFormFillMs: number;
  retentionMonths: number;
};

export function protectionConfig(env: ProtectionEnv): ProtectionConfig {
  return {
    rateLimits: {
      booking: env.RATE_LIMIT_BOOKING,
      slots: env.RATE_LIMIT_SLOTS,
      manage: env.RATE_LIMIT_MANAGE,
      webhook: env.RATE_LIMIT_WEBHOOK,
      embed: env.RATE_LIMIT_EMBED,
    },
    maxUpcomingPerEmail: env.MAX_UPCOMING_PER_EMAIL,
    minFormFillMs: env.MIN_FORM_FILL_SECONDS * 1000,
    retentionMonths: env.RETENTION_MONTHS,
  };
}
