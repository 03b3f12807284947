import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import {
  clearSessionCookie,
  DEV_SESSION_SECRET,
  readCookie,
  serializeSessionCookie,
  SESSION_MAX_AGE_SECONDS,
  sessionCookieSettings,
  sessionSecretFor,
  signSession,
  verifySession,
} from "../../../app/server/auth/session.server";

const SECRET = "a-test-session-secret-that-is-long-enough";
const ADMIN = { adminId: "admin-1", email: "owner@studio.test" };
const SIGNED = { adminId: ADMIN.adminId };
const NOW = Date.UTC(2026, 4, 1, 9, 0, 0);

function b64url(text: string) {
  return Buffer.from(text).toString("base64url");
}

describe("session tokens", () => {
  it("round-trips sub, iat, exp (8 h) and a jti (the session id), and carries no email", async () => {
    const token = await signSession(SIGNED, SECRET, { now: NOW });
    const claims = await verifySession(token, SECRET, { now: NOW + 60_000 });
    expect(claims).toMatchObject({ sub: "admin-1", iat: NOW / 1000 });
    expect(token.split(".")[1]).not.toContain(Buffer.from("owner").toString("base64url").slice(0, 4));
    const named = await signSession({ adminId: "admin-1", sessionId: "session-1" }, SECRET, { now: NOW });
    expect((await verifySession(named, SECRET, { now: NOW }))!.jti).toBe("session-1");
    expect(claims!.exp - claims!.iat).toBe(SESSION_MAX_AGE_SECONDS);
    expect(SESSION_MAX_AGE_SECONDS).toBe(8 * 3600);
    expect(claims!.jti).toMatch(/^[0-9a-f-]{36}$/);
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg: "HS256" });
  });

  it("issues a new token (new jti) at every sign-in", async () => {
    const a = await signSession(SIGNED, SECRET, { now: NOW });
    const b = await signSession(SIGNED, SECRET, { now: NOW });
    expect(a).not.toBe(b);
    expect((await verifySession(a, SECRET, { now: NOW }))!.jti).not.toBe((await verifySession(b, SECRET, { now: NOW }))!.jti);
  });

  it("refuses a token whose payload was changed", async () => {
    const token = await signSession(SIGNED, SECRET, { now: NOW });
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = [header, b64url(JSON.stringify({ ...claims, sub: "admin-2" })), signature].join(".");
    await expect(verifySession(forged, SECRET, { now: NOW })).resolves.toBeNull();
  });

  it("refuses a token with a changed signature, or signed with another secret", async () => {
    const token = await signSession(SIGNED, SECRET, { now: NOW });
    const last = token.at(-2) === "A" ? "B" : "A";
    await expect(verifySession(`${token.slice(0, -2)}${last}${token.at(-1)}`, SECRET, { now: NOW })).resolves.toBeNull();
    const other = await signSession(SIGNED, "another-secret-that-is-also-long-enough", { now: NOW });
    await expect(verifySession(other, SECRET, { now: NOW })).resolves.toBeNull();
  });

  it("refuses an expired token", async () => {
    const token = await signSession(SIGNED, SECRET, { now: NOW });
    await expect(verifySession(token, SECRET, { now: NOW + (SESSION_MAX_AGE_SECONDS - 60) * 1000 })).resolves.not.toBeNull();
    await expect(verifySession(token, SECRET, { now: NOW + (SESSION_MAX_AGE_SECONDS + 60) * 1000 })).resolves.toBeNull();
  });

  it("refuses unsigned (alg none) tokens, other algorithms and garbage", async () => {
    const none = new UnsecuredJWT({ email: ADMIN.email }).setSubject(ADMIN.adminId).setIssuedAt().setExpirationTime("1h").setJti("x").encode();
    await expect(verifySession(none, SECRET)).resolves.toBeNull();
    const hs512 = await new SignJWT({ email: ADMIN.email })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(ADMIN.adminId)
      .setIssuedAt()
      .setExpirationTime("1h")
      .setJti("x")
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifySession(hs512, SECRET)).resolves.toBeNull();
    for (const junk of ["", "abc", "a.b.c", "x".repeat(5000)]) await expect(verifySession(junk, SECRET)).resolves.toBeNull();
  });

  it("refuses a correctly signed token without the required claims", async () => {
    const noJti = await new SignJWT({ email: ADMIN.email })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(ADMIN.adminId)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifySession(noJti, SECRET)).resolves.toBeNull();
  });
});

describe("session cookie", () => {
  it("is __Host-admin_session, HttpOnly, Secure, SameSite=Lax, Path=/, 8 h when deployed", () => {
    const settings = sessionCookieSettings({ appEnv: "production", publicBaseUrl: "https://book.example.com" });
    expect(settings).toEqual({ name: "__Host-admin_session", secure: true });
    const cookie = serializeSessionCookie("tok", settings);
    expect(cookie).toBe("__Host-admin_session=tok; Max-Age=28800; Path=/; HttpOnly; SameSite=Lax; Secure");
    expect(cookie).not.toMatch(/Domain=/);
  });

  it("stays Secure in staging/production even if PUBLIC_BASE_URL were http", () => {
    expect(sessionCookieSettings({ appEnv: "staging", publicBaseUrl: "http://x.test" }).secure).toBe(true);
    expect(sessionCookieSettings({ appEnv: "development", publicBaseUrl: undefined }).secure).toBe(true);
  });

  it("is the plain admin_session without Secure for local development over http", () => {
    expect(sessionCookieSettings({ appEnv: "development", publicBaseUrl: "http://127.0.0.1:8787" })).toEqual({
      name: "admin_session",
      secure: false,
    });
  });

  it("is cleared with Max-Age=0 and the same attributes", () => {
    const cleared = clearSessionCookie({ name: "__Host-admin_session", secure: true });
    expect(cleared).toMatch(/^__Host-admin_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax; Secure/);
  });

  it("reads one cookie from a Cookie header", () => {
    expect(readCookie("a=1; __Host-admin_session=abc.def.ghi; b=2", "__Host-admin_session")).toBe("abc.def.ghi");
    expect(readCookie("admin_session_x=1", "admin_session")).toBeUndefined();
    expect(readCookie(null, "admin_session")).toBeUndefined();
    expect(readCookie("admin_session=", "admin_session")).toBeUndefined();
  });
});

describe("session secret", () => {
  const base = { cfAccess: undefined };
  it("uses SESSION_SECRET when set", () => {
    expect(sessionSecretFor({ appEnv: "production", auth: { ...base, sessionSecret: SECRET } })).toBe(SECRET);
  });

  it("falls back to the fixed development secret, with a warning, only in development and test", () => {
    const warn = vi.fn();
    const log = { requestId: "r", info: vi.fn(), warn, error: vi.fn() };
    expect(sessionSecretFor({ appEnv: "development", auth: { ...base, sessionSecret: undefined } }, log)).toBe(DEV_SESSION_SECRET);
    expect(DEV_SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(warn).toHaveBeenCalledWith("auth.dev_session_secret", expect.anything());
    expect(() => sessionSecretFor({ appEnv: "production", auth: { ...base, sessionSecret: undefined } })).toThrow(/SESSION_SECRET/);
  });
});
