import { describe, expect, it } from "vitest";
import { ConfigError, getConfig, parseConfig } from "~/server/env.server";

const valid = {
  APP_ENV: "production",
  STUDIO_NAME: "Northside Sound",
  BUSINESS_TIME_ZONE: "America/New_York",
  BUSINESS_DAYS: "1,2,3,4,5",
  BUSINESS_DAY_START: "10:00",
  BUSINESS_DAY_END: "19:00",
  SLOT_MINUTES: "15",
  MIN_NOTICE_MINUTES: "120",
  BOOKING_HORIZON_DAYS: "30",
  PUBLIC_BASE_URL: "https://book.example.com",
  // Secrets production requires; their own rules are tested with the features that use them.
  SESSION_SECRET: "s".repeat(48),
  LINK_SIGNING_SECRET: "l".repeat(48),
};

function problemsOf(env: Record<string, unknown>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

describe("parseConfig", () => {
  it("turns the environment into booking rules", () => {
    const config = parseConfig(valid);
    expect(config.appEnv).toBe("production");
    expect(config.bookingRules).toEqual({
      studioTimeZone: "America/New_York",
      slotMinutes: 15,
      dayStartMinutes: 600,
      dayEndMinutes: 1140,
      workdays: [1, 2, 3, 4, 5],
      minNoticeMinutes: 120,
      horizonDays: 30,
    });
  });

  it("applies the documented defaults", () => {
    const config = parseConfig({ APP_ENV: "development", BUSINESS_TIME_ZONE: "Europe/London" });
    expect(config.bookingRules).toMatchObject({ slotMinutes: 15, dayStartMinutes: 600, dayEndMinutes: 1140, minNoticeMinutes: 120, horizonDays: 30 });
    expect(config.publicBaseUrl).toBeUndefined();
  });

  it.each([
    ["BUSINESS_TIME_ZONE", { BUSINESS_TIME_ZONE: "Mars/Olympus" }],
    ["BUSINESS_TIME_ZONE", { BUSINESS_TIME_ZONE: undefined }],
    ["APP_ENV", { APP_ENV: "prod" }],
    ["BUSINESS_DAYS", { BUSINESS_DAYS: "1,8" }],
    ["BUSINESS_DAY_START", { BUSINESS_DAY_START: "10am" }],
    ["SLOT_MINUTES", { SLOT_MINUTES: "fifteen" }],
    ["MIN_NOTICE_MINUTES", { MIN_NOTICE_MINUTES: "-5" }],
    ["BOOKING_HORIZON_DAYS", { BOOKING_HORIZON_DAYS: "0" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "not a url" }],
    ["BUSINESS_DAY_END", { BUSINESS_DAY_START: "18:00", BUSINESS_DAY_END: "18:10" }],
  ])("names %s when it is missing or bad", (name, override) => {
    const problems = problemsOf({ ...valid, ...override });
    expect(problems.join(" ")).toContain(name);
  });

  it("dedupes and sorts business days", () => {
    expect(parseConfig({ ...valid, BUSINESS_DAYS: "5, 1,1,3" }).bookingRules.workdays).toEqual([1, 3, 5]);
  });

  it("parses each env object once", () => {
    const env = { ...valid };
    expect(getConfig(env)).toBe(getConfig(env));
  });
});
