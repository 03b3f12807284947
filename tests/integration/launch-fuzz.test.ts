import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingForm, freeSlots } from "./booking-data";
import { asAdmin, type Admin } from "./admin-support";

// Fuzzing the forms and endpoints added for launch (limits, sessions, privacy,
// health): whatever arrives, the answer is a deliberate one, never a 500.

let worker: TestWorker;
let admin: Admin;
let link: string;
let id: string;

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  const [slot] = await freeSlots(worker);
  const res = await worker.postForm("/book", bookingForm(slot.startsAt, { customerEmail: "fuzz@example.com" }));
  const location = res.headers.get("location")!;
  id = /([0-9a-f-]{36})$/.exec(location)![1];
  link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(await (await worker.fetch(location)).text())![1];
});
afterAll(() => worker?.dispose());

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("", "1", "everywhere", "end-others", "../../etc", "%00", "'; DROP TABLE admin_sessions; --"));
const fields = fc.dictionary(fc.constantFrom("id", "intent", "everywhere", "formStartedAt", "website", "reason", "x"), text, { maxKeys: 4 });
const RUNS = { numRuns: 15 };

describe("fuzzing the launch endpoints", () => {
  it("the booking form's stamp field: 302, 400 or 409, never a 500", async () => {
    const [slot] = await freeSlots(worker);
    await fc.assert(
      fc.asyncProperty(text, async (stamp) => {
        const res = await worker.postForm("/book", bookingForm(slot.startsAt, { formStartedAt: stamp, customerEmail: "fuzz-stamp@example.com" }));
        expect([302, 400, 409]).toContain(res.status);
      }),
      RUNS,
    );
  });

  it("/admin/sessions and /admin/logout with any fields", async () => {
    await fc.assert(
      fc.asyncProperty(fields, async (form) => {
        const res = await worker.postForm("/admin/sessions", form, { cookie: "admin_session=not-a-token" });
        expect([302, 403]).toContain(res.status);
        const out = await worker.postForm("/admin/logout", form, { cookie: `admin_session=${form.id ?? ""}` });
        expect(out.status).toBe(302);
      }),
      RUNS,
    );
    // A signed-in admin ending sessions that aren't there: a redirect, nothing ended.
    await fc.assert(
      fc.asyncProperty(text, async (sessionId) => {
        const res = await admin.post("/admin/sessions", { id: sessionId });
        expect(res.status).toBe(302);
        expect(res.headers.get("location")).toMatch(/^\/admin\/sessions\?done=(gone|ended)$|^\/admin\/login$/);
      }),
      RUNS,
    );
    expect((await admin.get("/admin/sessions")).status).toBe(200);
  });

  it("/manage/:token/data.json and /manage/:token/delete with any token: 404 or 410, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }), async (token) => {
        const path = `/manage/${encodeURIComponent(token)}`;
        for (const res of [await worker.fetch(`${path}/data.json`), await worker.fetch(`${path}/delete`), await worker.postForm(`${path}/delete`, {})]) {
          expect([400, 404, 410]).toContain(res.status);
        }
      }),
      RUNS,
    );
  });

  it("the delete form and the admin erase route with any fields", async () => {
    await fc.assert(
      fc.asyncProperty(fields, fc.oneof(fc.uuid(), text), async (form, anyId) => {
        const res = await admin.post(`/admin/consultations/${encodeURIComponent(anyId)}/erase`, form);
        expect([302, 404]).toContain(res.status);
      }),
      RUNS,
    );
    const res = await worker.postForm(`${link}/delete`, { junk: "x".repeat(5000) });
    expect(res.status).toBe(302);
    expect((await worker.db.prepare("SELECT customer_email FROM consultations WHERE id = ?").bind(id).first<{ customer_email: string }>())?.customer_email).toBe("(erased)");
  });

  it("/healthz and /api/slots with any query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (query) => {
        expect((await worker.fetch(`/healthz?${encodeURIComponent(query)}`)).status).toBe(200);
        expect([200, 422]).toContain((await worker.fetch(`/api/slots?${query.replace(/#/g, "")}`)).status);
      }),
      RUNS,
    );
  });
});
