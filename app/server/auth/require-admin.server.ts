import { json, redirect, type AppLoadContext } from "@remix-run/cloudflare";
import { getDb } from "../db/client.server";
import type { Logger } from "../log.server";
import { findAdminByEmail, findAdminById, type AdminSummary } from "./admins.server";
import { noteTokenVerdict } from "./accepted-tokens.server";
import { bearerToken, findAdminByApiToken, touchApiToken } from "./api-tokens.server";
import { verifyAccessAssertion } from "./cf-access.server";
import { CROSS_SITE_MESSAGE, isSameOrigin } from "./origin.server";
import { loginUrlFor } from "./redirect-to";
import { findActiveSession, touchSession, TOUCH_EVERY_MS } from "./session-store.server";
import {
  clearSessionCookie,
  readCookie,
  sessionCookieSettings,
  sessionSecretFor,
  verifySession,
  type SessionCookieSettings,
} from "./session.server";

// Who is calling an admin route.
//
// IMPORTANT: Remix runs the loaders of nested routes in parallel, so the
// `/admin` layout's check does NOT protect its children. Every admin loader and
// action must call requireAdmin (loaders) or requireAdminPost (actions) itself:
//
//   export async function loader({ request, context }: LoaderFunctionArgs) {
//     const admin = await requireAdmin(request, context);
//     ...
//   }
//   export async function action({ request, context }: ActionFunctionArgs) {
//     const admin = await requireAdminPost(request, context);
//     ...
//   }
//
// Accepted credentials, in this order:
//   1. `Authorization: Bearer sct_...` API token (created at /admin/api-tokens).
//      If the header is present it must be valid; there is no fallback.
//   2. The signed session cookie set by /admin/login.
//   3. Cloudflare Access (`Cf-Access-Jwt-Assertion`) when CF_ACCESS_TEAM_DOMAIN
//      and CF_ACCESS_AUD are configured, for an email that has an admin row.
// Without one: HTML routes redirect to /admin/login?redirectTo=<path>; paths
// under /api/ get 401 {"error":"Sign in required"}.

export type AdminIdentity = {
  kind: "session" | "api_token" | "access";
  adminId: string;
  email: string;
  name: string;
  // The admin_sessions row, for kind "session".
  sessionId?: string;
};

export type AuthDeps = {
  sessionSecret: string;
  cookie: SessionCookieSettings;
  publicBaseUrl: string | undefined;
  findAdminById(id: string): Promise<AdminSummary | null>;
  findAdminByEmail(email: string): Promise<AdminSummary | null>;
  findAdminByApiToken(token: string): Promise<AdminSummary | null>;
  // Whether the session row is still on (not signed out, ended or expired).
  isSessionActive(sessionId: string, adminId: string): Promise<boolean>;
  // Present only when Cloudflare Access is configured.
  verifyAccess?: (assertion: string) => Promise<string | null>;
  now(): number;
  log?: Logger;
};

const identity = (kind: AdminIdentity["kind"], admin: AdminSummary): AdminIdentity => ({
  kind,
  adminId: admin.id,
  email: admin.email,
  name: admin.name,
});

// The caller's identity, or null. Never throws for bad credentials.
export async function identifyAdmin(request: Request, deps: AuthDeps): Promise<AdminIdentity | null> {
  if (request.headers.has("authorization")) {
    const token = bearerToken(request);
    const admin = token ? await deps.findAdminByApiToken(token) : null;
    return admin ? identity("api_token", admin) : null;
  }

  const cookie = readCookie(request.headers.get("cookie"), deps.cookie.name);
  if (cookie) {
    const claims = await verifySession(cookie, deps.sessionSecret, { now: deps.now() });
    // A deleted admin's sessions, and ended ones, stop working at once.
    const [admin, on] = claims
      ? await Promise.all([deps.findAdminById(claims.sub), deps.isSessionActive(claims.jti, claims.sub)])
      : [null, false];
    if (admin && on) return { ...identity("session", admin), sessionId: claims!.jti };
  }

  const assertion = request.headers.get("cf-access-jwt-assertion");
  if (assertion && deps.verifyAccess) {
    const email = await deps.verifyAccess(assertion);
    const admin = email ? await deps.findAdminByEmail(email) : null;
    if (admin) return identity("access", admin);
    deps.log?.warn("auth.access_rejected", { reason: email ? "not_an_admin" : "invalid_assertion" });
  }
  return null;
}

export const isApiPath = (request: Request) => new URL(request.url).pathname.startsWith("/api/");

export function unauthorized(request: Request, deps: Pick<AuthDeps, "cookie">): Response {
  if (isApiPath(request)) {
    const invalidToken = request.headers.has("authorization");
    return json(
      { error: "Sign in required" },
      {
        status: 401,
        headers: {
          "WWW-Authenticate": invalidToken ? 'Bearer realm="studio-admin", error="invalid_token"' : 'Bearer realm="studio-admin"',
          "Cache-Control": "no-store",
        },
      },
    );
  }
  const headers = new Headers();
  // Drop a stale or tampered cookie so the browser stops sending it.
  if (readCookie(request.headers.get("cookie"), deps.cookie.name)) headers.append("Set-Cookie", clearSessionCookie(deps.cookie));
  return redirect(loginUrlFor(request), { headers });
}

export async function requireAdminWith(request: Request, deps: AuthDeps): Promise<AdminIdentity> {
  const admin = await identifyAdmin(request, deps);
  if (!admin) throw unauthorized(request, deps);
  return admin;
}

// Throws 403 unless the request's Origin is this app's (see origin.server.ts).
export function assertSameOrigin(request: Request, publicBaseUrl: string | undefined, log?: Logger): void {
  if (isSameOrigin(request, publicBaseUrl)) return;
  log?.warn("auth.cross_site_refused", { method: request.method, path: new URL(request.url).pathname, origin: request.headers.get("origin") ?? "(none)" });
  throw json({ error: CROSS_SITE_MESSAGE }, { status: 403, headers: { "Cache-Control": "no-store" } });
}

export async function requireAdminPostWith(request: Request, deps: AuthDeps): Promise<AdminIdentity> {
  // A bearer token isn't sent by browsers on their own, so it can't be forged
  // cross-site; cookies and Access assertions can, so those need the Origin check.
  if (!request.headers.has("authorization")) assertSameOrigin(request, deps.publicBaseUrl, deps.log);
  return requireAdminWith(request, deps);
}

// The real dependencies, from the Remix load context.
export function authDeps(context: AppLoadContext): AuthDeps {
  const { config, log } = context;
  const { env, ctx } = context.cloudflare;
  const db = getDb(env.DB);
  const access = config.auth.cfAccess;
  return {
    sessionSecret: sessionSecretFor(config, log),
    cookie: sessionCookieSettings(config),
    publicBaseUrl: config.publicBaseUrl,
    findAdminById: (id) => findAdminById(db, id),
    findAdminByEmail: (email) => findAdminByEmail(db, email),
    async findAdminByApiToken(token) {
      const found = await findAdminByApiToken(db, token);
      const now = Date.now();
      noteTokenVerdict(token, found !== null, now);
      if (!found) return null;
      // Record use at most once a minute per token.
      if (!found.lastUsedAt || now - found.lastUsedAt > 60_000) {
        ctx.waitUntil(touchApiToken(db, found.tokenId, now).catch((error) => log.warn("auth.token_touch_failed", { error: String(error) })));
      }
      return found.admin;
    },
    async isSessionActive(sessionId, adminId) {
      const now = Date.now();
      const session = await findActiveSession(db, sessionId, adminId, now);
      if (!session) return false;
      if (now - session.lastUsedAt > TOUCH_EVERY_MS) {
        ctx.waitUntil(touchSession(db, sessionId, now).catch((error) => log.warn("auth.session_touch_failed", { error: String(error) })));
      }
      return true;
    },
    verifyAccess: access ? (assertion) => verifyAccessAssertion(assertion, access) : undefined,
    now: () => Date.now(),
    log,
  };
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<AdminIdentity> {
  return requireAdminWith(request, authDeps(context));
}

// For actions: requireAdmin plus the Origin check for cookie/Access callers.
export async function requireAdminPost(request: Request, context: AppLoadContext): Promise<AdminIdentity> {
  return requireAdminPostWith(request, authDeps(context));
}

// The signed-in admin or null, without redirecting (the login page uses it).
export async function optionalAdmin(request: Request, context: AppLoadContext): Promise<AdminIdentity | null> {
  return identifyAdmin(request, authDeps(context));
}
