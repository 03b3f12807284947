import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, bookingForm, countConsultations, freeSlots, type ApiSlot } from "./booking-data";
import { jobsOf, settled } from "./fakes-env";

// The client's private link, /manage/:token, through the real worker: view,
// reschedule and cancel as a browser without JavaScript does (plain form posts,
// redirects back to the page).

const SECRET = "manage-link-test-secret-0123456789abcdef";
let worker: TestWorker;
let pool: ApiSlot[];

beforeAll(async () => {
  worker = await startWorker({ vars: { LINK_SIGNING_SECRET: SECRET } });
  pool = await freeSlots(worker);
});
afterAll(() => worker?.dispose());

/** A free slot no other test in this file uses. */
function take(): ApiSlot {
  const slot = pool.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

/** Books through the form, as a client does, and follows the confirmation page's "Reschedule or cancel" link. */
async function bookWithLink(slot: ApiSlot, overrides: Record<string, string> = {}): Promise<{ id: string; link: string }> {
  const res = await worker.postForm("/book", bookingForm(slot.startsAt, overrides));
  expect(res.status, await res.clone().text()).toBe(302);
  const location = res.headers.get("location")!;
  const id = /\/book\/confirmed\/([0-9a-f-]{36})$/.exec(location)![1];
  const page = await (await worker.fetch(location)).text();
  expect(page).toContain("Reschedule or cancel");
  const link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(page)?.[1];
  expect(link, "the manage link on the confirmation page").toBeDefined();
  return { id, link: link! };
}

async function offered(): Promise<string[]> {
  const res = await worker.fetch("/api/slots?days=31");
  const body = (await res.json()) as { days: { slots: { startsAt: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.startsAt));
}

async function consultation(id: string) {
  return worker.db.prepare("SELECT status, consultation_date FROM consultations WHERE id = ?").bind(id).first<{ status: string; consultation_date: number }>();
}

function sign(sub: string, { purpose = "manage", iat = Math.floor(Date.now() / 1000), lifetime = 180 * 86400, secret = SECRET } = {}) {
  return new SignJWT({ pur: purpose })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(new TextEncoder().encode(secret));
}

describe("viewing a booking from the link", () => {
  it("shows the reference, project, times in the client's and the studio's zones, the status and free times to move to", async () => {
    const slot = take();
    const { id, link } = await bookWithLink(slot, { timeZone: "America/New_York" });
    const res = await worker.fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    // Other sites never get the token in a Referer.
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const html = await res.text();
    expect(html).toContain(`Booking reference SC-${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`);
    expect(html).toContain("Night Drive");
    expect(html).toContain("When (your time, America/New_York)");
    expect(html).toContain("Studio time (Europe/London)");
    expect(html).toContain("Scheduled");
    expect(html).toContain("Times in <strong>America/New_York</strong>");
    // Its own time is shown as the current one, not offered as a choice.
    expect(html).toContain("your current time");
    expect(html).not.toContain(`value="${slot.startsAt}"`);
    expect(html).toMatch(/<input type="radio"[^>]+name="consultationDate"/);
    expect(html).toContain("Cancel this consultation");
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
  });

  it("switches the zone the times are shown in, and keeps a bad one from failing", async () => {
    const { link } = await bookWithLink(take());
    const html = await (await worker.fetch(`${link}?tz=Asia/Kolkata`)).text();
    expect(html).toContain("Times in <strong>Asia/Kolkata</strong>");
    expect(html).toContain('<option value="Asia/Kolkata" selected');
    const bad = await worker.fetch(`${link}?tz=Nowhere/Land&from=nonsense`);
    expect(bad.status).toBe(200);
  });

  it("answers a tampered, foreign or unknown link with a friendly 404 and an expired one with 410, never a 500", async () => {
    const { id, link } = await bookWithLink(take());
    const token = link.slice("/manage/".length);
    const [header, payload, signature] = token.split(".");
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    const otherSub = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: crypto.randomUUID() })).toString("base64url");
    const cases: [string, number][] = [
      [`${header}.${payload}.${flipped}`, 404],
      [`${header}.${otherSub}.${signature}`, 404],
      ["not-a-token", 404],
      [await sign(id, { secret: "another-secret-that-is-long-enough-000" }), 404],
      [await sign(id, { purpose: "unsubscribe" }), 404],
      [await sign(crypto.randomUUID()), 404],
      [await sign(id, { iat: Math.floor(Date.now() / 1000) - 200 * 86400 }), 410],
    ];
    for (const [bad, status] of cases) {
      const res = await worker.fetch(`/manage/${bad}`);
      expect(res.status, bad).toBe(status);
      const html = await res.text();
      expect(html).toContain(status === 410 ? "This link has expired" : "This link doesn&#x27;t work");
      expect(html).toContain('href="/book"');
      // The action and the cancel step refuse it the same way.
      expect((await worker.postForm(`/manage/${bad}`, { consultationDate: take().startsAt })).status).toBe(status);
      expect((await worker.fetch(`/manage/${bad}/cancel`)).status).toBe(status);
      expect((await worker.postForm(`/manage/${bad}/cancel`, {})).status).toBe(status);
    }
    expect(await consultation(id)).toMatchObject({ status: "scheduled" });
  });
});

describe("rescheduling from the link", () => {
  it("moves the booking: the old time is offered again, the new one is gone, the history says client, the email is queued", async () => {
    const [from, to] = [take(), take()];
    const { id, link } = await bookWithLink(from);
    await settled(worker, id);
    expect(await offered()).not.toContain(from.startsAt);

    const res = await worker.postForm(link, { consultationDate: to.startsAt, timeZone: "Europe/London" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${link}?tz=Europe%2FLondon&done=rescheduled`);
    expect(await consultation(id)).toEqual({ status: "scheduled", consultation_date: Date.parse(to.startsAt) });

    const slots = await offered();
    expect(slots).toContain(from.startsAt);
    expect(slots).not.toContain(to.startsAt);

    const change = await worker.db
      .prepare("SELECT kind, actor, previous_starts_at FROM consultation_changes WHERE consultation_id = ?")
      .bind(id)
      .all<{ kind: string; actor: string; previous_starts_at: number }>();
    expect(change.results).toEqual([{ kind: "rescheduled", actor: "client", previous_starts_at: Date.parse(from.startsAt) }]);

    const jobs = await settled(worker, id);
    expect(jobs.filter((j) => j.kind === "email.reschedule")).toHaveLength(1);
    expect(jobs.some((j) => j.kind === "calendar.patch" || j.kind === "calendar.create")).toBe(true);
    const mail = await worker.db
      .prepare("SELECT kind, status FROM email_messages WHERE consultation_id = ? AND kind = 'reschedule'")
      .bind(id)
      .first<{ kind: string; status: string }>();
    expect(mail).toEqual({ kind: "reschedule", status: "sent" });

    // The page after the redirect says so; the slot lock has let go of the old time.
    const page = await (await worker.fetch(res.headers.get("location")!)).text();
    expect(page).toContain("Your consultation has been moved to");
    expect((await worker.postJson("/api/consultations", bookingBody(from.startsAt))).status).toBe(201);
  });

  it("sent twice (a double click), it moves once and both land on the moved page", async () => {
    const [from, to] = [take(), take()];
    const { id, link } = await bookWithLink(from);
    const form = { consultationDate: to.startsAt, timeZone: "Europe/London" };
    const [a, b] = await Promise.all([worker.postForm(link, form), worker.postForm(link, form)]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect(await consultation(id)).toEqual({ status: "scheduled", consultation_date: Date.parse(to.startsAt) });
    const changes = await worker.db.prepare("SELECT COUNT(*) AS n FROM consultation_changes WHERE consultation_id = ?").bind(id).first<{ n: number }>();
    expect(changes?.n).toBe(1);
  });

  it("a taken time says so and offers the nearest free times, never the consultation's own", async () => {
    const [mine, theirs] = [take(), take()];
    const { id, link } = await bookWithLink(mine);
    expect((await worker.postJson("/api/consultations", bookingBody(theirs.startsAt, { customerEmail: "other@example.com" }))).status).toBe(201);

    const res = await worker.postForm(link, { consultationDate: theirs.startsAt, timeZone: "Asia/Kolkata" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Sorry, that time was just taken. Please pick another.");
    expect(html).toContain("Nearest free times");
    expect(html).toContain("There is a problem");
    expect(html).toMatch(/id="slot-picker"[^>]*aria-describedby="reschedule-consultationDate-error"|aria-describedby="reschedule-consultationDate-error"[^>]*id="slot-picker"/);
    // The nearest free times: the radios of the alternatives group, as instants.
    const group = html.slice(html.indexOf('id="alternatives-heading"'), html.indexOf('<div class="days"'));
    const alternatives = [...group.matchAll(/type="radio"[^>]*value="([^"]+)"/g)].map((m) => new Date(m[1]).toISOString());
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives).not.toContain(mine.startsAt);
    expect(alternatives).not.toContain(theirs.startsAt);
    expect(await consultation(id)).toEqual({ status: "scheduled", consultation_date: Date.parse(mine.startsAt) });
  });

  it("races a new booking for the same time: exactly one of them gets it", async () => {
    for (let round = 0; round < 4; round++) {
      const [mine, contested] = [take(), take()];
      const { id, link } = await bookWithLink(mine);
      const [moved, booked] = await Promise.all([
        worker.postForm(link, { consultationDate: contested.startsAt, timeZone: "Europe/London" }),
        worker.postJson("/api/consultations", bookingBody(contested.startsAt, { customerEmail: `racer${round}@example.com` })),
      ]);
      const wins = [moved.status === 302, booked.status === 201];
      expect(wins.filter(Boolean), `round ${round}: reschedule ${moved.status}, booking ${booked.status}`).toHaveLength(1);
      expect([302, 409]).toContain(moved.status);
      expect([201, 409]).toContain(booked.status);
      expect(await countConsultations(worker, `status = 'scheduled' AND consultation_date = ${Date.parse(contested.startsAt)}`)).toBe(1);
      const row = await consultation(id);
      expect(row?.consultation_date).toBe(Date.parse(moved.status === 302 ? contested.startsAt : mine.startsAt));
      // Whoever lost, the old time is free only when the move happened.
      expect((await offered()).includes(mine.startsAt)).toBe(moved.status === 302);
    }
  });

  it("asks for a time when none was chosen, with the error linked to the picker", async () => {
    const { link } = await bookWithLink(take());
    const res = await worker.postForm(link, { timeZone: "Europe/London" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose a new time for your consultation");
    expect(html).toContain('href="#slot-picker"');
  });
});

describe("cancelling from the link", () => {
  it("asks first, then cancels: the slot is free again, the history says client, the cancellation email is queued", async () => {
    const slot = take();
    const { id, link } = await bookWithLink(slot);
    const confirm = await worker.fetch(`${link}/cancel`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("Cancel your consultation?");
    expect(html).toMatch(/<button type="submit"[^>]*>Cancel consultation<\/button>/);
    expect(html).toContain('name="reason"');
    expect(await consultation(id)).toMatchObject({ status: "scheduled" });

    const res = await worker.postForm(`${link}/cancel`, { reason: "Caught a cold", timeZone: "Europe/London" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${link}?done=cancelled`);
    expect(await consultation(id)).toMatchObject({ status: "cancelled" });
    expect(await offered()).toContain(slot.startsAt);

    const history = await worker.db
      .prepare("SELECT from_status, to_status, actor, reason FROM consultation_status_history WHERE consultation_id = ? ORDER BY created_at")
      .bind(id)
      .all();
    expect(history.results).toEqual([
      { from_status: null, to_status: "scheduled", actor: "client", reason: "Booked online" },
      { from_status: "scheduled", to_status: "cancelled", actor: "client", reason: "Caught a cold" },
    ]);
    const jobs = await settled(worker, id);
    expect(jobs.filter((j) => j.kind === "email.cancellation")).toHaveLength(1);
    expect(jobs.find((j) => j.kind === "email.reminder")?.status ?? "cancelled").not.toBe("pending");

    const page = await (await worker.fetch(res.headers.get("location")!)).text();
    expect(page).toContain("Your consultation is cancelled");
    expect(page).toContain("we&#x27;ve emailed you a confirmation");
    expect(page).toMatch(/href="\/book"[^>]*>Book again</);
    expect(page).not.toContain('name="consultationDate"');
  });

  it("a reason that is too long comes back with the error at the top and next to the field, and nothing is cancelled", async () => {
    const { id, link } = await bookWithLink(take());
    const res = await worker.postForm(`${link}/cancel`, { reason: "x".repeat(501) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('href="#cancel-reason"');
    expect(html).toMatch(/<textarea[^>]*aria-describedby="[^"]*cancel-reason-error/);
    expect(html).toContain("Keep the reason to 500 characters or fewer");
    expect(await consultation(id)).toMatchObject({ status: "scheduled" });
  });

  it("cancelling twice is fine: the second lands on the cancelled page and changes nothing", async () => {
    const { id, link } = await bookWithLink(take());
    const [a, b] = await Promise.all([worker.postForm(`${link}/cancel`, {}), worker.postForm(`${link}/cancel`, {})]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const again = await worker.postForm(`${link}/cancel`, { reason: "Really" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`${link}?done=cancelled`);
    const rows = await worker.db
      .prepare("SELECT COUNT(*) AS n FROM consultation_status_history WHERE consultation_id = ? AND to_status = 'cancelled'")
      .bind(id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
    const jobs = await jobsOf(worker, id);
    expect(jobs.filter((j) => j.kind === "email.cancellation")).toHaveLength(1);
    // The confirmation step of a cancelled consultation goes back to the page.
    const step = await worker.fetch(`${link}/cancel`);
    expect(step.status).toBe(302);
    expect(step.headers.get("location")).toBe(link);
    // And it can't be moved any more.
    const move = await worker.postForm(link, { consultationDate: take().startsAt });
    expect(move.status).toBe(409);
    expect(await move.text()).toMatch(/role="alert"><p>This consultation is cancelled, so it can&#x27;t be changed/);
  });
});

describe("identical changes at the same moment", () => {
  // workerd's clock stands still between I/O, so simultaneous requests get the
  // same "now": the version check in the change use cases must still let only one through.
  it("three cancels at once, again and again: one history row and one cancellation email each time", async () => {
    for (let round = 0; round < 6; round++) {
      const { id, link } = await bookWithLink(take());
      const answers = await Promise.all([1, 2, 3].map(() => worker.postForm(`${link}/cancel`, {})));
      expect(answers.map((r) => r.status)).toEqual([302, 302, 302]);
      const history = await worker.db
        .prepare("SELECT COUNT(*) AS n FROM consultation_status_history WHERE consultation_id = ? AND to_status = 'cancelled'")
        .bind(id)
        .first<{ n: number }>();
      expect(history?.n, `round ${round}`).toBe(1);
      expect((await jobsOf(worker, id)).filter((j) => j.kind === "email.cancellation"), `round ${round}`).toHaveLength(1);
    }
  });

  it("three identical moves at once: one change row and one reschedule email", async () => {
    for (let round = 0; round < 4; round++) {
      const [from, to] = [take(), take()];
      const { id, link } = await bookWithLink(from);
      const form = { consultationDate: to.startsAt, timeZone: "Europe/London" };
      const answers = await Promise.all([1, 2, 3].map(() => worker.postForm(link, form)));
      expect(answers.map((r) => r.status)).toEqual([302, 302, 302]);
      const changes = await worker.db.prepare("SELECT COUNT(*) AS n FROM consultation_changes WHERE consultation_id = ?").bind(id).first<{ n: number }>();
      expect(changes?.n, `round ${round}`).toBe(1);
      expect((await jobsOf(worker, id)).filter((j) => j.kind === "email.reschedule"), `round ${round}`).toHaveLength(1);
    }
  });
});

describe("the notice period and the past", () => {
  it("within the notice period: no changes online, with a clear message and the studio's contact", async () => {
    const { id, link } = await bookWithLink(take());
    const soon = Date.now() + 45 * 60_000;
    await worker.db.prepare("UPDATE consultations SET consultation_date = ? WHERE id = ?").bind(soon, id).run();

    const page = await (await worker.fetch(link)).text();
    expect(page).toContain("It&#x27;s too late to change this online");
    expect(page).toContain('href="mailto:bookings@example.com"');
    expect(page).not.toContain('name="consultationDate"');
    expect(page).not.toContain("Cancel this consultation");

    const move = await worker.postForm(link, { consultationDate: take().startsAt });
    expect(move.status).toBe(409);
    const moveHtml = await move.text();
    expect(moveHtml).toMatch(/role="alert"><p>Your consultation starts in less than 2 hours, so it can no longer be changed online. Please contact Test Studio at bookings@example.com.<\/p>/);
    // Cancelling is refused too: both the step and its POST send the client back to the page that explains it.
    const cancel = await worker.postForm(`${link}/cancel`, { reason: "Too late?" });
    expect(cancel.status).toBe(302);
    expect(cancel.headers.get("location")).toBe(link);
    expect((await worker.fetch(`${link}/cancel`)).headers.get("location")).toBe(link);
    expect(await consultation(id)).toEqual({ status: "scheduled", consultation_date: soon });
  });

  it("a past consultation says it has taken place and offers to book again", async () => {
    const { id, link } = await bookWithLink(take());
    await worker.db.prepare("UPDATE consultations SET consultation_date = ? WHERE id = ?").bind(Date.now() - 26 * 3600_000, id).run();
    const page = await (await worker.fetch(link)).text();
    expect(page).toContain("This consultation has taken place");
    expect(page).toMatch(/href="\/book"[^>]*>Book a new consultation</);
    expect(page).not.toContain('name="consultationDate"');
    const cancel = await worker.postForm(`${link}/cancel`, {});
    expect(cancel.status).toBe(302);
    expect(cancel.headers.get("location")).toBe(link);
    expect(await consultation(id)).toMatchObject({ status: "scheduled" });
  });
});

describe("one-click unsubscribe", () => {
  it("the unsubscribe link accepts an RFC 8058 POST without an Origin, as mail providers send it", async () => {
    const { id } = await bookWithLink(take(), { customerEmail: "oneclick@example.com" });
    const token = await sign(id, { purpose: "unsubscribe" });
    const res = await worker.fetch(`/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const row = await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = ?").bind("oneclick@example.com").first();
    expect(row).toEqual({ reason: "unsubscribe" });
  });
});
