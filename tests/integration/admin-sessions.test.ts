import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertAdminSql } from "../../app/server/auth/admin-sql";
import { hashPassword } from "../../app/server/auth/password.server";
import { startWorker, splitSql, type TestWorker } from "./harness";
import { ADMIN, createToken, seedAdmin, signIn } from "./admin-support";

// Admin sessions that can be ended: signing out, ending one from
// /admin/sessions, signing out everywhere and a password reset all make the
// old cookie useless, even replayed; API tokens keep working.

const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:126.0) Gecko/20100101 Firefox/126.0";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

let worker: TestWorker;
let adminId: string;
beforeAll(async () => {
  worker = await startWorker();
  adminId = await seedAdmin(worker);
});
afterAll(() => worker?.dispose());

async function signInWith(userAgent: string): Promise<string> {
  const res = await worker.postForm("/admin/login", { email: ADMIN.email, password: ADMIN.password, redirectTo: "/admin" }, { "user-agent": userAgent });
  expect(res.status).toBe(302);
  return /^([^=;]+=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1];
}

const page = (cookie: string, path = "/admin") => worker.fetch(path, { headers: { cookie } });
const api = (cookie: string) => worker.fetch("/api/consultations", { headers: { cookie } });
const signedIn = async (cookie: string) => (await page(cookie)).status === 200 && (await api(cookie)).status === 200;

describe("admin sessions", () => {
  it("the cookie carries no email, only a signed session id", async () => {
    const cookie = await signIn(worker);
    const payload = JSON.parse(Buffer.from(cookie.split("=")[1].split(".")[1], "base64url").toString());
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "jti", "sub"]);
    const row = await worker.db.prepare("SELECT admin_id FROM admin_sessions WHERE id = ?").bind(payload.jti).first<{ admin_id: string }>();
    expect(row?.admin_id).toBe(adminId);
  });

  it("signing out ends the session on the server: the old cookie, replayed, is refused", async () => {
    const cookie = await signIn(worker);
    expect(await signedIn(cookie)).toBe(true);
    const out = await worker.postForm("/admin/logout", {}, { cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);

    const replayed = await page(cookie);
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("location")).toMatch(/^\/admin\/login/);
    expect((await api(cookie)).status).toBe(401);
  });

  it("lists the admin's sessions with browser, start and last use; ending one refuses its cookie, the others go on", async () => {
    const firefox = await signInWith(FIREFOX);
    const chrome = await signInWith(CHROME);
    const list = await page(firefox, "/admin/sessions");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("Firefox on macOS<strong> (this browser)</strong>");
    expect(html).toContain("Chrome on Windows");

    const chromeId = JSON.parse(Buffer.from(chrome.split("=")[1].split(".")[1], "base64url").toString()).jti;
    const end = await worker.postForm("/admin/sessions", { id: chromeId }, { cookie: firefox });
    expect(end.status).toBe(302);
    expect(end.headers.get("location")).toBe("/admin/sessions?done=ended");
    expect(await signedIn(chrome)).toBe(false);
    expect(await signedIn(firefox)).toBe(true);
    expect(await (await page(firefox, "/admin/sessions?done=ended")).text()).toContain("The session was ended");

    // The row says who ended it.
    const row = await worker.db.prepare("SELECT revoked_reason FROM admin_sessions WHERE id = ?").bind(chromeId).first<{ revoked_reason: string }>();
    expect(row?.revoked_reason).toBe("ended_by_admin");
  });

  it("ends every other session, or every one; API tokens keep working", async () => {
    const token = await createToken(worker, adminId);
    const a = await signInWith(FIREFOX);
    const b = await signInWith(CHROME);
    const c = await signInWith(CHROME);
    expect((await worker.postForm("/admin/sessions", { intent: "end-others" }, { cookie: a })).status).toBe(302);
    expect(await signedIn(a)).toBe(true);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(c)).toBe(false);

    const d = await signInWith(CHROME);
    const everywhere = await worker.postForm("/admin/logout", { everywhere: "1" }, { cookie: a });
    expect(everywhere.status).toBe(302);
    expect(await signedIn(a)).toBe(false);
    expect(await signedIn(d)).toBe(false);
    expect((await worker.fetch("/api/consultations", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("a password reset (npm run admin:create) ends every session", async () => {
    const cookie = await signIn(worker);
    expect(await signedIn(cookie)).toBe(true);
    const sql = upsertAdminSql({ id: crypto.randomUUID(), email: ADMIN.email, name: ADMIN.name, passwordHash: await hashPassword("a new password 123", { iterations: 1000 }), now: Date.now() });
    await worker.db.batch(splitSql(sql).map((s) => worker.db.prepare(s)));
    expect(await signedIn(cookie)).toBe(false);
    const row = await worker.db.prepare("SELECT COUNT(*) AS n FROM admin_sessions WHERE revoked_reason = 'password_reset'").first<{ n: number }>();
    expect(row!.n).toBeGreaterThan(0);
  });
});
