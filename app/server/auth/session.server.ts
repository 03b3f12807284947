import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { AppConfig } from "../env.server";
import type { Logger } from "../log.server";

// Admin sessions: a row in D1 (session-store.server.ts) named by an HS256 JWT
// signed with SESSION_SECRET, kept in an HttpOnly cookie for 8 hours. The token
// carries the admin id and the session id (its jti) only; the row decides
// whether the session is still on. See docs/decisions/0005-admin-sessions.md.

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
export const SECURE_COOKIE_NAME = "__Host-admin_session";
export const PLAIN_COOKIE_NAME = "admin_session";

// Only ever used when APP_ENV is development or test and SESSION_SECRET is
// unset; env.server.ts refuses to start staging or production without one.
export const DEV_SESSION_SECRET = "dev-only-admin-session-secret-not-for-deployed-use";

export type SessionClaims = { sub: string; iat: number; exp: number; jti: string };

let warnedAboutDevSecret = false;

export function sessionSecretFor(config: Pick<AppConfig, "appEnv" | "auth">, log?: Logger): string {
  if (config.auth.sessionSecret) return config.auth.sessionSecret;
  if (config.appEnv !== "development" && config.appEnv !== "test") {
    // Unreachable through parseConfig; a guard against hand-built configs.
    throw new Error("SESSION_SECRET is required outside development and test");
  }
  if (!warnedAboutDevSecret) {
    warnedAboutDevSecret = true;
    const message = "SESSION_SECRET is not set: admin sessions use the fixed development secret";
    if (log) log.warn("auth.dev_session_secret", { message });
    else console.warn(message);
  }
  return DEV_SESSION_SECRET;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signSession(
  admin: { adminId: string; sessionId?: string },
  secret: string,
  options: { now?: number; maxAgeSeconds?: number } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(admin.adminId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS))
    .setJti(admin.sessionId ?? crypto.randomUUID())
    .sign(key(secret));
}

// The claims of a genuine, unexpired token; null for anything else (bad
// signature, other algorithm, expired, malformed, missing claims).
export async function verifySession(
  token: string,
  secret: string,
  options: { now?: number } = {},
): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["sub", "iat", "exp", "jti"],
      currentDate: options.now === undefined ? undefined : new Date(options.now),
      clockTolerance: 5,
    });
    if (!payload.sub) return null;
    return {
      sub: payload.sub,
      iat: payload.iat as number,
      exp: payload.exp as number,
      jti: payload.jti as string,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

export type SessionCookieSettings = { name: string; secure: boolean };

// `__Host-admin_session` (Secure, Path=/, no Domain) everywhere except a
// development or test app served over plain http (wrangler dev on 127.0.0.1),
// where some browsers (Safari) drop Secure cookies; there the cookie is the
// plain `admin_session` without Secure. Deployed environments are always Secure.
export function sessionCookieSettings(config: Pick<AppConfig, "appEnv" | "publicBaseUrl">): SessionCookieSettings {
  const local = config.appEnv === "development" || config.appEnv === "test";
  const plainHttp = config.publicBaseUrl?.startsWith("http://") ?? false;
  return local && plainHttp ? { name: PLAIN_COOKIE_NAME, secure: false } : { name: SECURE_COOKIE_NAME, secure: true };
}

export function serializeSessionCookie(token: string, settings: SessionCookieSettings): string {
  return cookieString(settings, token, SESSION_MAX_AGE_SECONDS);
}

export function clearSessionCookie(settings: SessionCookieSettings): string {
  return cookieString(settings, "", 0);
}

function cookieString(settings: SessionCookieSettings, value: string, maxAge: number) {
  const parts = [`${settings.name}=${value}`, `Max-Age=${maxAge}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (settings.secure) parts.push("Secure");
  if (maxAge === 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  return parts.join("; ");
}

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}
