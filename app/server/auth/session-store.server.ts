import { and, desc, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { adminSessions, type AdminSessionRow, type SessionRevokeReason } from "../db/schema.server";

// Admin sessions in D1 (admin_sessions). The cookie's signed token names a row
// by id (its jti); the row decides whether the session is still on: signing
// out, "sign out everywhere", ending one from /admin/sessions and a password
// reset all revoke rows, and a revoked cookie replayed later is refused.
// See docs/decisions/0005-admin-sessions.md.

export const MAX_USER_AGENT_LENGTH = 256;
/** last_used_at is written at most this often per session. */
export const TOUCH_EVERY_MS = 60_000;

export type ActiveSession = Pick<AdminSessionRow, "id" | "createdAt" | "lastUsedAt" | "expiresAt" | "userAgent">;

export async function createSession(
  db: Db,
  session: { adminId: string; userAgent: string | null; now: number; maxAgeMs: number },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(adminSessions).values({
    id,
    adminId: session.adminId,
    createdAt: session.now,
    lastUsedAt: session.now,
    expiresAt: session.now + session.maxAgeMs,
    userAgent: session.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) || null,
  });
  return id;
}

const active = (now: number) => and(isNull(adminSessions.revokedAt), gt(adminSessions.expiresAt, now));

/** The session if it is the admin's and still on (not revoked, not expired). */
export async function findActiveSession(db: Db, id: string, adminId: string, now: number): Promise<ActiveSession | null> {
  const [row] = await db
    .select({
      id: adminSessions.id,
      createdAt: adminSessions.createdAt,
      lastUsedAt: adminSessions.lastUsedAt,
      expiresAt: adminSessions.expiresAt,
      userAgent: adminSessions.userAgent,
    })
    .from(adminSessions)
    .where(and(eq(adminSessions.id, id), eq(adminSessions.adminId, adminId), active(now)))
    .limit(1);
  return row ?? null;
}

export async function touchSession(db: Db, id: string, now: number): Promise<void> {
  await db.update(adminSessions).set({ lastUsedAt: now }).where(eq(adminSessions.id, id));
}

export async function listActiveSessions(db: Db, adminId: string, now: number): Promise<ActiveSession[]> {
  return db
    .select({
      id: adminSessions.id,
      createdAt: adminSessions.createdAt,
      lastUsedAt: adminSessions.lastUsedAt,
      expiresAt: adminSessions.expiresAt,
      userAgent: adminSessions.userAgent,
    })
    .from(adminSessions)
    .where(and(eq(adminSessions.adminId, adminId), active(now)))
    .orderBy(desc(adminSessions.lastUsedAt));
}

/** Ends one of the admin's sessions; false when it wasn't theirs or was already over. */
export async function revokeSession(db: Db, adminId: string, id: string, now: number, reason: SessionRevokeReason): Promise<boolean> {
  const ended = await db
    .update(adminSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(adminSessions.id, id), eq(adminSessions.adminId, adminId), isNull(adminSessions.revokedAt)))
    .returning({ id: adminSessions.id });
  return ended.length > 0;
}

/** Ends every session of the admin (but `except`, when given); how many were on. */
export async function revokeAllSessions(
  db: Db,
  adminId: string,
  now: number,
  reason: SessionRevokeReason,
  except?: string,
): Promise<number> {
  const ended = await db
    .update(adminSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(adminSessions.adminId, adminId), active(now), except ? ne(adminSessions.id, except) : undefined))
    .returning({ id: adminSessions.id });
  return ended.length;
}

/** Rows of sessions over for a while are of no use (kept a week for "who was signed in"). */
export async function pruneSessions(db: Db, olderThan: number): Promise<void> {
  await db.delete(adminSessions).where(or(lt(adminSessions.expiresAt, olderThan), lt(adminSessions.revokedAt, olderThan)));
}

/** "Chrome on macOS" from a User-Agent, for the sessions page. */
export function browserLabel(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\//.test(userAgent)
      ? "Opera"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /Chrome\/|Chromium\//.test(userAgent)
          ? "Chrome"
          : /Safari\//.test(userAgent)
            ? "Safari"
            : /curl\//i.test(userAgent)
              ? "curl"
              : "Another browser";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Mac OS X|Macintosh/.test(userAgent)
        ? "macOS"
        : /Android/.test(userAgent)
          ? "Android"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}
