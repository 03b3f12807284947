import { z } from "zod";
import { parseServiceAccountKey, type ServiceAccountKey } from "../google/service-account.server";

// The variables for Google Calendar, email and signed links. app/server/env.server.ts
// spreads this shape into its schema, runs checkIntegrationsEnv in its
// superRefine and puts integrationsConfig(...) into AppConfig.integrations.

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

const optionalUrl = (name: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim().replace(/\/+$/, "")))
    .refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), `${name} must be an http(s) URL`);

const wholeNumber = (name: string, min: number, max: number, fallback: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? fallback : s.trim()))
    .refine((s) => /^\d+$/.test(s), `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

export const integrationsEnvShape = {
  EMAIL_PROVIDER: z
    .enum(["sendgrid", "resend", "local", ""], {
      errorMap: () => ({ message: "EMAIL_PROVIDER must be sendgrid, resend or local" }),
    })
    .optional(),
  SENDGRID_API_KEY: optionalText,
  SENDGRID_API_URL: optionalUrl("SENDGRID_API_URL"),
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalText,
  RESEND_API_KEY: optionalText,
  RESEND_API_URL: optionalUrl("RESEND_API_URL"),
  EMAIL_FROM: optionalText,
  EMAIL_REPLY_TO: optionalText,
  LINK_SIGNING_SECRET: optionalText,
  GOOGLE_SERVICE_ACCOUNT_JSON: optionalText,
  GOOGLE_CALENDAR_ID: optionalText,
  GOOGLE_CALENDAR_API_URL: optionalUrl("GOOGLE_CALENDAR_API_URL"),
  GOOGLE_IMPERSONATE_USER: optionalText,
  CALENDAR_BUSY_MAX_STALE_MINUTES: wholeNumber("CALENDAR_BUSY_MAX_STALE_MINUTES", 0, 24 * 60, "30"),
  OUTBOUND_TIMEOUT_MS: wholeNumber("OUTBOUND_TIMEOUT_MS", 100, 60_000, "10000"),
};

const shapeSchema = z.object(integrationsEnvShape);
type IntegrationsEnv = z.infer<typeof shapeSchema> & { APP_ENV: string; STUDIO_NAME: string };

export type EmailAddressConfig = { email: string; name: string };

export type IntegrationsConfig = {
  email: {
    provider: "sendgrid" | "resend" | "local";
    sendgrid: { apiKey: string; baseUrl: string } | undefined;
    resend: { apiKey: string; baseUrl: string } | undefined;
    from: EmailAddressConfig;
    replyTo: EmailAddressConfig | undefined;
    webhookPublicKey: string | undefined;
  };
  calendar: {
    google:
      | { serviceAccount: ServiceAccountKey; calendarId: string; baseUrl: string; impersonate: string | undefined }
      | undefined;
    busyMaxStaleMinutes: number;
  };
  links: { secret: string; devFallback: boolean };
  outboundTimeoutMs: number;
};

// Only for development and tests: staging and production must set their own.
const DEV_LINK_SECRET = "development-only-link-signing-secret-not-for-production";
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** "Studio <bookings@example.com>" or "bookings@example.com". */
export function parseAddress(value: string, fallbackName: string): EmailAddressConfig | undefined {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(value);
  if (named) return EMAIL.test(named[2]) ? { email: named[2], name: named[1].trim() || fallbackName } : undefined;
  return EMAIL.test(value.trim()) ? { email: value.trim(), name: fallbackName } : undefined;
}

function emailProvider(env: IntegrationsEnv): "sendgrid" | "resend" | "local" {
  if (env.EMAIL_PROVIDER) return env.EMAIL_PROVIDER;
  if (env.SENDGRID_API_KEY) return "sendgrid";
  if (env.RESEND_API_KEY) return "resend";
  return "local";
}

export function checkIntegrationsEnv(env: IntegrationsEnv, ctx: z.RefinementCtx): void {
  const issue = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
  const deployed = env.APP_ENV === "staging" || env.APP_ENV === "production";
  if (deployed && !env.LINK_SIGNING_SECRET) {
    issue("LINK_SIGNING_SECRET", "LINK_SIGNING_SECRET is required in staging and production (wrangler secret put LINK_SIGNING_SECRET --env NAME)");
  }
  if (env.LINK_SIGNING_SECRET && env.LINK_SIGNING_SECRET.length < 32) {
    issue("LINK_SIGNING_SECRET", "LINK_SIGNING_SECRET must be at least 32 characters");
  }
  const provider = emailProvider(env);
  if (provider === "sendgrid" && !env.SENDGRID_API_KEY) issue("SENDGRID_API_KEY", "SENDGRID_API_KEY is required when EMAIL_PROVIDER is sendgrid");
  if (provider === "resend" && !env.RESEND_API_KEY) issue("RESEND_API_KEY", "RESEND_API_KEY is required when EMAIL_PROVIDER is resend");
  if (provider !== "local" && !env.EMAIL_FROM) issue("EMAIL_FROM", `EMAIL_FROM is required when sending with ${provider}`);
  if (env.EMAIL_FROM && !parseAddress(env.EMAIL_FROM, "x")) issue("EMAIL_FROM", "EMAIL_FROM must look like bookings@example.com or Studio <bookings@example.com>");
  if (env.EMAIL_REPLY_TO && !parseAddress(env.EMAIL_REPLY_TO, "x")) issue("EMAIL_REPLY_TO", "EMAIL_REPLY_TO must be an email address");
  if (Boolean(env.GOOGLE_SERVICE_ACCOUNT_JSON) !== Boolean(env.GOOGLE_CALENDAR_ID)) {
    issue("GOOGLE_CALENDAR_ID", "GOOGLE_SERVICE_ACCOUNT_JSON and GOOGLE_CALENDAR_ID must be set together (or neither, for the local calendar)");
  }
  if (env.GOOGLE_SERVICE_ACCOUNT_JSON) {
    const key = parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_JSON);
    if (!key.ok) issue("GOOGLE_SERVICE_ACCOUNT_JSON", `GOOGLE_SERVICE_ACCOUNT_JSON: ${key.error}`);
  }
  if (env.GOOGLE_IMPERSONATE_USER && !EMAIL.test(env.GOOGLE_IMPERSONATE_USER)) {
    issue("GOOGLE_IMPERSONATE_USER", "GOOGLE_IMPERSONATE_USER must be the email of a Workspace user");
  }
}

export function integrationsConfig(env: IntegrationsEnv): IntegrationsConfig {
  const provider = emailProvider(env);
  const key = env.GOOGLE_SERVICE_ACCOUNT_JSON ? parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_JSON) : undefined;
  return {
    email: {
      provider,
      sendgrid: env.SENDGRID_API_KEY
        ? { apiKey: env.SENDGRID_API_KEY, baseUrl: env.SENDGRID_API_URL ?? "https://api.sendgrid.com" }
        : undefined,
      resend: env.RESEND_API_KEY ? { apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_API_URL ?? "https://api.resend.com" } : undefined,
      from: (env.EMAIL_FROM && parseAddress(env.EMAIL_FROM, env.STUDIO_NAME)) || { email: "bookings@example.com", name: env.STUDIO_NAME },
      replyTo: env.EMAIL_REPLY_TO ? parseAddress(env.EMAIL_REPLY_TO, env.STUDIO_NAME) : undefined,
      webhookPublicKey: env.SENDGRID_WEBHOOK_PUBLIC_KEY,
    },
    calendar: {
      google:
        key?.ok && env.GOOGLE_CALENDAR_ID
          ? {
              serviceAccount: key.key,
              calendarId: env.GOOGLE_CALENDAR_ID,
              baseUrl: env.GOOGLE_CALENDAR_API_URL ?? "https://www.googleapis.com/calendar/v3",
              impersonate: env.GOOGLE_IMPERSONATE_USER,
            }
          : undefined,
      busyMaxStaleMinutes: env.CALENDAR_BUSY_MAX_STALE_MINUTES,
    },
    links: env.LINK_SIGNING_SECRET
      ? { secret: env.LINK_SIGNING_SECRET, devFallback: false }
      : { secret: DEV_LINK_SECRET, devFallback: true },
    outboundTimeoutMs: env.OUTBOUND_TIMEOUT_MS,
  };
}
