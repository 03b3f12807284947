import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, asAdmin, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";
import {
  draftQuote,
  editForm,
  insertServiceRequest,
  jobsOf,
  linesOf,
  quoteRow,
  seedCatalogue,
  sentQuote,
  STANDARD_LINES,
} from "./quote-support";

// The studio's side of a quote, through the built worker: draft from a
// service request, edit (with field errors that store nothing), send with a
// number from the counter, revise (the new version supersedes the old one).

let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { TAX_RATE: "20", CURRENCY: "GBP" } });
  admin = await asAdmin(worker);
  await seedCatalogue(worker);
});
afterAll(() => worker?.dispose());

/** The page's text with the entities React escapes turned back. */
const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

const year = () => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric" }).format(new Date());

describe("drafting a quote from a service request", () => {
  it("prefills the lines from the request's estimate and offers the other add-ons as optional", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const lines = await linesOf(worker, id);
    expect(lines.slice(0, 2)).toEqual([
      { description: "Mix + master", quantity: 1, unit_minor: 77_000, optional: 0, catalogue_item_id: "pkg_mix_master", turnaround_days_saved: 0 },
      { description: "Stems delivery", quantity: 4, unit_minor: 2_500, optional: 0, catalogue_item_id: "addon_stems", turnaround_days_saved: 0 },
    ]);
    // Every other active add-on, optional, priced for 4 tracks; rush is half the package and saves 3 days.
    expect(lines.slice(2).map((l) => [l.catalogue_item_id, l.quantity, l.unit_minor, l.optional, l.turnaround_days_saved])).toEqual([
      ["addon_rush", 1, 38_500, 1, 3],
      ["addon_extra_revision", 1, 4_000, 1, 0],
      ["addon_vocal_tuning", 4, 3_500, 1, 0],
      ["addon_instrumental_version", 4, 1_500, 1, 0],
    ]);
    const quote = await quoteRow(worker, id);
    expect(quote).toMatchObject({ status: "draft", number: null, currency: "GBP", tax_rate_bp: 2000, turnaround_days: 8, valid_days: 14 });

    const page = await admin.get(`/admin/quotes/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Draft quote (numbered when sent)");
    expect(html).toContain("Save and send to the client");
  });

  it("opens the existing draft on a second click instead of making another", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const [a, b] = await Promise.all([draftQuote(admin, requestId), draftQuote(admin, requestId)]);
    expect(a).toBe(b);
    const n = await worker.db.prepare("SELECT COUNT(*) AS n FROM quotes WHERE service_request_id = ?").bind(requestId).first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("answers 404 for an unknown request", async () => {
    expect((await admin.post("/admin/quotes/new", { requestId: crypto.randomUUID() })).status).toBe(404);
    expect((await admin.post("/admin/quotes/new", { requestId: "nope" })).status).toBe(404);
  });
});

describe("editing a draft", () => {
  it("saves lines, discount, message, terms and validity", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const res = await admin.post(
      `/admin/quotes/${id}`,
      editForm([...STANDARD_LINES, { description: "Vinyl pre-master", quantity: "2", unitPrice: "1,250.50" }], {
        discount: "70",
        message: "Lovely project.",
        paymentTerms: "Pay on delivery.",
        validDays: "21",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/quotes/${id}?saved=saved`);
    const lines = await linesOf(worker, id);
    expect(lines.map((l) => [l.description, l.quantity, l.unit_minor, l.optional])).toEqual([
      ["Mix + master", 1, 77_000, 0],
      ["Stems delivery", 4, 2_500, 0],
      ["Rush delivery", 1, 38_500, 1],
      ["Vinyl pre-master", 2, 125_050, 0],
    ]);
    // The rush line keeps its saving from the catalogue; a custom line has none.
    expect(lines.map((l) => l.turnaround_days_saved)).toEqual([0, 0, 3, 0]);
    expect(await quoteRow(worker, id)).toMatchObject({ discount_minor: 7_000, message: "Lovely project.", payment_terms: "Pay on delivery.", valid_days: 21 });
  });

  it.each([
    ["a negative quantity", { "lines[0].quantity": "-1" }, "lines[0].quantity", "Quantity must be from 1 to 1000"],
    ["a huge quantity", { "lines[0].quantity": "1000000" }, "lines[0].quantity", "Quantity must be from 1 to 1000"],
    ["a fractional quantity", { "lines[0].quantity": "1.5" }, "lines[0].quantity", "Enter the quantity as a whole number"],
    ["a price over the maximum", { "lines[0].unitPrice": "1000000.01" }, "lines[0].unitPrice", "Enter an amount of £1,000,000.00 or less"],
    ["a line amount over the maximum", { "lines[1].quantity": "1000", "lines[1].unitPrice": "999999" }, "lines[1].unitPrice", "over the maximum"],
    ["a price that isn't money", { "lines[0].unitPrice": "12.345" }, "lines[0].unitPrice", "Use at most 2 decimal places"],
    ["a discount over the subtotal", { discount: "870.01" }, "discount", "The discount can't be more than the total"],
    ["an empty description", { "lines[0].description": "  " }, "lines[0].description", "Describe this line"],
    ["a validity of 0 days", { validDays: "0" }, "validDays", "A quote can be valid for 1 to 90 days"],
  ])("refuses %s with a field error and stores nothing", async (_what, override, field, message) => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const before = { quote: await quoteRow(worker, id), lines: await linesOf(worker, id) };
    const res = await admin.post(`/admin/quotes/${id}`, { ...editForm(STANDARD_LINES), ...override });
    expect(res.status).toBe(400);
    // The page comes back with the message under the field (conform's error id for it).
    const html = decode(await res.text());
    const errorId = `quote-${field}-error`;
    expect(html).toContain(`id="${errorId}"`);
    expect(html.slice(html.indexOf(`id="${errorId}"`), html.indexOf(`id="${errorId}"`) + 400)).toContain(message);
    expect({ quote: await quoteRow(worker, id), lines: await linesOf(worker, id) }).toEqual(before);
  });

  it("adds and removes lines without saving (conform list intents work without JavaScript)", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const before = await linesOf(worker, id);
    const res = await admin.post(`/admin/quotes/${id}`, {
      ...editForm(STANDARD_LINES),
      __intent__: JSON.stringify({ type: "remove", payload: { name: "lines", index: 1 } }),
    });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain('value="Mix + master"');
    expect(html).toContain('value="Rush delivery"');
    expect(html).not.toContain('value="Stems delivery"');
    expect(await linesOf(worker, id)).toEqual(before);
  });

  it("answers a tampered form with 400, not a 500", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const res = await admin.post(`/admin/quotes/${id}`, { ...editForm(STANDARD_LINES), __intent__: "{not json" });
    expect(res.status).toBe(400);
  });
});

describe("sending", () => {
  it("numbers the quote, sets its expiry, marks the request quoted and writes the email job in one go", async () => {
    const { quoteId, consultationId, requestId } = await sentQuote(worker, admin);
    const quote = await quoteRow(worker, quoteId);
    expect(quote).toMatchObject({ status: "sent", sent_by: ADMIN.email });
    expect(String(quote?.number)).toMatch(new RegExp(`^Q-${year()}-\\d{4}$`));
    expect(Number(quote?.expires_at)).toBeGreaterThan(Date.now() + 14 * 24 * 3_600_000);
    expect(Number(quote?.expires_at)).toBeLessThan(Date.now() + 16 * 24 * 3_600_000);
    const request = await worker.db.prepare("SELECT status FROM service_requests WHERE id = ?").bind(requestId).first<{ status: string }>();
    expect(request?.status).toBe("quoted");
    expect((await jobsOf(worker, consultationId)).map((j) => [j.kind, JSON.parse(j.payload)])).toEqual([["email.quote_sent", { quoteId }]]);
    // A sent quote can't be edited or sent again.
    const again = await admin.post(`/admin/quotes/${quoteId}`, editForm(STANDARD_LINES, { op: "send" }));
    expect(again.status).toBe(409);
    expect(decode(await again.text())).toContain("can't be changed");
  });

  it("keeps numbers unique and gapless when many sends race, and a lost race uses no number", async () => {
    const drafts = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { requestId } = await insertServiceRequest(worker);
        const id = await draftQuote(admin, requestId);
        expect((await admin.post(`/admin/quotes/${id}`, editForm(STANDARD_LINES))).status).toBe(302);
        return id;
      }),
    );
    const before = await worker.db.prepare("SELECT last_number FROM quote_counters WHERE year = ?").bind(Number(year())).first<{ last_number: number }>();
    const start = before?.last_number ?? 0;
    // Every draft sent twice at once (a double click): 12 sends, 6 winners.
    const answers = await Promise.all(drafts.flatMap((id) => [id, id]).map((id) => admin.post(`/admin/quotes/${id}`, editForm(STANDARD_LINES, { op: "send" }))));
    expect(answers.filter((r) => r.status === 302 && r.headers.get("location")?.endsWith("saved=sent")).length).toBeGreaterThanOrEqual(6);
    const rows = await worker.db
      .prepare(`SELECT number FROM quotes WHERE id IN (${drafts.map(() => "?").join(",")})`)
      .bind(...drafts)
      .all<{ number: string }>();
    const sequences = rows.results.map((r) => Number(r.number.slice(-4))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 6 }, (_, i) => start + i + 1));
    const after = await worker.db.prepare("SELECT last_number FROM quote_counters WHERE year = ?").bind(Number(year())).first<{ last_number: number }>();
    expect(after?.last_number).toBe(start + 6);
    const jobs = await worker.db
      .prepare(`SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'email.quote_sent' AND json_extract(payload, '$.quoteId') IN (${drafts.map(() => "?").join(",")})`)
      .bind(...drafts)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(6);
  });

  it("a revision supersedes the sent quote when it is sent, in the same batch", async () => {
    const { quoteId, requestId } = await sentQuote(worker, admin);
    const revise = await admin.post(`/admin/quotes/${quoteId}`, { op: "revise" });
    expect(revise.status).toBe(302);
    const revisionId = /\/admin\/quotes\/([0-9a-f-]{36})\?saved=revision/.exec(revise.headers.get("location") ?? "")?.[1];
    expect(revisionId).toBeTruthy();
    // Until it is sent the first quote stands.
    expect(await quoteRow(worker, quoteId)).toMatchObject({ status: "sent" });
    expect(await quoteRow(worker, revisionId!)).toMatchObject({ status: "draft", supersedes_id: quoteId, message: "Thanks for the chat! Here's what we suggest." });
    expect((await linesOf(worker, revisionId!)).length).toBe(3);
    // Drafting from the request again opens that revision.
    expect(await draftQuote(admin, requestId)).toBe(revisionId);

    const lines = [STANDARD_LINES[0], { ...STANDARD_LINES[1], unitPrice: "20.00" }];
    expect((await admin.post(`/admin/quotes/${revisionId}`, editForm(lines, { op: "send" }))).status).toBe(302);
    expect(await quoteRow(worker, quoteId)).toMatchObject({ status: "superseded" });
    const revision = await quoteRow(worker, revisionId!);
    expect(revision).toMatchObject({ status: "sent" });
    expect(revision?.number).not.toBe((await quoteRow(worker, quoteId))?.number);
  });

  it("shows the quotes list, filtered by status", async () => {
    await sentQuote(worker, admin, { customerName: "Listed Client" });
    const all = await (await admin.get("/admin/quotes")).text();
    expect(all).toContain("Listed Client");
    const drafts = await (await admin.get("/admin/quotes?status=draft")).text();
    expect(drafts).not.toContain("Listed Client");
    const sent = await (await admin.get("/admin/quotes?status=sent")).text();
    expect(sent).toContain("Listed Client");
    expect((await admin.get("/admin/quotes?status=bogus")).status).toBe(200);
  });
});

describe("authorization", () => {
  it("refuses anonymous callers on every admin quote route", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    for (const path of ["/admin/quotes", `/admin/quotes/${id}`]) {
      const res = await worker.fetch(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain("/admin/login");
    }
    const post = await worker.postForm(`/admin/quotes/${id}`, editForm(STANDARD_LINES, { op: "send" }));
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toContain("/admin/login");
    const draft = await worker.postForm("/admin/quotes/new", { requestId });
    expect(draft.headers.get("location")).toContain("/admin/login");
    expect(await quoteRow(worker, id)).toMatchObject({ status: "draft" });
  });

  it("refuses a cross-site post from a signed-in browser", async () => {
    const { requestId } = await insertServiceRequest(worker);
    const id = await draftQuote(admin, requestId);
    const res = await worker.postForm(`/admin/quotes/${id}`, editForm(STANDARD_LINES, { op: "send" }), { cookie: admin.cookie, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await quoteRow(worker, id)).toMatchObject({ status: "draft" });
  });
});
