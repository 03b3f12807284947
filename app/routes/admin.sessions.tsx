import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner } from "~/components/banner";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { browserLabel, listActiveSessions, revokeAllSessions, revokeSession } from "~/server/auth/session-store.server";
import { getDb } from "~/server/db/client.server";

// /admin/sessions: where the signed-in admin is signed in (started, last used,
// browser), with a button to end any of them, or all the others at once.
// Signing out everywhere, this one included, is on the same page.

export const meta: MetaFunction = () => [{ title: "Your sessions · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const DONE = {
  ended: "The session was ended. That browser has to sign in again.",
  others: "Every other session was ended. Only this browser is still signed in.",
  gone: "That session had already ended.",
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const sessions = await listActiveSessions(getDb(context.cloudflare.env.DB), admin.adminId, Date.now());
  const done = new URL(request.url).searchParams.get("done");
  return json({
    sessions: sessions.map((s) => ({ ...s, browser: browserLabel(s.userAgent), current: s.id === admin.sessionId })),
    signedInWith: admin.kind,
    done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
    timeZone: context.config.bookingRules.studioTimeZone,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const db = getDb(context.cloudflare.env.DB);
  const form = await request.formData();
  const now = Date.now();
  if (form.get("intent") === "end-others") {
    const ended = await revokeAllSessions(db, admin.adminId, now, "ended_by_admin", admin.sessionId);
    context.log.info("auth.sessions_ended", { adminId: admin.adminId, ended });
    return redirect("/admin/sessions?done=others");
  }
  const id = String(form.get("id") ?? "");
  const ended = id ? await revokeSession(db, admin.adminId, id, now, "ended_by_admin") : false;
  if (ended) context.log.info("auth.session_ended", { adminId: admin.adminId, sessionId: id });
  // Ending the session in use signs this browser out.
  if (ended && id === admin.sessionId) return redirect("/admin/login");
  return redirect(`/admin/sessions?done=${ended ? "ended" : "gone"}`);
}

export default function AdminSessions() {
  const { sessions, done, timeZone, signedInWith } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const when = (ms: number) => formatter.format(new Date(ms));
  const others = sessions.filter((s) => !s.current).length;

  return (
    <section className="admin-page">
      <h1>Your sessions</h1>
      <p>
        Every browser where you are signed in. End any you don't recognise or no longer use; a password reset ends them
        all. Sessions last at most 8 hours.
      </p>
      <Banner tone="ok">{done}</Banner>
      {signedInWith !== "session" ? <p>You are using an API token or Cloudflare Access here, not a browser session.</p> : null}

      {sessions.length === 0 ? (
        <p>No browser sessions.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Your active sessions</caption>
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.browser}
                    {s.current ? <strong> (this browser)</strong> : null}
                  </td>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.lastUsedAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={s.id} />
                      <button type="submit" className="button button--small" disabled={busy}>
                        {s.current ? "Sign out here" : "End session"}
                        <span className="visually-hidden">{` (${s.browser}, signed in ${when(s.createdAt)})`}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="panel">
        <h2>Sign out everywhere</h2>
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <button type="submit" className="button" disabled={busy}>
              End the {others === 1 ? "other session" : `${others} other sessions`}
            </button>
          </Form>
        ) : null}
        <Form method="post" action="/admin/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button button--danger" disabled={busy}>
            Sign out of every session, this one too
          </button>
        </Form>
      </div>
    </section>
  );
}
