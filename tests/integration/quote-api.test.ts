import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";
import { insertServiceRequest, quoteRow, seedCatalogue, sentQuote } from "./quote-support";

// The admin JSON API for quotes: the same bearer tokens and error shapes as
// /api/consultations. Amounts are integer minor units; prices sent in are
// decimal strings, never floats.

let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { TAX_RATE: "20" } });
  admin = await asAdmin(worker);
  await seedCatalogue(worker);
});
afterAll(() => worker?.dispose());

const bearer = () => ({ authorization: `Bearer ${admin.token}` });
const post = (path: string, body?: unknown, headers: Record<string, string> = bearer()) =>
  worker.fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
const put = (path: string, body: unknown) => worker.fetch(path, { method: "PUT", headers: { "content-type": "application/json", ...bearer() }, body: JSON.stringify(body) });

type QuoteJson = {
  id: string;
  number: string | null;
  status: string;
  lines: { description: string; quantity: number; unitMinor: number; amountMinor: number; optional: boolean }[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  expiresAt: string | null;
};

const EDIT = {
  lines: [
    { description: "Mix + master", quantity: 1, unitPrice: "770.00", catalogueItemId: "pkg_mix_master" },
    { description: "Stems delivery", quantity: "4", unitPrice: "25" },
    { description: "Rush delivery", quantity: 1, unitPrice: "385.00", optional: true },
  ],
  discount: "70.00",
  message: "Here you go.",
  paymentTerms: "On delivery.",
  validDays: 10,
};

describe("the quotes API", () => {
  it("drafts, edits, sends and reads a quote", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const drafted = await post("/api/quotes", { serviceRequestId: requestId });
    expect(drafted.status).toBe(201);
    const draft = (await drafted.json()) as QuoteJson;
    expect(drafted.headers.get("location")).toBe(`/api/quotes/${draft.id}`);
    expect(draft).toMatchObject({ status: "draft", number: null });
    // Asking again returns the same draft.
    const again = await post("/api/quotes", { serviceRequestId: requestId });
    expect(again.status).toBe(200);
    expect(((await again.json()) as QuoteJson).id).toBe(draft.id);

    const edited = await put(`/api/quotes/${draft.id}`, EDIT);
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ subtotalMinor: 87_000, discountMinor: 7_000, taxMinor: 16_000, totalMinor: 96_000, message: "Here you go.", validDays: 10 });

    const sent = await post(`/api/quotes/${draft.id}/send`);
    expect(sent.status).toBe(200);
    const body = (await sent.json()) as QuoteJson;
    expect(body.status).toBe("sent");
    expect(body.number).toMatch(/^Q-\d{4}-\d{4}$/);
    expect(Number.isInteger(body.totalMinor)).toBe(true);

    const resent = await post(`/api/quotes/${draft.id}/send`);
    expect(resent.status).toBe(409);
    expect(await resent.json()).toMatchObject({ error: "This quote has already been sent.", problem: "refused" });
    expect((await put(`/api/quotes/${draft.id}`, EDIT)).status).toBe(409);

    const one = await worker.fetch(`/api/quotes/${draft.id}`, { headers: bearer() });
    expect(one.status).toBe(200);
    expect(one.headers.get("cache-control")).toContain("no-store");
    expect(((await one.json()) as QuoteJson).lines.map((l) => [l.unitMinor, l.optional])).toEqual([
      [77_000, false],
      [2_500, false],
      [38_500, true],
    ]);
    const list = (await (await worker.fetch("/api/quotes?status=sent", { headers: bearer() })).json()) as { quotes: { id: string; totalMinor: number }[] };
    expect(list.quotes.find((q) => q.id === draft.id)?.totalMinor).toBe(96_000);
  });

  it.each([
    ["a negative quantity", { lines: [{ ...EDIT.lines[0], quantity: -1 }] }, "lines.0.quantity"],
    ["a huge quantity", { lines: [{ ...EDIT.lines[0], quantity: 5000 }] }, "lines.0.quantity"],
    ["a float price", { lines: [{ ...EDIT.lines[0], unitPrice: 770.5 }] }, "lines.0.unitPrice"],
    ["a price over the maximum", { lines: [{ ...EDIT.lines[0], unitPrice: "2000000" }] }, "lines.0.unitPrice"],
    ["a discount over the subtotal", { discount: "10000" }, "discount"],
    ["no lines", { lines: [] }, "lines"],
  ])("answers %s with 422 field errors and stores nothing", async (_what, override, field) => {
    const { requestId } = await insertServiceRequest(worker);
    const draft = (await (await post("/api/quotes", { serviceRequestId: requestId })).json()) as QuoteJson;
    const before = await quoteRow(worker, draft.id);
    const res = await put(`/api/quotes/${draft.id}`, { ...EDIT, ...override });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; errors: Record<string, string[]> };
    expect(body.error).toBe("Some fields need attention");
    expect(body.errors[field]?.length).toBeGreaterThan(0);
    expect(await quoteRow(worker, draft.id)).toEqual(before);
  });

  it("answers bad ids, bodies and queries with the usual errors", async () => {
    expect((await worker.fetch(`/api/quotes/${crypto.randomUUID()}`, { headers: bearer() })).status).toBe(404);
    expect((await worker.fetch("/api/quotes/nope", { headers: bearer() })).status).toBe(404);
    expect((await post("/api/quotes", { serviceRequestId: crypto.randomUUID() })).status).toBe(404);
    expect((await post("/api/quotes", { serviceRequestId: "x" })).status).toBe(422);
    expect((await worker.fetch("/api/quotes", { method: "POST", headers: { ...bearer(), "content-type": "text/plain" }, body: "hi" })).status).toBe(415);
    expect((await worker.fetch("/api/quotes?status=bogus", { headers: bearer() })).status).toBe(422);
  });

  it("refuses anonymous callers and bad tokens with 401, and cross-site cookie posts with 403", async () => {
    const { quoteId, requestId } = await sentQuote(worker, admin);
    const anonymous = [
      await worker.fetch("/api/quotes"),
      await worker.fetch(`/api/quotes/${quoteId}`),
      await post("/api/quotes", { serviceRequestId: requestId }, {}),
      await post(`/api/quotes/${quoteId}/send`, undefined, {}),
      await worker.fetch(`/api/quotes/${quoteId}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(EDIT) }),
      await worker.fetch("/api/quotes", { headers: { authorization: "Bearer sct_not-a-real-token" } }),
    ];
    for (const res of anonymous) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Sign in required" });
    }
    const crossSite = await post("/api/quotes", { serviceRequestId: requestId }, { cookie: admin.cookie, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });
});
