import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// The studio's side of service requests: /admin/requests, /admin/requests/:id,
// the consultation page's list, and GET /api/requests(/:id). Requests are sent
// the way a client sends them, through /manage/:token/service.

const SECRET = "admin-requests-test-secret-0123456789abcdef";
let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { LINK_SIGNING_SECRET: SECRET, TAX_RATE: "20" } });
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

let seq = 0;
async function sentRequest(customerName: string, projectName: string): Promise<{ consultationId: string; requestId: string }> {
  const consultationId = await insertConsultation(worker, { startsAt: Date.now() - 2 * 86_400_000 - seq++ * 60_000, status: "completed", customerName, projectName });
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ pur: "manage" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(consultationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 86_400)
    .sign(new TextEncoder().encode(SECRET));
  const body = new URLSearchParams([
    ["intent", "send"],
    ["submissionKey", crypto.randomUUID()],
    ["packageId", "pkg_mixing"],
    ["addonIds", "addon_vocal_tuning"],
    ["trackCount", "2"],
    ["links", "https://drive.example/folder/stems?id=1&x=<b>"],
    ["wishedDeadline", ""],
    ["notes", "Warm, roomy drums."],
  ]);
  const res = await worker.fetch(`/manage/${token}/service`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.origin, "x-forwarded-host": new URL(worker.origin).host },
    body: body.toString(),
  });
  expect(res.status).toBe(302);
  return { consultationId, requestId: new URL(res.headers.get("location")!, worker.origin).searchParams.get("sent")! };
}

describe("the admin's request pages", () => {
  it("lists requests newest first and shows one with its links, estimate and consultation", async () => {
    const first = await sentRequest("Grace Hopper", "Compiler Blues");
    const second = await sentRequest("Alan Turing", "Enigma Variations");
    const list = await admin.get("/admin/requests");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html.indexOf("Alan Turing")).toBeLessThan(html.indexOf("Grace Hopper"));
    // Mixing 50 + 2 × 150 = 350, vocal tuning 2 × 35 = 70, +20 % VAT = 504.
    expect(html).toContain("£504.00");
    expect(html).toContain(`/admin/requests/${second.requestId}`);

    const detail = await admin.get(`/admin/requests/${first.requestId}`);
    expect(detail.status).toBe(200);
    const page = await detail.text();
    expect(page).toContain("Mixing<!-- --> for <!-- -->Compiler Blues");
    expect(page).toContain("Vocal tuning");
    expect(page).toContain('href="https://drive.example/folder/stems?id=1&amp;x=&lt;b&gt;"');
    expect(page).toContain("VAT (20%)");
    expect(page).toContain(`/admin/consultations/${first.consultationId}`);

    const consultationPage = await (await admin.get(`/admin/consultations/${first.consultationId}`)).text();
    expect(consultationPage).toContain("Service requests");
    expect(consultationPage).toContain(`/admin/requests/${first.requestId}`);

    expect((await admin.get(`/admin/requests/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await admin.get("/admin/requests/not-an-id")).status).toBe(404);
  });

  it("sends anonymous callers to the login page", async () => {
    const { requestId } = await sentRequest("Ada Anon", "Hidden");
    for (const path of ["/admin/requests", `/admin/requests/${requestId}`]) {
      const res = await worker.fetch(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain("/admin/login");
    }
  });
});

describe("GET /api/requests", () => {
  const auth = () => ({ authorization: `Bearer ${admin.token}` });

  it("lists and shows requests with integer amounts, without the submission key", async () => {
    const { requestId, consultationId } = await sentRequest("Katherine Johnson", "Orbit");
    const res = await worker.fetch("/api/requests?status=submitted", { headers: auth() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { requests: Record<string, unknown>[]; total: number };
    const mine = body.requests.find((r) => r.id === requestId)!;
    expect(mine).toMatchObject({ consultationId, status: "submitted", estimateTotalMinor: 50_400, currency: "GBP", consultation: { customerName: "Katherine Johnson" } });
    expect(mine).not.toHaveProperty("submissionKey");

    const one = await worker.fetch(`/api/requests/${requestId}`, { headers: auth() });
    expect(one.status).toBe(200);
    const detail = (await one.json()) as { estimate: { taxMinor: number; lines: { amountMinor: number }[] }; fileLinks: string[] };
    expect(detail.estimate.taxMinor).toBe(8400);
    expect(detail.estimate.lines.every((l) => Number.isInteger(l.amountMinor))).toBe(true);
    expect(detail.fileLinks).toHaveLength(1);
  });

  it("answers 422 for a bad filter, 404 for an unknown id and 401 without credentials", async () => {
    expect((await worker.fetch("/api/requests?status=paid", { headers: auth() })).status).toBe(422);
    expect((await worker.fetch(`/api/requests/${crypto.randomUUID()}`, { headers: auth() })).status).toBe(404);
    expect((await worker.fetch("/api/requests")).status).toBe(401);
    expect((await worker.fetch(`/api/requests/${crypto.randomUUID()}`)).status).toBe(401);
  });
});
