import type { AppLoadContext } from "@remix-run/cloudflare";
import { getDb } from "../db/client.server";
import { findAdminByEmail, normaliseEmail, recordSignIn, type AdminSummary } from "./admins.server";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password.server";
import {
  combineDecisions,
  d1AttemptStore,
  decideLimit,
  EMAIL_RULE,
  emailKey,
  IP_RULE,
  ipKey,
  WINDOW_MS,
  type AttemptStore,
} from "./rate-limit.server";
import { createSession, pruneSessions } from "./session-store.server";
import { serializeSessionCookie, SESSION_MAX_AGE_SECONDS, sessionCookieSettings, sessionSecretFor, signSession } from "./session.server";

export type SignInOutcome =
  | { ok: true; admin: AdminSummary }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

export type SignInDeps = {
  attempts: AttemptStore;
  findAdminByEmail(email: string): Promise<(AdminSummary & { passwordHash: string }) | null>;
  recordSignIn(adminId: string, now: number): Promise<void>;
  now(): number;
};

// Checks the limits first (a limited attempt never reaches the password
// check), then the password. Failures count against the IP and the email; a
// success clears the email's counter (the IP's runs out with its window).
export async function attemptSignIn(
  deps: SignInDeps,
  input: { email: string; password: string; ip: string },
): Promise<SignInOutcome> {
  const now = deps.now();
  const email = normaliseEmail(input.email);
  const keys = { ip: ipKey(input.ip), email: emailKey(email) };
  const windows = await deps.attempts.get([keys.ip, keys.email]);
  const decision = combineDecisions([
    decideLimit(windows.get(keys.ip), IP_RULE, now),
    decideLimit(windows.get(keys.email), EMAIL_RULE, now),
  ]);
  if (decision.limited) return { ok: false, reason: "limited", retryAfterMs: decision.retryAfterMs };

  const admin = await deps.findAdminByEmail(email);
  // Unknown emails still pay for a hash, so timing doesn't reveal which exist.
  const valid = await verifyPassword(input.password, admin?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!admin || !valid) {
    await deps.attempts.recordFailure([keys.ip, keys.email], WINDOW_MS, now);
    return { ok: false, reason: "invalid" };
  }
  await Promise.all([deps.attempts.clear(keys.email), deps.recordSignIn(admin.id, now)]);
  return { ok: true, admin: { id: admin.id, email: admin.email, name: admin.name } };
}

export function signInDeps(context: AppLoadContext): SignInDeps {
  const db = getDb(context.cloudflare.env.DB);
  return {
    attempts: d1AttemptStore(db),
    findAdminByEmail: (email) => findAdminByEmail(db, email),
    recordSignIn: (id, now) => recordSignIn(db, id, now),
    now: () => Date.now(),
  };
}

// A new session row and a token naming it on every sign-in: the Set-Cookie header value.
export async function newSessionCookie(context: AppLoadContext, admin: AdminSummary, userAgent: string | null): Promise<string> {
  const now = Date.now();
  const db = getDb(context.cloudflare.env.DB);
  const sessionId = await createSession(db, { adminId: admin.id, userAgent, now, maxAgeMs: SESSION_MAX_AGE_SECONDS * 1000 });
  const token = await signSession({ adminId: admin.id, sessionId }, sessionSecretFor(context.config, context.log), { now });
  return serializeSessionCookie(token, sessionCookieSettings(context.config));
}

// Old counters are useless once their window is over.
export async function pruneAttempts(context: AppLoadContext): Promise<void> {
  const db = getDb(context.cloudflare.env.DB);
  await d1AttemptStore(db).prune(Date.now() - WINDOW_MS);
  await pruneSessions(db, Date.now() - 7 * 24 * 60 * 60 * 1000);
}
