import { describe, expect, it } from "vitest";
import { isRetryableStatus, parseRetryAfter } from "../../../app/server/email/provider-call.server";
import { base64ToBytes, utf8ToBase64 } from "../../../app/server/email/base64";

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 30_500).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60);
  });
  it("never goes negative and ignores junk", () => {
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
  });
});

describe("isRetryableStatus", () => {
  it("retries 429 and 5xx only", () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500, 502, 503].map(isRetryableStatus)).toEqual([
      false, false, false, false, false, false, true, true, true, true,
    ]);
  });
});

describe("base64", () => {
  it("round-trips UTF-8 text", () => {
    const text = "Café ☕ 東京 🎛️";
    expect(utf8ToBase64(text)).toBe(Buffer.from(text, "utf8").toString("base64"));
    expect(new TextDecoder().decode(base64ToBytes(utf8ToBase64(text))!)).toBe(text);
    expect(base64ToBytes("***")).toBeNull();
  });
});
