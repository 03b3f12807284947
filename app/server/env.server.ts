import { z } from "zod";
import { isValidTimeZone } from "~/domain/time-zones";
import type { BookingRules } from "~/domain/slots";
import {
  checkIntegrationsEnv,
  integrationsConfig,
  integrationsEnvShape,
  type IntegrationsConfig,
} from "./outbox/integrations-config.server";
import { protectionConfig, protectionEnvShape, type ProtectionConfig } from "./protection-config.server";

// The environment is parsed once per isolate into a typed config. A missing or
// bad variable fails with a message that names it, so a misconfigured deploy is
// obvious in `wrangler tail` instead of surfacing as odd behaviour later.

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string({ required_error: `${name} is required` })
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const clockTime = (name: string) =>
  z
    .string({ required_error: `${name} is required` })
    .regex(/^([01]\d|2[0-4]):[0-5]\d$/, `${name} must look like 10:00 (24-hour HH:MM)`)
    .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));

const optionalUrl = (name: string) =>
  z.string().url(`${name} must be a URL`).optional().or(z.literal("").transform(() => undefined));

const envSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "staging", "production"], {
      errorMap: () => ({ message: "APP_ENV must be development, test, staging or production" }),
    }),
    STUDIO_NAME: z.string().min(1, "STUDIO_NAME must not be empty").default("The Studio"),
    BUSINESS_TIME_ZONE: z
      .string({ required_error: "BUSINESS_TIME_ZONE is required" })
      .refine(isValidTimeZone, "BUSINESS_TIME_ZONE must be an IANA time zone such as Europe/London"),
    BUSINESS_DAYS: z
      .string()
      .default("1,2,3,4,5")
      .transform((s) => s.split(",").map((d) => d.trim()))
      .refine(
        (days) => days.length > 0 && days.every((d) => /^[1-7]$/.test(d)),
        "BUSINESS_DAYS must be ISO weekdays 1 (Mon) to 7 (Sun), comma separated",
      )
      .transform((days) => [...new Set(days.map(Number))].sort()),
    BUSINESS_DAY_START: clockTime("BUSINESS_DAY_START").default("10:00"),
    BUSINESS_DAY_END: clockTime("BUSINESS_DAY_END").default("19:00"),
    SLOT_MINUTES: wholeNumber("SLOT_MINUTES", 5, 240).default("15"),
    MIN_NOTICE_MINUTES: wholeNumber("MIN_NOTICE_MINUTES", 0, 60 * 24 * 30).default("120"),
    BOOKING_HORIZON_DAYS: wholeNumber("BOOKING_HORIZON_DAYS", 1, 365).default("30"),
    PUBLIC_BASE_URL: optionalUrl("PUBLIC_BASE_URL"),
    // Admin sign-in (docs/decisions/0005-admin-sessions.md). SESSION_SECRET is a
    // secret (`wrangler secret put SESSION_SECRET --env ...`, .dev.vars locally).
    SESSION_SECRET: z
      .string()
      .optional()
      .transform((s) => s || undefined)
      .refine((s) => s === undefined || s.length >= 32, "SESSION_SECRET must be at least 32 characters"),
    CF_ACCESS_TEAM_DOMAIN: z
      .string()
      .transform((s) => s.trim().replace(/^https?:\/\//, "").replace(/\/+$/, ""))
      .refine((s) => s === "" || /^[a-z0-9.-]+$/i.test(s), "CF_ACCESS_TEAM_DOMAIN must be a host name such as myteam.cloudflareaccess.com")
      .optional(),
    CF_ACCESS_AUD: z.string().trim().optional(),
    // After the consultation: money, tax and quotes (docs/decisions/0014-money-model.md).
    CURRENCY: z
      .string()
      .trim()
      .default("GBP")
      .refine(isCurrencyCode, "CURRENCY must be an ISO 4217 code such as GBP, EUR or USD"),
    TAX_RATE: z
      .string()
      .trim()
      .default("0")
      .refine((s) => /^\d{1,3}(\.\d{1,2})?$/.test(s) && percentTextToBasisPoints(s) <= 10_000, "TAX_RATE must be a percentage from 0 to 100, e.g. 20 or 17.5")
      .transform(percentTextToBasisPoints),
    TAX_LABEL: z.string().trim().min(1, "TAX_LABEL must not be empty").max(20, "TAX_LABEL must be at most 20 characters").default("VAT"),
    QUOTE_VALID_DAYS: wholeNumber("QUOTE_VALID_DAYS", 1, 90).default("14"),
    STUDIO_NOTIFY_EMAIL: z
      .string()
      .trim()
      .email("STUDIO_NOTIFY_EMAIL must be an email address")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    // The studio's own sites that may embed the booking (docs/decisions/0039-embed.md).
    EMBED_ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((s) => (s ?? "").split(/[\s,]+/).filter(Boolean))
      .refine((list) => list.every(isOrigin), "EMBED_ALLOWED_ORIGINS must be origins such as https://www.example.com (scheme and host, no path), separated by commas"),
    // Google Calendar, email, signed links (app/server/outbox/integrations-config.server.ts).
    ...integrationsEnvShape,
    // Abuse limits and data retention (app/server/protection-config.server.ts).
    ...protectionEnvShape,
  })
  .superRefine((env, ctx) => {
    checkIntegrationsEnv(env, ctx);
    if (env.BUSINESS_DAY_END - env.BUSINESS_DAY_START < env.SLOT_MINUTES) {
      ctx.addIssue({
        code: "custom",
        path: ["BUSINESS_DAY_END"],
        message: "BUSINESS_DAY_END must be at least one slot after BUSINESS_DAY_START",
      });
    }
    if ((env.APP_ENV === "staging" || env.APP_ENV === "production") && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "SESSION_SECRET is required in staging and production (wrangler secret put SESSION_SECRET --env NAME)",
      });
    }
    if ((env.APP_ENV === "staging" || env.APP_ENV === "production") && env.EMBED_ALLOWED_ORIGINS.some((o) => !o.startsWith("https://"))) {
      ctx.addIssue({ code: "custom", path: ["EMBED_ALLOWED_ORIGINS"], message: "EMBED_ALLOWED_ORIGINS must be https:// origins in staging and production" });
    }
    if (Boolean(env.CF_ACCESS_TEAM_DOMAIN) !== Boolean(env.CF_ACCESS_AUD)) {
      ctx.addIssue({
        code: "custom",
        path: ["CF_ACCESS_AUD"],
        message: "CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD must be set together (or neither)",
      });
    }
  });

export type AppConfig = {
  appEnv: "development" | "test" | "staging" | "production";
  studioName: string;
  publicBaseUrl: string | undefined;
  bookingRules: BookingRules;
  // Admin sign-in; app/server/auth/session.server.ts supplies the development fallback secret.
  auth: {
    sessionSecret: string | undefined;
    cfAccess: { teamDomain: string; audience: string } | undefined;
  };
  // Google Calendar, email and signed links; local stand-ins when not configured.
  integrations: IntegrationsConfig;
  // After the consultation: the one currency, tax and quotes.
  services: ServicesConfig;
  // Rate limits, the per-email cap, the form's minimum fill time, retention.
  protection: ProtectionConfig;
  // The studio's sites that may frame the booking (frame-ancestors) and send the embed's counts.
  embed: { allowedOrigins: string[] };
};

export type ServicesConfig = {
  /** ISO 4217, e.g. GBP. Every amount is an integer in its minor unit. */
  currency: string;
  /** Tax rate in basis points (2000 = 20 %); 0 means no tax line. */
  taxRateBp: number;
  taxLabel: string;
  /** Days a sent quote can be accepted (QUOTE_VALID_DAYS, default 14). */
  quoteValidDays: number;
  /** Where the studio's notifications go: STUDIO_NOTIFY_EMAIL, else the reply-to, else the from address. */
  notifyEmail: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, unknown>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const integrations = integrationsConfig(e);
  return {
    appEnv: e.APP_ENV,
    studioName: e.STUDIO_NAME,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    bookingRules: {
      studioTimeZone: e.BUSINESS_TIME_ZONE,
      slotMinutes: e.SLOT_MINUTES,
      dayStartMinutes: e.BUSINESS_DAY_START,
      dayEndMinutes: e.BUSINESS_DAY_END,
      workdays: e.BUSINESS_DAYS,
      minNoticeMinutes: e.MIN_NOTICE_MINUTES,
      horizonDays: e.BOOKING_HORIZON_DAYS,
    },
    auth: {
      sessionSecret: e.SESSION_SECRET,
      cfAccess:
        e.CF_ACCESS_TEAM_DOMAIN && e.CF_ACCESS_AUD
          ? { teamDomain: e.CF_ACCESS_TEAM_DOMAIN, audience: e.CF_ACCESS_AUD }
          : undefined,
    },
    integrations,
    embed: { allowedOrigins: [...new Set(e.EMBED_ALLOWED_ORIGINS.map((o) => new URL(o).origin))] },
    services: {
      currency: e.CURRENCY,
      taxRateBp: e.TAX_RATE,
      taxLabel: e.TAX_LABEL,
      quoteValidDays: e.QUOTE_VALID_DAYS,
      notifyEmail: e.STUDIO_NOTIFY_EMAIL ?? integrations.email.replyTo?.email ?? integrations.email.from.email,
    },
    protection: protectionConfig(e),
  };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value.replace(/\/$/, "");
  } catch {
    return false;
  }
}

function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
}

/** "17.5" -> 1750 basis points, without floating point. */
function percentTextToBasisPoints(text: string): number {
  const [whole, fraction = ""] = text.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

// Workers hand the same env object to every request of an isolate.
const cache = new WeakMap<object, AppConfig>();
export function getConfig(env: object): AppConfig {
  let config = cache.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    cache.set(env, config);
  }
  return config;
}
