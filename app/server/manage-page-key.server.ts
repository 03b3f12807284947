import { decodeJwt } from "jose";
import { readCookie, sessionCookieSettings } from "./auth/session.server";
import type { AppConfig } from "./env.server";

// The client's private page without its key in the address bar
// (docs/decisions/0057). A browser that opens /manage/:token (the link in
// every email) is sent on to /manage/c/:id with the token in an HttpOnly
// cookie scoped to that one page: the address it stays on, bookmarks, shares
// on screen or syncs to other devices holds no key, and a crawler that comes
// by a leaked link (it keeps no cookies) finds only "open it from your email".
// The page's own forms and the steps behind it still carry the token in
// their addresses, as before; other sites never see them (Referer: origin only).

const COOKIE_NAME = "manage_key";
/** The longest a key is kept, even for a token that runs longer. */
const MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** A person opening the page in a browser tab (not a fetch, a test client or a crawler's plain GET). */
export function isDocumentNavigation(request: Request): boolean {
  return (
    request.method === "GET" && request.headers.get("sec-fetch-mode") === "navigate" && request.headers.get("sec-fetch-dest") === "document"
  );
}

export function managePagePath(consultationId: string, search = ""): string {
  return `/manage/c/${encodeURIComponent(consultationId)}${search}`;
}

/** The way from the token's address to the keyless one, keeping the query (zone, week, "done"). */
export function toManagePage(config: Pick<AppConfig, "appEnv" | "publicBaseUrl">, consultationId: string, token: string, search: string, headers: Record<string, string>): Response {
  const cookie = [
    `${COOKIE_NAME}=${token}`,
    `Path=${managePagePath(consultationId)}`,
    `Max-Age=${maxAgeFor(token)}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  // Secure as the admin's cookie is: always, except a local app over plain http.
  if (sessionCookieSettings(config).secure) cookie.push("Secure");
  return new Response(null, {
    status: 303,
    headers: { ...headers, location: managePagePath(consultationId, search), "set-cookie": cookie.join("; ") },
  });
}

/** The token the page's cookie holds, if any. */
export function managePageKey(request: Request): string | undefined {
  return readCookie(request.headers.get("cookie"), COOKIE_NAME);
}

function maxAgeFor(token: string): number {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    exp = undefined;
  }
  const left = typeof exp === "number" ? Math.floor(exp - Date.now() / 1000) : MAX_AGE_SECONDS;
  return Math.max(0, Math.min(MAX_AGE_SECONDS, left));
}
