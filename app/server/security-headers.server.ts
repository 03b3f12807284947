// Headers every response carries, whatever produced it (a page, JSON, a
// redirect, the 503 of a broken deploy, a static asset): workers/app.ts adds
// them last. Pages also get their nonce-based Content-Security-Policy from
// app/entry.server.tsx; anything else gets a policy that allows nothing, as
// JSON and redirects never need to run or load anything.

type AppEnv = "development" | "test" | "staging" | "production" | string | undefined;

// Browsers only honour HSTS over https; wrangler dev serves plain http on
// 127.0.0.1, where pinning https would break localhost for every other app.
const HSTS = "max-age=63072000; includeSubDomains";

// Nothing here uses a camera, a microphone, location, payment or USB; refuse
// them for us and for anything embedded.
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
  "browsing-topics=()",
].join(", ");

const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(headers: Headers, appEnv: AppEnv): void {
  if (appEnv !== "development") headers.set("Strict-Transport-Security", HSTS);
  headers.set("Permissions-Policy", PERMISSIONS_POLICY);
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", NON_PAGE_POLICY);
  // The booking pages may be framed by the studio's own sites (frame-ancestors,
  // set by entry.server.tsx from EMBED_ALLOWED_ORIGINS); X-Frame-Options can't
  // name origins, so it is only sent where nothing may frame us.
  if (!framedByAllowedOrigins(headers.get("Content-Security-Policy"))) headers.set("X-Frame-Options", "DENY");
}

function framedByAllowedOrigins(policy: string | null): boolean {
  const directive = policy?.split(";").map((d) => d.trim()).find((d) => d.startsWith("frame-ancestors "));
  return directive !== undefined && directive !== "frame-ancestors 'none'";
}
