import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertConsultation } from "./admin-support";
import { bookingBody, freeSlots } from "./booking-data";
import { book, jobOf, makeDue, settled } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";

// The client's feedback, /manage/:token/feedback, through the real worker as a
// browser without JavaScript uses it: the follow-up email's link, a GET that
// only shows the form, a POST that saves once per consultation (a second send
// edits it), field errors that store nothing, and bad links.

const SECRET = "feedback-link-test-secret-0123456789abcdef";
const HOUR = 3_600_000;
let worker: TestWorker;

beforeAll(async () => {
  worker = await startWorker({ vars: { LINK_SIGNING_SECRET: SECRET } });
});
afterAll(() => worker?.dispose());

function sign(sub: string, { purpose = "manage", iat = Math.floor(Date.now() / 1000), lifetime = 180 * 86400, secret = SECRET } = {}) {
  return new SignJWT({ pur: purpose })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(new TextEncoder().encode(secret));
}

async function held(overrides: Parameters<typeof insertConsultation>[1] extends infer T ? Partial<T> : never = {}) {
  const id = await insertConsultation(worker, { startsAt: Date.now() - 3 * HOUR, status: "completed", ...overrides });
  return { id, path: `/manage/${await sign(id)}/feedback` };
}

async function stored(id: string) {
  return worker.db
    .prepare("SELECT rating, comment, created_at, updated_at FROM consultation_feedback WHERE consultation_id = ?")
    .bind(id)
    .first<{ rating: number; comment: string | null; created_at: number; updated_at: number }>();
}

/** The rating radio the page shows as chosen. */
function checkedRating(html: string): string | null {
  const input = (html.match(/<input type="radio"[^>]*name="rating"[^>]*>/g) ?? []).find((i) => / checked/.test(i));
  return input ? /value="(\d)"/.exec(input)![1] : null;
}

async function feedbackCount() {
  return (await worker.db.prepare("SELECT COUNT(*) AS n FROM consultation_feedback").first<{ n: number }>())!.n;
}

describe("the follow-up email", () => {
  it("asks how it went and links to the feedback form and the service request behind the client's private link", async () => {
    const [slot] = await freeSlots(worker);
    const { id } = await book(worker, bookingBody(slot.startsAt, { projectName: "Tape Echo" }));
    await settled(worker, id);
    await makeDue(worker, `id = '${(await jobOf(worker, id, "email.follow_up")).id}'`);
    await worker.scheduled();
    expect((await jobOf(worker, id, "email.follow_up")).status).toBe("done");
    const mail = await worker.db
      .prepare("SELECT subject, text, html FROM email_messages WHERE consultation_id = ? AND kind = 'follow_up'")
      .bind(id)
      .first<{ subject: string; text: string; html: string }>();
    expect(mail!.subject).toBe("How did it go? Your consultation - Tape Echo");
    const feedbackLink = /Tell us how it went: http:\/\/127\.0\.0\.1:8787(\/manage\/[\w-]+\.[\w-]+\.[\w-]+\/feedback)\n/.exec(mail!.text)?.[1];
    const serviceLink = /Request a quote: http:\/\/127\.0\.0\.1:8787(\/manage\/[\w-]+\.[\w-]+\.[\w-]+\/service)\n/.exec(mail!.text)?.[1];
    expect(feedbackLink, mail!.text).toBeDefined();
    expect(serviceLink, mail!.text).toBeDefined();
    expect(mail!.html).toContain(`href="http://127.0.0.1:8787${feedbackLink}"`);
    expect(mail!.html).toContain(`href="http://127.0.0.1:8787${serviceLink}"`);

    // The link works: before the consultation has taken place it says so, and offers no form.
    const early = await worker.fetch(feedbackLink!);
    expect(early.status).toBe(200);
    expect(early.headers.get("cache-control")).toContain("no-store");
    const earlyHtml = await early.text();
    expect(earlyHtml).toContain("hasn&#x27;t taken place yet");
    expect(earlyHtml).not.toContain('name="rating"');

    // Once it has (the studio marks it completed), the form is there.
    await worker.db.prepare("UPDATE consultations SET status = 'completed' WHERE id = ?").bind(id).run();
    const html = await (await worker.fetch(feedbackLink!)).text();
    expect(html).toContain("How did your consultation go?");
    expect(html).toContain("Tape Echo");
    expect(html.match(/<input type="radio"[^>]*name="rating"/g)).toHaveLength(5);
    expect(html).toContain(`href="${serviceLink}"`);
  });
});

describe("sending feedback without JavaScript", () => {
  it("GET only shows the form; POST saves it and redirects back with a thank-you", async () => {
    const { id, path } = await held();
    expect((await worker.fetch(path)).status).toBe(200);
    expect(await stored(id)).toBeNull();

    const res = await worker.postForm(path, { rating: "4", comment: "  Clear advice on the low end.  " });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${path}?saved=1`);
    expect(await stored(id)).toMatchObject({ rating: 4, comment: "Clear advice on the low end." });

    const page = await (await worker.fetch(`${path}?saved=1`)).text();
    expect(page).toContain("Thank you!");
    expect(checkedRating(page)).toBe("4");
    expect(page).toContain("Clear advice on the low end.</textarea>");
    expect(page).toContain("Update my feedback");
  });

  it("a second send edits the one row (rating and comment), keeping when it was first given", async () => {
    const { id, path } = await held();
    await worker.postForm(path, { rating: "2", comment: "Too short." });
    const first = await stored(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await worker.postForm(path, { rating: "5", comment: "" });
    expect(again.status).toBe(302);
    const second = await stored(id);
    expect(second).toMatchObject({ rating: 5, comment: null, created_at: first!.created_at });
    expect(second!.updated_at).toBeGreaterThanOrEqual(first!.updated_at);
    const { n } = (await worker.db.prepare("SELECT COUNT(*) AS n FROM consultation_feedback WHERE consultation_id = ?").bind(id).first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it("a double click stores one row", async () => {
    const { id, path } = await held();
    const answers = await Promise.all([worker.postForm(path, { rating: "3" }), worker.postForm(path, { rating: "3" })]);
    expect(answers.map((r) => r.status)).toEqual([302, 302]);
    const { n } = (await worker.db.prepare("SELECT COUNT(*) AS n FROM consultation_feedback WHERE consultation_id = ?").bind(id).first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it("is open once a still-scheduled consultation has started (the studio hasn't recorded the outcome yet)", async () => {
    const { id, path } = await held({ status: "scheduled", startsAt: Date.now() - HOUR });
    expect((await worker.postForm(path, { rating: "5" })).status).toBe(302);
    expect((await stored(id))!.rating).toBe(5);
  });
});

describe("bad input gets field errors and stores nothing", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["no rating", { comment: "Nice." }, "Choose a rating from 1 to 5"],
    ["a rating of 0", { rating: "0" }, "Choose a rating from 1 to 5"],
    ["a rating of 6", { rating: "6" }, "Choose a rating from 1 to 5"],
    ["a rating of 4.5", { rating: "4.5" }, "Choose a rating from 1 to 5"],
    ["a rating that isn't a number", { rating: "great" }, "Choose a rating from 1 to 5"],
    ["a comment of 1001 characters", { rating: "4", comment: "a".repeat(1001) }, "Keep your comment to 1000 characters or fewer"],
  ];
  for (const [name, fields, message] of cases) {
    it(name, async () => {
      const { id, path } = await held();
      const res = await worker.postForm(path, fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain("There is a problem");
      expect(await stored(id)).toBeNull();
    });
  }

  it("keeps what the client typed when the rating is missing", async () => {
    const { path } = await held();
    const html = await (await worker.postForm(path, { comment: "Loved the reference tracks idea." })).text();
    expect(html).toContain("Loved the reference tracks idea.</textarea>");
  });

  it("a comment of exactly 1000 characters is fine", async () => {
    const { id, path } = await held();
    expect((await worker.postForm(path, { rating: "4", comment: "b".repeat(1000) })).status).toBe(302);
    expect((await stored(id))!.comment).toHaveLength(1000);
  });
});

describe("when feedback is not taken", () => {
  const cases: [string, Parameters<typeof insertConsultation>[1], string][] = [
    ["before the consultation", { startsAt: Date.now() + 48 * HOUR, status: "scheduled" }, "hasn&#x27;t taken place yet"],
    ["a cancelled consultation", { startsAt: Date.now() - 48 * HOUR, status: "cancelled" }, "was cancelled"],
    ["a no-show", { startsAt: Date.now() - 48 * HOUR, status: "no_show" }, "recorded that this consultation didn&#x27;t take place"],
  ];
  for (const [name, seed, message] of cases) {
    it(`${name}: the page explains, a POST is refused (409) and nothing is stored`, async () => {
      const id = await insertConsultation(worker, seed);
      const path = `/manage/${await sign(id)}/feedback`;
      const page = await (await worker.fetch(path)).text();
      expect(page).toContain(message);
      expect(page).not.toContain('name="rating"');
      const res = await worker.postForm(path, { rating: "5", comment: "x" });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(message);
      expect(await stored(id)).toBeNull();
    });
  }
});

describe("links", () => {
  it("a tampered token gets the friendly 404 page, on GET and POST, and stores nothing", async () => {
    const { id, path } = await held();
    const token = path.split("/")[2];
    const [h, p, s] = token.split(".");
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`;
    const before = await feedbackCount();
    for (const res of [
      await worker.fetch(`/manage/${tampered}/feedback`),
      await worker.postForm(`/manage/${tampered}/feedback`, { rating: "1" }),
      await worker.fetch(`/manage/not-a-token/feedback`),
      await worker.fetch(`/manage/${await sign(id, { secret: "someone-elses-secret-0123456789abcdefgh" })}/feedback`),
      await worker.fetch(`/manage/${await sign(id, { purpose: "unsubscribe" })}/feedback`),
      await worker.fetch(`/manage/${await sign(id, { purpose: "quote" })}/feedback`),
      await worker.fetch(`/manage/${await sign(crypto.randomUUID())}/feedback`),
    ]) {
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("This link doesn&#x27;t work");
      expect(html).not.toContain("Night Drive");
    }
    expect(await feedbackCount()).toBe(before);
  });

  it("an expired link gets the friendly 410 page", async () => {
    const { id } = await held();
    const old = await sign(id, { iat: Math.floor(Date.now() / 1000) - 200 * 86400 });
    for (const res of [await worker.fetch(`/manage/${old}/feedback`), await worker.postForm(`/manage/${old}/feedback`, { rating: "5" })]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("This link has expired");
    }
    expect(await stored(id)).toBeNull();
  });

  it("one client's link shows and changes only their own consultation's feedback", async () => {
    const mine = await held({ projectName: "Glass Harp", customerName: "Grace Hopper" });
    const theirs = await held({ projectName: "Secret Album", customerName: "Other Client" });
    await worker.postForm(theirs.path, { rating: "1", comment: "Their private comment" });

    const page = await (await worker.fetch(mine.path)).text();
    expect(page).toContain("Glass Harp");
    expect(page).not.toContain("Secret Album");
    expect(page).not.toContain("Their private comment");
    expect(checkedRating(page)).toBeNull();

    await worker.postForm(mine.path, { rating: "5", comment: "Mine" });
    expect(await stored(mine.id)).toMatchObject({ rating: 5, comment: "Mine" });
    expect(await stored(theirs.id)).toMatchObject({ rating: 1, comment: "Their private comment" });
  });
});
