import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// Every admin page, form and API endpoint of issue 4 refuses a caller without
// a valid session or token: pages redirect to the sign-in page, /api answers 401.

let worker: TestWorker;
let admin: Admin;
let id: string;

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  id = await insertConsultation(worker, { startsAt: Date.now() + 5 * 86_400_000 });
});
afterAll(() => worker?.dispose());

const pages = () => [
  "/admin/consultations",
  "/admin/consultations?status=scheduled&q=ada",
  `/admin/consultations/${id}`,
  `/admin/consultations/${id}/reschedule`,
  "/admin/consultations.csv",
  "/admin/availability",
  "/admin/reports",
  "/admin/reports?period=12m",
  "/admin",
  "/admin/api-tokens",
];

const forms = (): { path: string; fields: Record<string, string> }[] => [
  { path: `/admin/consultations/${id}`, fields: { intent: "notes", adminNotes: "hacked" } },
  { path: `/admin/consultations/${id}`, fields: { intent: "status", status: "cancelled" } },
  { path: `/admin/consultations/${id}/reschedule`, fields: { consultationDate: new Date(Date.now() + 7 * 86_400_000).toISOString() } },
  { path: "/admin/availability", fields: { intent: "add", kind: "days", startDate: "2030-01-01", reason: "x" } },
];

function tamper(cookie: string): string {
  // Flip a character of the JWT's signature.
  const last = cookie.at(-2) === "A" ? "B" : "A";
  return cookie.slice(0, -2) + last + cookie.at(-1);
}

async function expectSignInRedirect(res: Response) {
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toMatch(/^\/admin\/login\?redirectTo=/);
}

describe("admin pages", () => {
  it("redirect an anonymous visitor to sign in", async () => {
    for (const path of pages()) await expectSignInRedirect(await worker.fetch(path));
  });

  it("redirect a tampered session cookie to sign in", async () => {
    for (const path of pages()) await expectSignInRedirect(await worker.fetch(path, { headers: { cookie: tamper(admin.cookie) } }));
  });

  it("refuse anonymous and tampered form posts, and change nothing", async () => {
    for (const { path, fields } of forms()) {
      await expectSignInRedirect(await worker.postForm(path, fields));
      await expectSignInRedirect(await worker.postForm(path, fields, { cookie: tamper(admin.cookie) }));
    }
    const row = await worker.db.prepare("SELECT status, admin_notes FROM consultations WHERE id = ?").bind(id).first<{ status: string; admin_notes: string | null }>();
    expect(row).toEqual({ status: "scheduled", admin_notes: null });
    const closures = await worker.db.prepare("SELECT COUNT(*) AS n FROM availability_closures").first<{ n: number }>();
    expect(closures?.n).toBe(0);
  });

  it("refuse a signed-in form post from another site", async () => {
    const res = await worker.postForm(`/admin/consultations/${id}`, { intent: "notes", adminNotes: "cross-site" }, {
      cookie: admin.cookie,
      origin: "https://evil.example",
      // As a browser would send it: Remix's own forwarded-host check is not what's tested here.
      "x-forwarded-host": "evil.example",
    });
    expect(res.status).toBe(403);
    const row = await worker.db.prepare("SELECT admin_notes FROM consultations WHERE id = ?").bind(id).first<{ admin_notes: string | null }>();
    expect(row?.admin_notes).toBeNull();
  });

  it("let the signed-in studio in", async () => {
    for (const path of pages()) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
    }
  });
});

describe("admin API", () => {
  const endpoints = () => [
    { method: "GET", path: "/api/consultations" },
    { method: "GET", path: `/api/consultations/${id}` },
    { method: "PUT", path: `/api/consultations/${id}`, body: JSON.stringify({ adminNotes: "hacked" }) },
  ];

  async function call(e: { method: string; path: string; body?: string }, headers: Record<string, string>) {
    return worker.fetch(e.path, { method: e.method, body: e.body, headers: { "content-type": "application/json", ...headers } });
  }

  it("answers 401 without credentials", async () => {
    for (const e of endpoints()) {
      const res = await call(e, {});
      expect(res.status, `${e.method} ${e.path}`).toBe(401);
      expect(await res.json()).toEqual({ error: "Sign in required" });
    }
  });

  it("answers 401 for a tampered or unknown bearer token and a tampered cookie", async () => {
    const tamperedToken = admin.token.slice(0, -1) + (admin.token.endsWith("A") ? "B" : "A");
    for (const e of endpoints()) {
      expect((await call(e, { authorization: `Bearer ${tamperedToken}` })).status).toBe(401);
      expect((await call(e, { authorization: "Bearer sct_not-a-real-token" })).status).toBe(401);
      expect((await call(e, { authorization: "Basic c3R1ZGlvOnBhc3N3b3Jk" })).status).toBe(401);
      expect((await call(e, { cookie: tamper(admin.cookie), origin: worker.origin })).status).toBe(401);
    }
    const row = await worker.db.prepare("SELECT admin_notes FROM consultations WHERE id = ?").bind(id).first<{ admin_notes: string | null }>();
    expect(row?.admin_notes).toBeNull();
  });

  it("accepts the bearer token and the session cookie", async () => {
    expect((await worker.fetch("/api/consultations", { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    expect((await admin.get(`/api/consultations/${id}`)).status).toBe(200);
  });

  it("refuses a cookie-authenticated PUT from another origin", async () => {
    const res = await worker.fetch(`/api/consultations/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie: admin.cookie, origin: "https://evil.example" },
      body: JSON.stringify({ adminNotes: "cross-site" }),
    });
    expect(res.status).toBe(403);
  });

  it("keeps POST /api/consultations and GET /api/slots public", async () => {
    expect((await worker.fetch("/api/slots?days=1")).status).toBe(200);
  });
});
