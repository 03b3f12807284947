import { adminCrossSiteGuard, isSameOrigin } from "./auth/origin.server";

// Remix aborts a document POST whose Origin is another site with a plain Error
// (a 500) before any action runs. The Worker answers those with a clear 403
// first. Admin POSTs must always carry our Origin; other pages only refuse a
// foreign one (some privacy tools strip Origin). JSON endpoints and webhooks
// are for other origins by design and check their own credentials (the embed's
// beacons check EMBED_ALLOWED_ORIGINS).
export function crossSiteRefusal(request: Request, publicBaseUrl: string | undefined): Response | null {
  const admin = adminCrossSiteGuard(request, publicBaseUrl);
  if (admin) return admin;
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return null;
  const path = new URL(request.url).pathname;
  // The embed's beacons come from the studio's own sites and check those origins themselves.
  if (path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/embed/")) return null;
  const origin = request.headers.get("origin");
  if (!origin || isSameOrigin(request, publicBaseUrl)) return null;
  return new Response("403 Forbidden: this form was sent from another website, so it was refused. Please use the form on our own site.\n", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
