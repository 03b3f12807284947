import { redirect, type ActionFunctionArgs } from "@remix-run/cloudflare";
import { assertSameOrigin } from "~/server/auth/require-admin.server";
import { clearSessionCookie, sessionCookieSettings } from "~/server/auth/session.server";

// POST /admin/logout clears the session cookie. Sessions are stateless JWTs,
// so this ends the session in this browser (see docs/decisions/0005).
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  return redirect("/admin/login", {
    headers: { "Set-Cookie": clearSessionCookie(sessionCookieSettings(context.config)), "Cache-Control": "no-store" },
  });
}

// Signing out is a POST (a link or prefetch must not sign anyone out).
export const loader = () => redirect("/admin");
