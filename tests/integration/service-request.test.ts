import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, priceSelection } from "../../app/domain/catalogue";
import { insertConsultation } from "./admin-support";
import { settled, waitFor } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";

// The client's service request at /manage/:token/service, through the real
// worker as a browser without JavaScript sends it: three plain POSTs carrying
// the draft in hidden fields, then the send, which stores one request with a
// server-computed estimate and queues the studio's email and the client's copy.

const SECRET = "service-request-test-secret-0123456789abcdef";
const STUDIO_INBOX = "requests@studio.example";
let worker: TestWorker;

beforeAll(async () => {
  worker = await startWorker({ vars: { LINK_SIGNING_SECRET: SECRET, TAX_RATE: "20", CURRENCY: "GBP", STUDIO_NOTIFY_EMAIL: STUDIO_INBOX } });
});
afterAll(() => worker?.dispose());

function sign(sub: string, { iat = Math.floor(Date.now() / 1000), lifetime = 180 * 86400, secret = SECRET } = {}) {
  return new SignJWT({ pur: "manage" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(new TextEncoder().encode(secret));
}

const DAY = 86_400_000;
let seq = 0;

async function completedConsultation(overrides: Parameters<typeof insertConsultation>[1] extends infer T ? Partial<T> : never = {}) {
  const id = await insertConsultation(worker, { startsAt: Date.now() - 3 * DAY - seq++ * 60_000, status: "completed", ...overrides });
  const token = await sign(id);
  return { id, token, page: `/manage/${token}/service` };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function sendFields(overrides: Record<string, string | string[]> = {}): [string, string][] {
  const base: Record<string, string | string[]> = {
    intent: "send",
    submissionKey: crypto.randomUUID(),
    packageId: "pkg_mix_master",
    addonIds: ["addon_stems", "addon_rush"],
    trackCount: "4",
    links: "https://www.dropbox.com/s/abc/stems.zip\nhttp://example.com/vocals.wav",
    wishedDeadline: isoDate(Date.now() + 30 * DAY),
    notes: "Loud but not crushed, please.",
    ...overrides,
  };
  return Object.entries(base).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
}

function post(path: string, fields: [string, string][]) {
  return worker.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.origin, "x-forwarded-host": new URL(worker.origin).host },
    body: new URLSearchParams(fields).toString(),
  });
}

async function requestsOf(consultationId: string) {
  return (await worker.db.prepare("SELECT * FROM service_requests WHERE consultation_id = ?").bind(consultationId).all<Record<string, unknown>>()).results;
}

describe("the request page", () => {
  it("opens on step 1 of 3 with the consultation's summary and the recommendations preselected", async () => {
    const { page } = await completedConsultation({ projectName: "Neon Rivers" });
    const res = await worker.fetch(page);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = await res.text();
    expect(html).toContain("Step 1 of 3");
    expect(html).toContain("Neon Rivers");
    expect(html).toContain("Recommended for your project");
    expect(html).toMatch(/<input type="radio" id="package-pkg_[a-z_]+" name="packageId" checked="" value="pkg_[a-z_]+"/);
    expect(html).toContain("Recommended:");
    expect(html).toContain("£");
  });

  it("walks the three steps as plain POSTs and keeps the draft between them", async () => {
    const { id, page } = await completedConsultation();
    const key = crypto.randomUUID();
    const step2 = await post(page, [["intent", "package"], ["submissionKey", key], ["packageId", "pkg_mastering"], ["addonIds", "addon_extra_revision"], ["trackCount", ""], ["links", ""], ["wishedDeadline", ""], ["notes", ""]]);
    expect(step2.status).toBe(200);
    const html2 = await step2.text();
    expect(html2).toContain("Step 2 of 3");
    expect(html2).toContain('name="packageId" value="pkg_mastering"');
    expect(html2).toContain('name="addonIds" value="addon_extra_revision"');

    const project = sendFields({ intent: "project", submissionKey: key, packageId: "pkg_mastering", addonIds: ["addon_extra_revision"], trackCount: "3" });
    const step3 = await post(page, project);
    expect(step3.status).toBe(200);
    const html3 = await step3.text();
    expect(html3).toContain("Step 3 of 3");
    // 3 × £40.00 + £40.00 = £160.00, VAT 20 % = £32.00, total £192.00.
    expect(html3).toContain("£160.00");
    expect(html3).toContain("VAT (20%)");
    expect(html3).toContain("£32.00");
    expect(html3).toContain("£192.00");

    const back = await post(page, sendFields({ intent: "back-package", submissionKey: key, packageId: "pkg_mastering", addonIds: ["addon_extra_revision"], trackCount: "3" }));
    const htmlBack = await back.text();
    expect(htmlBack).toContain("Step 1 of 3");
    expect(htmlBack).toMatch(/checked="" value="pkg_mastering"/);
    expect(htmlBack).toContain('name="trackCount" value="3"');
    expect(await requestsOf(id)).toHaveLength(0);
  });

  it("sends: one request priced by the server (a posted price is ignored), the studio's email and the client's copy", async () => {
    const { id, page } = await completedConsultation({ customerEmail: "client@example.com" });
    const res = await post(page, [...sendFields(), ["estimateTotalMinor", "1"], ["price", "1"], ["unitMinor", "1"], ["totalMinor", "1"]]);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/\/service\?sent=[0-9a-f-]{36}$/);
    const [stored] = await requestsOf(id);
    const expected = priceSelection(DEFAULT_CATALOGUE, { packageId: "pkg_mix_master", addonIds: ["addon_stems", "addon_rush"], trackCount: 4 }, 2000);
    if (!expected.ok) throw new Error("the test's selection should price");
    expect(stored).toMatchObject({ status: "submitted", package_id: "pkg_mix_master", track_count: 4, estimate_total_minor: expected.totalMinor, currency: "GBP" });
    expect(JSON.parse(stored.addon_ids as string)).toEqual(["addon_rush", "addon_stems"]);
    expect(JSON.parse(stored.file_links as string)).toEqual(["https://www.dropbox.com/s/abc/stems.zip", "http://example.com/vocals.wav"]);
    expect(JSON.parse(stored.estimate_json as string)).toMatchObject({ taxRateBp: 2000, taxMinor: expected.taxMinor, subtotalMinor: expected.subtotalMinor });

    const sent = await (await worker.fetch(location)).text();
    expect(sent).toContain("Your request is on its way");

    await settled(worker, id);
    const emails = await waitFor(async () => {
      const { results } = await worker.db.prepare("SELECT kind, recipient, subject, text FROM email_messages WHERE consultation_id = ? ORDER BY kind").bind(id).all<{ kind: string; recipient: string; subject: string; text: string }>();
      return results.length === 2 ? results : undefined;
    }, "both request emails");
    expect(emails.map((e) => [e.kind, e.recipient])).toEqual([
      ["request_copy", "client@example.com"],
      ["request_received", STUDIO_INBOX],
    ]);
    const studio = emails.find((e) => e.kind === "request_received")!;
    expect(studio.subject).toContain("Mix + master");
    expect(studio.text).toContain(`/admin/requests/${stored.id}`);
    expect(studio.text).toContain("https://www.dropbox.com/s/abc/stems.zip");
    expect(emails.find((e) => e.kind === "request_copy")!.text).toContain("VAT (20%)");
  });

  it("stores one request and two emails when the same send arrives twice", async () => {
    const { id, page } = await completedConsultation();
    const fields = sendFields();
    const [first, second] = await Promise.all([post(page, fields), post(page, fields)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(first.headers.get("location")).toBe(second.headers.get("location"));
    const third = await post(page, fields);
    expect(third.headers.get("location")).toBe(first.headers.get("location"));
    expect(await requestsOf(id)).toHaveLength(1);
    const jobs = (await worker.db.prepare("SELECT kind FROM outbox_jobs WHERE consultation_id = ? AND kind LIKE 'email.request%'").bind(id).all()).results;
    expect(jobs).toHaveLength(2);
  });
});

describe("bad input gets field errors and stores nothing", () => {
  const eleven = Array.from({ length: 11 }, (_, i) => `https://files.example/${i}.wav`).join("\n");
  it.each([
    ["a link that isn't one", { links: "my dropbox" }, "links", "must start with http:// or https://"],
    ["an ftp:// link", { links: "ftp://files.example/mix.wav" }, "links", "must start with http:// or https://"],
    ["11 links", { links: eleven }, "links", "At most 10 links"],
    ["a link over 2000 characters", { links: `https://files.example/${"a".repeat(2000)}` }, "links", "longer than 2000 characters"],
    ["no links", { links: "" }, "links", "Add at least one download link"],
    ["a deadline in the past", { wishedDeadline: "2020-01-01" }, "wishedDeadline", "The deadline can&#x27;t be in the past"],
    ["a huge track count", { trackCount: "100000" }, "trackCount", "Enter a number of tracks from 1 to 200"],
    ["a negative track count", { trackCount: "-3" }, "trackCount", "Enter a number of tracks from 1 to 200"],
    ["an unknown package", { packageId: "pkg_free_money" }, "packageId", "Choose one of the packages on offer"],
    ["a package as an add-on", { addonIds: ["pkg_mixing"] }, "addonIds", "is a package, not an add-on"],
  ])("%s", async (_name, overrides, _field, message) => {
    const { id, page } = await completedConsultation();
    const res = await post(page, sendFields(overrides as Record<string, string>));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("There is a problem");
    expect(await requestsOf(id)).toHaveLength(0);
    expect((await worker.db.prepare("SELECT COUNT(*) AS n FROM outbox_jobs WHERE consultation_id = ?").bind(id).first<{ n: number }>())!.n).toBe(0);
  });

  it("refuses a retired package at the send", async () => {
    await worker.db.prepare("UPDATE catalogue_items SET active = 0 WHERE id = 'pkg_production'").run();
    try {
      const { id, page } = await completedConsultation();
      const res = await post(page, sendFields({ packageId: "pkg_production" }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("no longer offered");
      expect(await requestsOf(id)).toHaveLength(0);
    } finally {
      await worker.db.prepare("UPDATE catalogue_items SET active = 1 WHERE id = 'pkg_production'").run();
    }
  });
});

describe("who can request", () => {
  it("explains, and stores nothing, before the consultation is completed or after a cancellation", async () => {
    for (const [status, words] of [
      ["scheduled", "hasn&#x27;t taken place yet"],
      ["cancelled", "was cancelled"],
      ["no_show", "didn&#x27;t take place"],
    ] as const) {
      const id = await insertConsultation(worker, { startsAt: Date.now() + (status === "scheduled" ? 5 : -5) * DAY - seq++ * 60_000, status });
      const page = `/manage/${await sign(id)}/service`;
      const res = await worker.fetch(page);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(words);
      expect(html).not.toContain("Step 1 of 3");
      expect((await post(page, sendFields())).status).toBe(409);
      expect(await requestsOf(id)).toHaveLength(0);
    }
  });

  it("shows one client nothing of another's request, and a tampered or expired link gets the friendly page", async () => {
    const a = await completedConsultation({ customerName: "Alice Private", projectName: "Secret Album" });
    const sent = await post(a.page, sendFields());
    const requestId = new URL(sent.headers.get("location")!, worker.origin).searchParams.get("sent")!;
    const b = await completedConsultation({ customerName: "Bob Other" });
    const other = await (await worker.fetch(`${b.page}?sent=${requestId}`)).text();
    expect(other).not.toContain("Your request is on its way");
    expect(other).not.toContain("Secret Album");
    expect(other).toContain("Step 1 of 3");
    // B's page with A's submission key does not reveal or reuse A's request.
    const replay = await post(b.page, sendFields({ submissionKey: (await requestsOf(a.id))[0].submission_key as string }));
    expect(replay.status).toBe(409);
    expect(await requestsOf(b.id)).toHaveLength(0);

    const tampered = await worker.fetch(`/manage/${a.token.slice(0, -3)}abc/service`);
    expect(tampered.status).toBe(404);
    expect(await tampered.text()).toContain("This link doesn");
    const expired = await sign(a.id, { iat: Math.floor(Date.now() / 1000) - 200 * 86400, lifetime: 180 * 86400 });
    expect((await worker.fetch(`/manage/${expired}/service`)).status).toBe(410);
    expect((await post(`/manage/${expired}/service`, sendFields())).status).toBe(410);
  });

  it("links to the request from the private page and the confirmation page once completed, not before", async () => {
    const done = await completedConsultation();
    expect(await (await worker.fetch(`/manage/${done.token}`)).text()).toContain(`/manage/${done.token}/service`);
    expect(await (await worker.fetch(`/book/confirmed/${done.id}`)).text()).toContain("Request mixing, mastering or production");
    const upcoming = await insertConsultation(worker, { startsAt: Date.now() + 9 * DAY + seq++ * 60_000 });
    expect(await (await worker.fetch(`/manage/${await sign(upcoming)}`)).text()).not.toContain("Request mixing, mastering or production");
  });
});
