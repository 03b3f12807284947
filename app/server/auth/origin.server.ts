// Cross-site request forgery guard for admin POSTs: the Origin header must be
// this app's own origin (the request URL's, or PUBLIC_BASE_URL's when the app
// sits behind a proxy or custom domain). Browsers send Origin on every POST;
// a POST without one (or with "null") is refused too.

export function allowedOrigins(request: Request, publicBaseUrl: string | undefined): Set<string> {
  const origins = new Set<string>([new URL(request.url).origin]);
  if (publicBaseUrl) {
    try {
      origins.add(new URL(publicBaseUrl).origin);
    } catch {
      // env.server.ts has already validated it; ignore a bad value here.
    }
  }
  return origins;
}

export function isSameOrigin(request: Request, publicBaseUrl: string | undefined): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  return allowedOrigins(request, publicBaseUrl).has(origin);
}

export const CROSS_SITE_MESSAGE = "This request did not come from the studio's admin pages, so it was refused.";

// Remix 2.17 aborts a *document* POST whose Origin host differs from Host with
// a plain Error before any action runs, which renders as a 500. The Worker
// entry can answer admin POSTs like that with a clean 403 first:
//   const refused = adminCrossSiteGuard(request, config.publicBaseUrl);
//   if (refused) return refused;
export function adminCrossSiteGuard(request: Request, publicBaseUrl: string | undefined): Response | null {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  const path = new URL(request.url).pathname;
  if (path !== "/admin" && !path.startsWith("/admin/")) return null;
  if (isSameOrigin(request, publicBaseUrl)) return null;
  return new Response(`403 Forbidden: ${CROSS_SITE_MESSAGE}\n`, {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
