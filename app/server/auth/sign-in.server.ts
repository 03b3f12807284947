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
import { serializeSessionCookie, sessionCookieSettings, sessionSecretFor, signSession } from "./session.server";

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

// A fresh token (new jti) on every sign-in: the Set-Cookie header value.
export async function newSessionCookie(context: AppLoadContext, admin: AdminSummary): Promise<string> {
  const token = await signSession({ adminId: admin.id, email: admin.email }, sessionSecretFor(context.config, context.log));
  return serializeSessionCookie(token, sessionCookieSettings(context.config));
}

// Old counters are useless once their window is over.
export function pruneAttempts(context: AppLoadContext): Promise<void> {
  return d1AttemptStore(getDb(context.cloudflare.env.DB)).prune(Date.now() - WINDOW_MS);
}
