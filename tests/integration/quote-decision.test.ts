import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";
import { clientLinkOf, editForm, jobsOf, quoteRow, seedCatalogue, sentQuote, STANDARD_LINES } from "./quote-support";

// The client's side of a quote, /quotes/:token, through the built worker as a
// browser without JavaScript uses it (plain posts, redirects): the page, the
// optional extras' total worked out by the server, accept by typed name,
// decline, and the states that can't be accepted. Acceptance is decided once:
// the same quote is accepted, declined and accepted again AT ONCE, and exactly
// one outcome, one project and one email of each kind come out.

const SECRET = "quote-link-test-secret-0123456789abcdef";
const STUDIO_INBOX = "studio-notify@example.com";
let worker: TestWorker;
let admin: Admin;

beforeAll(async () => {
  worker = await startWorker({ vars: { TAX_RATE: "20", TAX_LABEL: "VAT", LINK_SIGNING_SECRET: SECRET, STUDIO_NOTIFY_EMAIL: STUDIO_INBOX } });
  admin = await asAdmin(worker);
  await seedCatalogue(worker);
});
afterAll(() => worker?.dispose());

const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
const page = async (path: string) => decode(await (await worker.fetch(path)).text());
const accept = (link: string, fields: Record<string, string> = {}) => worker.postForm(link, { intent: "accept", name: "Ada Lovelace", confirm: "on", ...fields });

async function projectsOf(quoteId: string) {
  const rows = await worker.db.prepare("SELECT id, status, turnaround_days, total_minor FROM projects WHERE quote_id = ?").bind(quoteId).all<{ id: string; status: string; turnaround_days: number; total_minor: number }>();
  return rows.results;
}

async function newQuote(options: Parameters<typeof sentQuote>[2] = {}) {
  const sent = await sentQuote(worker, admin, options);
  return { ...sent, link: await clientLinkOf(admin, sent.quoteId) };
}

describe("the client's quote page", () => {
  it("shows the message, lines, optional extra, tax line, total, delivery, terms and expiry", async () => {
    const { link, quoteId } = await newQuote();
    const res = await worker.fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = decode(await res.text());
    const number = String((await quoteRow(worker, quoteId))?.number);
    expect(html).toContain(`Quote ${number}`);
    expect(html).toContain("Thanks for the chat! Here's what we suggest.");
    expect(html).toContain("Mix + master");
    expect(html).toContain("Rush delivery");
    expect(html).toContain("(optional, not included)");
    expect(html).toContain("VAT (20%)");
    expect(html).toContain("£174.00"); // 20% of £870
    expect(html).toContain("£1,044.00");
    expect(html).toContain("8 working days after your files arrive");
    expect(html).toContain("Half up front, half on delivery.");
    expect(html).toMatch(/Accept by<\/dt><dd>\w+day \d+ \w+ \d{4}/);
    expect(html).toContain("Accept the quote");
  });

  it("emails the client the quote with its link", async () => {
    const { quoteId, consultationId } = await newQuote();
    await worker.scheduled();
    const email = await worker.db
      .prepare("SELECT recipient, subject, text, html FROM email_messages WHERE consultation_id = ? AND kind = 'quote_sent'")
      .bind(consultationId)
      .first<{ recipient: string; subject: string; text: string; html: string }>();
    const number = String((await quoteRow(worker, quoteId))?.number);
    expect(email?.recipient).toBe("ada@example.com");
    expect(email?.subject).toBe(`Your quote ${number} from Test Studio - Night Drive`);
    expect(email?.text).toContain("Thanks for the chat! Here's what we suggest.");
    expect(email?.text).toContain("Total: £1,044.00");
    expect(email?.text).toContain("It also offers 1 optional extra");
    // The link in the email opens the same quote (a fresh signature, the same quote id).
    const emailed = /View and accept your quote: https?:\/\/[^/]+(\/quotes\/\S+)/.exec(email?.text ?? "")?.[1];
    expect(emailed).toBeDefined();
    expect(await page(emailed!)).toContain(`Quote ${number}`);
    expect(email?.html).toContain(`href="http://127.0.0.1:8787${emailed}"`);
  });

  it("works the total out again on the server when the client ticks an extra, storing nothing", async () => {
    const { link, quoteId } = await newQuote();
    const before = await quoteRow(worker, quoteId);
    const res = await worker.postForm(link, { intent: "update", optionalLines: "2" });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    // (£870 + £385 rush) + 20% VAT; rush also saves 3 working days.
    expect(html).toContain("£1,506.00");
    expect(html).toContain("5 working days after your files arrive");
    expect(html).toMatch(/id="optional-2"[^>]*checked/);
    expect(await quoteRow(worker, quoteId)).toEqual(before);
  });

  it("accepts with the typed name: records name, time and the exact quote, makes the project and its milestones, emails both sides", async () => {
    const { link, quoteId, consultationId, requestId } = await newQuote();
    const res = await accept(link, { optionalLines: "2", name: "  Ada King  " });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${link}?done=accepted`);

    const quote = await quoteRow(worker, quoteId);
    expect(quote).toMatchObject({ status: "accepted", accepted_name: "Ada King", accepted_total_minor: 150_600, chosen_optional: "[2]" });
    const snapshot = JSON.parse(String(quote?.accepted_snapshot));
    expect(snapshot).toMatchObject({ quoteId, number: quote?.number, totalMinor: 150_600, taxMinor: 25_100, taxLabel: "VAT", acceptedName: "Ada King", turnaroundDays: 5 });
    expect(snapshot.lines.map((l: { included: boolean }) => l.included)).toEqual([true, true, true]);

    const [project, ...more] = await projectsOf(quoteId);
    expect(more).toEqual([]);
    expect(project).toMatchObject({ status: "awaiting_files", turnaround_days: 5, total_minor: 150_600 });
    const milestones = await worker.db
      .prepare("SELECT kind, position, done_at FROM project_milestones WHERE project_id = ? ORDER BY position")
      .bind(project.id)
      .all();
    expect(milestones.results).toEqual([
      { kind: "files_received", position: 0, done_at: null },
      { kind: "first_version", position: 1, done_at: null },
      { kind: "revisions", position: 2, done_at: null },
      { kind: "final_delivery", position: 3, done_at: null },
    ]);
    const request = await worker.db.prepare("SELECT status FROM service_requests WHERE id = ?").bind(requestId).first<{ status: string }>();
    expect(request?.status).toBe("accepted");
    expect((await jobsOf(worker, consultationId)).map((j) => j.kind)).toEqual(["email.quote_sent", "email.quote_accepted", "email.quote_accepted_studio"]);

    const after = await page(`${link}?done=accepted`);
    expect(after).toContain("you've accepted the quote");
    expect(after).toContain("Accepted by <strong>Ada King</strong>");
    expect(after).not.toContain("Accept the quote</button>");
    expect(after).toContain("£1,506.00");

    // The emails, as the outbox sends them (the local mailbox keeps their content).
    await worker.scheduled();
    const emails = await worker.db
      .prepare("SELECT kind, recipient, subject, text FROM email_messages WHERE consultation_id = ? ORDER BY created_at, rowid")
      .bind(consultationId)
      .all<{ kind: string; recipient: string; subject: string; text: string }>();
    const byKind = Object.fromEntries(emails.results.map((e) => [e.kind, e]));
    expect(emails.results.filter((e) => e.kind.startsWith("quote_accepted")).map((e) => e.kind).sort()).toEqual(["quote_accepted", "quote_accepted_studio"]);
    expect(byKind.quote_accepted.recipient).toBe("ada@example.com");
    expect(byKind.quote_accepted.text).toContain("Total: £1,506.00");
    expect(byKind.quote_accepted.text).toContain("you accepted quote");
    expect(byKind.quote_accepted_studio.recipient).toBe(STUDIO_INBOX);
    expect(byKind.quote_accepted_studio.subject).toContain(`Quote ${quote?.number} accepted by Ada Lovelace (£1,506.00)`);
  });

  it.each([
    ["no name", { name: "" }, "Type your full name to accept the quote"],
    ["an unticked confirmation", { confirm: "" }, "Tick the box to confirm"],
    ["an optional line that isn't one", { optionalLines: "0" }, "Choose the optional items from the list on this quote"],
    ["a line index out of range", { optionalLines: "99" }, "Choose the optional items from the list"],
  ])("refuses an acceptance with %s, with the message on the page and nothing stored", async (_what, fields, message) => {
    const { link, quoteId, consultationId } = await newQuote();
    const before = await quoteRow(worker, quoteId);
    const res = await accept(link, fields);
    expect(res.status).toBe(400);
    expect(decode(await res.text())).toContain(message);
    expect(await quoteRow(worker, quoteId)).toEqual(before);
    expect(await projectsOf(quoteId)).toEqual([]);
    expect((await jobsOf(worker, consultationId)).map((j) => j.kind)).toEqual(["email.quote_sent"]);
  });

  it("declines with an optional reason and tells the studio", async () => {
    const { link, quoteId, consultationId } = await newQuote();
    const res = await worker.postForm(link, { intent: "decline", reason: "Over budget this month." });
    expect(res.status).toBe(302);
    expect(await quoteRow(worker, quoteId)).toMatchObject({ status: "declined", decline_reason: "Over budget this month." });
    expect((await jobsOf(worker, consultationId)).map((j) => j.kind)).toEqual(["email.quote_sent", "email.quote_declined_studio"]);
    const html = await page(`${link}?done=declined`);
    expect(html).toContain("You've declined the quote");
    expect(html).not.toContain("Accept the quote</button>");
    // Accepting afterwards is refused and says why.
    const late = await accept(link);
    expect(late.status).toBe(409);
    expect(decode(await late.text())).toContain("This quote was declined, so it can no longer be accepted.");
    expect(await projectsOf(quoteId)).toEqual([]);

    await worker.scheduled();
    const email = await worker.db
      .prepare("SELECT recipient, text FROM email_messages WHERE consultation_id = ? AND kind = 'quote_declined_studio'")
      .bind(consultationId)
      .first<{ recipient: string; text: string }>();
    expect(email?.recipient).toBe(STUDIO_INBOX);
    expect(email?.text).toContain('Their reason: "Over budget this month."');
  });

  it("says why a superseded quote can't be accepted, and refuses it", async () => {
    const { link, quoteId } = await newQuote();
    const revise = await admin.post(`/admin/quotes/${quoteId}`, { op: "revise" });
    const revisionId = /\/admin\/quotes\/([0-9a-f-]{36})/.exec(revise.headers.get("location") ?? "")![1];
    expect((await admin.post(`/admin/quotes/${revisionId}`, editForm(STANDARD_LINES, { op: "send" }))).status).toBe(302);
    const html = await page(link);
    expect(html).toContain("The studio has sent you a newer version of this quote");
    expect(html).not.toContain("Accept the quote</button>");
    const res = await accept(link);
    expect(res.status).toBe(409);
    expect(await quoteRow(worker, quoteId)).toMatchObject({ status: "superseded", accepted_name: null });
    expect(await projectsOf(quoteId)).toEqual([]);
    // The new version's own link works.
    const fresh = await clientLinkOf(admin, revisionId);
    expect((await accept(fresh)).status).toBe(302);
  });

  it("says why an expired quote can't be accepted, and refuses it", async () => {
    const { link, quoteId } = await newQuote();
    await worker.db.prepare("UPDATE quotes SET expires_at = ? WHERE id = ?").bind(Date.now() - 1000, quoteId).run();
    const html = await page(link);
    expect(html).toContain("This quote has expired");
    expect(html).toContain("Was valid until");
    const res = await accept(link);
    expect(res.status).toBe(409);
    expect(decode(await res.text())).toContain("This quote has expired");
    expect((await quoteRow(worker, quoteId))?.status).toBe("sent");
    expect(await projectsOf(quoteId)).toEqual([]);
  });
});

describe("the link", () => {
  const sign = (sub: string, { purpose = "quote", iat = Math.floor(Date.now() / 1000), lifetime = 365 * 86400, secret = SECRET } = {}) =>
    new SignJWT({ pur: purpose })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("studio-consultations")
      .setSubject(sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .sign(new TextEncoder().encode(secret));

  it("gives a tampered, foreign or unknown link a friendly 404 and an expired one 410, never a 500", async () => {
    const { link, quoteId, consultationId } = await newQuote();
    const token = link.slice("/quotes/".length);
    const [header, , signature] = token.split(".");
    const other = await newQuote({ customerEmail: "someone-else@example.com", customerName: "Someone Else" });
    const otherPayload = other.link.slice("/quotes/".length).split(".")[1];
    const cases: [string, number][] = [
      [`${header}.${otherPayload}.${signature}`, 404], // another client's quote id under this signature
      [token.slice(0, -3), 404],
      ["not-a-token", 404],
      [await sign(quoteId, { secret: "another-secret-that-is-long-enough-000" }), 404],
      [await sign(consultationId, { purpose: "manage" }), 404], // a manage link's token is not a quote link
      [await sign(crypto.randomUUID()), 404],
      [await sign(quoteId, { iat: Math.floor(Date.now() / 1000) - 400 * 86400 }), 410],
    ];
    for (const [bad, status] of cases) {
      const res = await worker.fetch(`/quotes/${bad}`);
      expect(res.status, bad).toBe(status);
      const html = decode(await res.text());
      expect(html).toContain(status === 410 ? "This link has expired" : "This link doesn't work");
      expect(html).not.toContain("Someone Else");
      expect(html).not.toContain("Mix + master");
      // Posting to it changes nothing.
      expect((await accept(`/quotes/${bad}`)).status).toBe(status);
    }
    expect((await quoteRow(worker, other.quoteId))?.status).toBe("sent");
    // One client's link shows nothing of the other's.
    const mine = await page(link);
    expect(mine).not.toContain("Someone Else");
  });
});

describe("acceptance is decided once", () => {
  it("accepted by N requests at once: one acceptance, one project, one email of each kind", async () => {
    const { link, quoteId, consultationId } = await newQuote();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => accept(link, { name: `Ada Tab ${i}` })));
    const won = answers.filter((r) => r.status === 302);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(7);
    for (const lost of answers.filter((r) => r.status === 409)) expect(decode(await lost.text())).toContain("You have already accepted this quote");
    expect(await projectsOf(quoteId)).toHaveLength(1);
    const kinds = (await jobsOf(worker, consultationId)).map((j) => j.kind);
    expect(kinds.filter((k) => k === "email.quote_accepted")).toHaveLength(1);
    expect(kinds.filter((k) => k === "email.quote_accepted_studio")).toHaveLength(1);
    expect(kinds).not.toContain("email.quote_declined_studio");
  });

  it("accepted and declined at the same moment: exactly one outcome, with only its own effects", async () => {
    for (let round = 0; round < 3; round++) {
      const { link, quoteId, consultationId } = await newQuote();
      const answers = await Promise.all([
        accept(link),
        worker.postForm(link, { intent: "decline", reason: "Changed my mind" }),
        accept(link, { name: "Second Tab" }),
        worker.postForm(link, { intent: "decline" }),
      ]);
      expect(answers.filter((r) => r.status === 302)).toHaveLength(1);
      const quote = await quoteRow(worker, quoteId);
      const kinds = (await jobsOf(worker, consultationId)).map((j) => j.kind).filter((k) => k !== "email.quote_sent");
      if (quote?.status === "accepted") {
        expect(quote.declined_at).toBeNull();
        expect(await projectsOf(quoteId)).toHaveLength(1);
        expect(kinds.sort()).toEqual(["email.quote_accepted", "email.quote_accepted_studio"]);
      } else {
        expect(quote?.status).toBe("declined");
        expect(quote?.accepted_at).toBeNull();
        expect(await projectsOf(quoteId)).toHaveLength(0);
        expect(kinds).toEqual(["email.quote_declined_studio"]);
      }
    }
  });

  it("two tabs, each with a different choice of extras: the first decision stands, as it was made", async () => {
    const { link, quoteId } = await newQuote();
    const [a, b] = await Promise.all([accept(link, { name: "Tab With Rush", optionalLines: "2" }), accept(link, { name: "Tab Without" })]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const quote = await quoteRow(worker, quoteId);
    const [project] = await projectsOf(quoteId);
    if (quote?.accepted_name === "Tab With Rush") expect(project.total_minor).toBe(150_600);
    else expect(project.total_minor).toBe(104_400);
    expect(quote?.accepted_total_minor).toBe(project.total_minor);
  });
});
