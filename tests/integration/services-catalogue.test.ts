import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// The service catalogue: seeded by migrations/0006, edited at /admin/services
// (plain form posts) and through GET/POST /api/catalogue, GET/PUT /api/catalogue/:id.

let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { CURRENCY: "GBP", TAX_RATE: "20" } });
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

type Item = { id: string; code: string; name: string; active: boolean; baseMinor: number; perTrackMinor: number; percentBp: number; kind: string };

async function row(id: string) {
  return worker.db.prepare("SELECT * FROM catalogue_items WHERE id = ?").bind(id).first<Record<string, unknown>>();
}
const count = async () => (await worker.db.prepare("SELECT COUNT(*) AS n FROM catalogue_items").first<{ n: number }>())!.n;

const NEW_ADDON = {
  intent: "save",
  name: "Dolby Atmos mix",
  code: "atmos",
  description: "An immersive mix for Apple Music.",
  kind: "addon",
  pricing: "per_track",
  basePrice: "",
  perTrackPrice: "1,250.50",
  percent: "",
  turnaroundDays: "",
  turnaroundDaysSaved: "0",
  active: "on",
  sortOrder: "200",
};

describe("/admin/services", () => {
  it("lists the seeded packages and add-ons with prices in the configured currency", async () => {
    const res = await admin.get("/admin/services");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Mix + master");
    expect(html).toContain("£50.00 + £180.00 per track");
    expect(html).toContain("50% of the package");
    expect(html).toContain("8 working days");
    expect(html).toContain('href="/admin/services"');
  });

  it("adds an item from money text, stored as integer minor units", async () => {
    const before = await count();
    const res = await admin.post("/admin/services/new", NEW_ADDON);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/services?saved=created");
    expect(await count()).toBe(before + 1);
    const stored = await worker.db.prepare("SELECT * FROM catalogue_items WHERE code = 'atmos'").first<Record<string, unknown>>();
    expect(stored).toMatchObject({ kind: "addon", pricing: "per_track", per_track_minor: 125_050, base_minor: 0, active: 1 });
    expect(await (await admin.get("/admin/services?saved=created")).text()).toContain("£1,250.50 per track");
  });

  it("refuses bad prices and a taken code with field errors, storing nothing", async () => {
    const before = await count();
    const bad = await admin.post("/admin/services/new", { ...NEW_ADDON, code: "atmos_2", perTrackPrice: "12.345" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Use at most 2 decimal places");
    const huge = await admin.post("/admin/services/new", { ...NEW_ADDON, code: "atmos_3", perTrackPrice: "99999999999" });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain("Enter an amount of £1,000,000.00 or less");
    const taken = await admin.post("/admin/services/new", { ...NEW_ADDON, code: "mixing" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("already used by another item");
    expect(await count()).toBe(before);
  });

  it("edits an item's price but never its kind", async () => {
    const edit = { ...NEW_ADDON, intent: "save", name: "Mixing", code: "mixing", kind: "package", pricing: "package", basePrice: "60", perTrackPrice: "155.5", turnaroundDays: "6", sortOrder: "10" };
    const res = await admin.post("/admin/services/pkg_mixing", edit);
    expect(res.status).toBe(302);
    expect(await row("pkg_mixing")).toMatchObject({ base_minor: 6000, per_track_minor: 15_550, turnaround_days: 6 });
    const kind = await admin.post("/admin/services/pkg_mixing", { ...edit, kind: "addon", pricing: "flat" });
    expect(kind.status).toBe(422);
    expect(await kind.text()).toContain("stays one");
    expect((await admin.get("/admin/services/no_such_item")).status).toBe(404);
  });

  it("retires an item and offers it again; the row stays", async () => {
    const retire = await admin.post("/admin/services", { intent: "retire", id: "addon_instrumental_version" });
    expect(retire.status).toBe(302);
    expect(await row("addon_instrumental_version")).toMatchObject({ active: 0 });
    expect(await (await admin.get("/admin/services?saved=retired")).text()).toContain("Retired");
    await admin.post("/admin/services", { intent: "restore", id: "addon_instrumental_version" });
    expect(await row("addon_instrumental_version")).toMatchObject({ active: 1 });
  });

  it("refuses anonymous callers and cross-site posts", async () => {
    const page = await worker.fetch("/admin/services");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toContain("/admin/login");
    const post = await worker.postForm("/admin/services", { intent: "retire", id: "pkg_mixing" });
    expect(post.status).toBe(302);
    const crossSite = await worker.postForm("/admin/services", { intent: "retire", id: "pkg_mixing" }, { cookie: admin.cookie, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await row("pkg_mixing")).toMatchObject({ active: 1 });
  });
});

describe("/api/catalogue", () => {
  const auth = () => ({ authorization: `Bearer ${admin.token}` });

  it("lists every item with integer amounts", async () => {
    const res = await worker.fetch("/api/catalogue", { headers: auth() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { currency: string; items: Item[] };
    expect(body.currency).toBe("GBP");
    const rush = body.items.find((i) => i.id === "addon_rush")!;
    expect(rush).toMatchObject({ kind: "addon", pricing: "percent", percentBp: 5000, baseMinor: 0, active: true });
    expect(body.items.every((i) => Number.isInteger(i.baseMinor) && Number.isInteger(i.perTrackMinor))).toBe(true);
  });

  it("creates an item (201) and refuses floats, unknown fields and a taken code", async () => {
    const item = { kind: "addon", code: "cassette", name: "Cassette master", pricing: "flat", baseMinor: 7500 };
    const created = await worker.postJson("/api/catalogue", item, auth());
    expect(created.status).toBe(201);
    const body = (await created.json()) as Item;
    expect(body).toMatchObject({ code: "cassette", baseMinor: 7500, active: true });
    expect(created.headers.get("location")).toBe(`/api/catalogue/${body.id}`);

    const float = await worker.postJson("/api/catalogue", { ...item, code: "cassette_2", baseMinor: 75.5 }, auth());
    expect(float.status).toBe(422);
    expect(((await float.json()) as { errors: Record<string, string[]> }).errors.baseMinor[0]).toContain("whole number of minor units");
    const unknown = await worker.postJson("/api/catalogue", { ...item, code: "cassette_3", price: 10 }, auth());
    expect(unknown.status).toBe(422);
    const taken = await worker.postJson("/api/catalogue", item, auth());
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { errors: Record<string, string[]> }).errors.code).toBeDefined();
  });

  it("updates some fields and retires with active: false", async () => {
    const put = (body: unknown) =>
      worker.fetch("/api/catalogue/addon_stems", { method: "PUT", headers: { ...auth(), "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await put({ perTrackMinor: 3000, active: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: "addon_stems", perTrackMinor: 3000, active: false, name: "Stems delivery" });
    expect(await row("addon_stems")).toMatchObject({ per_track_minor: 3000, active: 0 });
    expect((await put({ perTrackMinor: -1 })).status).toBe(422);
    expect((await put({ code: "rush" })).status).toBe(409);
    expect((await worker.fetch("/api/catalogue/nope", { headers: auth() })).status).toBe(404);
  });

  it("answers 401 to anonymous callers and to a bad token", async () => {
    expect((await worker.fetch("/api/catalogue")).status).toBe(401);
    expect((await worker.postJson("/api/catalogue", { kind: "addon" })).status).toBe(401);
    expect((await worker.fetch("/api/catalogue/pkg_mixing", { headers: { authorization: "Bearer sct_nope" } })).status).toBe(401);
    const put = await worker.fetch("/api/catalogue/pkg_mixing", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect(put.status).toBe(401);
  });
});
