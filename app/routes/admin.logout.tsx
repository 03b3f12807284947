import { redirect, type ActionFunctionArgs } from "@remix-run/cloudflare";
import { assertSameOrigin } from "~/server/auth/require-admin.server";
import { clearSessionCookie, sessionCookieSettings } from "~/server/auth/session.server";
import { signOut } from "~/server/auth/sign-out.server";

// POST /admin/logout ends the session on the server (its admin_sessions row is
// revoked, so the cookie is refused if replayed) and clears the cookie. With
// everywhere=1 it ends every session of this admin (see docs/decisions/0005).
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const form = await request.formData().catch(() => new FormData());
  await signOut(context, request, { everywhere: form.get("everywhere") === "1" });
  return redirect("/admin/login", {
    headers: { "Set-Cookie": clearSessionCookie(sessionCookieSettings(context.config)), "Cache-Control": "no-store" },
  });
}

// Signing out is a POST (a link or prefetch must not sign anyone out).
export const loader = () => redirect("/admin");
