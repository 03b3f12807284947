import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/server/env.server";
import { manageUrl, signLinkToken, unsubscribeUrl, verifyLinkToken, verifyUnsubscribeToken } from "~/server/links.server";
import { parseAddress } from "~/server/outbox/integrations-config.server";
import { BASE_VARS } from "../../integration/harness";

const production = { ...BASE_VARS, APP_ENV: "production", SESSION_SECRET: "s".repeat(48), LINK_SIGNING_SECRET: "l".repeat(48) };

function problemsOf(env: Record<string, unknown>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join(" | ");
  }
  throw new Error("expected the config to be rejected");
}

describe("integration settings", () => {
  it("falls back to the local mailbox and calendar when nothing is configured", () => {
    const { integrations } = parseConfig(BASE_VARS);
    expect(integrations.email.provider).toBe("local");
    expect(integrations.calendar.google).toBeUndefined();
    expect(integrations.calendar.busyMaxStaleMinutes).toBe(30);
    expect(integrations.links.devFallback).toBe(true);
  });

  it("picks the provider from the key that is set, or EMAIL_PROVIDER", () => {
    const sendgrid = parseConfig({ ...BASE_VARS, SENDGRID_API_KEY: "SG.x", EMAIL_FROM: "Studio <hi@studio.example>" });
    expect(sendgrid.integrations.email).toMatchObject({
      provider: "sendgrid",
      sendgrid: { apiKey: "SG.x", baseUrl: "https://api.sendgrid.com" },
      from: { email: "hi@studio.example", name: "Studio" },
    });
    const resend = parseConfig({ ...BASE_VARS, RESEND_API_KEY: "re_x", EMAIL_FROM: "hi@studio.example", EMAIL_PROVIDER: "resend" });
    expect(resend.integrations.email).toMatchObject({ provider: "resend", from: { email: "hi@studio.example", name: "Test Studio" } });
    expect(parseConfig({ ...BASE_VARS, SENDGRID_API_KEY: "SG.x", EMAIL_FROM: "a@b.c", EMAIL_PROVIDER: "local" }).integrations.email.provider).toBe("local");
  });

  it.each([
    ["LINK_SIGNING_SECRET", { ...production, LINK_SIGNING_SECRET: undefined }],
    ["LINK_SIGNING_SECRET", { ...BASE_VARS, LINK_SIGNING_SECRET: "short" }],
    ["SENDGRID_API_KEY", { ...BASE_VARS, EMAIL_PROVIDER: "sendgrid", EMAIL_FROM: "a@b.c" }],
    ["EMAIL_FROM", { ...BASE_VARS, SENDGRID_API_KEY: "SG.x" }],
    ["EMAIL_FROM", { ...BASE_VARS, EMAIL_FROM: "not an address" }],
    ["EMAIL_PROVIDER", { ...BASE_VARS, EMAIL_PROVIDER: "smtp" }],
    ["GOOGLE_CALENDAR_ID", { ...BASE_VARS, GOOGLE_SERVICE_ACCOUNT_JSON: "{}" }],
    ["GOOGLE_SERVICE_ACCOUNT_JSON", { ...BASE_VARS, GOOGLE_SERVICE_ACCOUNT_JSON: "{not json", GOOGLE_CALENDAR_ID: "x" }],
    ["GOOGLE_IMPERSONATE_USER", { ...BASE_VARS, GOOGLE_IMPERSONATE_USER: "admin" }],
    ["CALENDAR_BUSY_MAX_STALE_MINUTES", { ...BASE_VARS, CALENDAR_BUSY_MAX_STALE_MINUTES: "soon" }],
    ["SENDGRID_API_URL", { ...BASE_VARS, SENDGRID_API_URL: "ftp://x" }],
  ])("names %s when it is missing or bad", (name, env) => {
    expect(problemsOf(env)).toContain(name);
  });

  it("accepts a production config with only the required secrets (local mailbox and calendar)", () => {
    expect(parseConfig(production).integrations.links).toEqual({ secret: "l".repeat(48), devFallback: false });
  });

  it("parses sender addresses", () => {
    expect(parseAddress("Northside <book@north.example>", "x")).toEqual({ email: "book@north.example", name: "Northside" });
    expect(parseAddress('"Northside, Ltd" <book@north.example>', "x")).toEqual({ email: "book@north.example", name: "Northside, Ltd" });
    expect(parseAddress("book@north.example", "Studio")).toEqual({ email: "book@north.example", name: "Studio" });
    expect(parseAddress("<>", "x")).toBeUndefined();
  });
});

describe("signed links", () => {
  const config = parseConfig({ ...BASE_VARS, LINK_SIGNING_SECRET: "k".repeat(40) });
  const other = parseConfig({ ...BASE_VARS, LINK_SIGNING_SECRET: "o".repeat(40) });
  const id = "7d0f1c7e-1111-4a4a-9b9b-222233334444";

  it("round-trips the consultation id and carries no email address", async () => {
    const url = await unsubscribeUrl(config, id);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/unsubscribe\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = url.split("/").pop()!;
    expect(await verifyUnsubscribeToken(config, token)).toBe(id);
    const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "iss", "pur", "sub"]);
    expect((await manageUrl(config, id)).startsWith("http://127.0.0.1:8787/manage/")).toBe(true);
  });

  it("refuses another purpose, another secret, a tampered or an expired token", async () => {
    const token = await signLinkToken(config, "unsubscribe", id);
    expect(await verifyLinkToken(config, "manage", token)).toBeNull();
    expect(await verifyLinkToken(other, "unsubscribe", token)).toBeNull();
    expect(await verifyLinkToken(config, "unsubscribe", `${token.slice(0, -2)}xx`)).toBeNull();
    expect(await verifyLinkToken(config, "unsubscribe", "garbage")).toBeNull();
    const old = await signLinkToken(config, "manage", id, Date.now() - 400 * 86400_000);
    expect(await verifyLinkToken(config, "manage", old)).toBeNull();
  });
});
