import type { AppLoadContext } from "@remix-run/cloudflare";
import { getDb } from "../db/client.server";
import { revokeAllSessions, revokeSession } from "./session-store.server";
import { readCookie, sessionCookieSettings, sessionSecretFor, verifySession } from "./session.server";

// Signing out ends the session on the server: the row is revoked, so the
// same cookie replayed later (copied, or from a shared computer) is refused.

/** The session the request's cookie names, if its signature is good (revoked or not). */
export async function cookieSession(context: AppLoadContext, request: Request): Promise<{ adminId: string; sessionId: string } | null> {
  const settings = sessionCookieSettings(context.config);
  const token = readCookie(request.headers.get("cookie"), settings.name);
  if (!token) return null;
  const claims = await verifySession(token, sessionSecretFor(context.config, context.log));
  return claims ? { adminId: claims.sub, sessionId: claims.jti } : null;
}

export async function signOut(context: AppLoadContext, request: Request, options: { everywhere: boolean }): Promise<number> {
  const session = await cookieSession(context, request);
  if (!session) return 0;
  const db = getDb(context.cloudflare.env.DB);
  const now = Date.now();
  if (options.everywhere) {
    const ended = await revokeAllSessions(db, session.adminId, now, "signed_out_everywhere");
    context.log.info("auth.signed_out_everywhere", { adminId: session.adminId, ended });
    return ended;
  }
  const ended = await revokeSession(db, session.adminId, session.sessionId, now, "signed_out");
  context.log.info("auth.signed_out", { adminId: session.adminId, sessionId: session.sessionId });
  return ended ? 1 : 0;
}
