import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingForm, countConsultations, freeSlots } from "./booking-data";

// The booking page as a browser without JavaScript uses it: plain form posts.

let worker: TestWorker;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(() => worker?.dispose());

describe("the booking page", () => {
  it("renders the slot picker with radios, labels and the time-zone select", async () => {
    const res = await worker.fetch("/book?tz=Asia/Kolkata");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Times in <strong>Asia/Kolkata</strong>");
    expect(html).toMatch(/<input type="radio"[^>]+name="consultationDate"/);
    expect(html).toMatch(/<label for="booking-projectName"|<label for="[^"]*projectName"/);
    expect(html).toContain('name="idempotencyKey"');
    expect(html).toContain('<option value="Asia/Kolkata" selected');
  });

  it("falls back to the studio's zone for a bad tz in the URL instead of failing", async () => {
    const res = await worker.fetch("/book?tz=Nowhere/Land&from=garbage");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Times in <strong>Europe/London</strong>");
  });

  it("books and redirects to a confirmation in the client's and the studio's zones", async () => {
    const [slot] = await freeSlots(worker);
    const res = await worker.postForm("/book?tz=America/New_York", bookingForm(slot.startsAt, { timeZone: "America/New_York" }));
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/book\/confirmed\/[0-9a-f-]{36}$/);
    const page = await (await worker.fetch(location)).text();
    expect(page).toContain("Your consultation is booked");
    expect(page).toMatch(/Booking reference SC-[0-9A-F]{8}/);
    expect(page).toContain("America/New_York");
    expect(page).toContain("Europe/London");
  });

  it("returns field errors and keeps what the client typed", async () => {
    const [slot] = await freeSlots(worker);
    const before = await countConsultations(worker, "1=1");
    const res = await worker.postForm("/book", bookingForm(slot.startsAt, { customerPhone: "12ab", projectName: "Keep Me" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter the phone number in international format");
    expect(html).toContain('value="Keep Me"');
    expect(html).toMatch(/aria-invalid="true"[^>]*|aria-describedby="[^"]*customerPhone-error/);
    expect(await countConsultations(worker, "1=1")).toBe(before);
  });

  it("a double submit of the same form books once and both land on the same confirmation", async () => {
    const [, slot] = await freeSlots(worker);
    const form = bookingForm(slot.startsAt);
    const [a, b] = await Promise.all([worker.postForm("/book", form), worker.postForm("/book", form)]);
    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    expect(await countConsultations(worker, `consultation_date = ${Date.parse(slot.startsAt)}`)).toBe(1);
  });

  it("a filled honeypot looks like success and stores nothing", async () => {
    const [, , slot] = await freeSlots(worker);
    const before = await countConsultations(worker, "1=1");
    const res = await worker.postForm("/book", bookingForm(slot.startsAt, { website: "http://spam.example" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/book/received");
    expect(await countConsultations(worker, "1=1")).toBe(before);
  });

  // /book is rendered once per URL and data and filled in per request (docs/decisions/0054).
  it("gives every visit its own form key and stamp, and shows a time booked a moment ago as taken", async () => {
    const path = "/book?tz=Europe/Paris";
    const formOf = (html: string) => ({
      key: /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1],
      stamp: /name="formStartedAt" value="([^"]+)"/.exec(html)?.[1],
    });
    const [first, second] = [await (await worker.fetch(path)).text(), await (await worker.fetch(path)).text()];
    expect(formOf(first).key).toMatch(/^[0-9a-f-]{36}$/);
    expect(formOf(first).stamp).toBeTruthy();
    expect(formOf(second).key).not.toBe(formOf(first).key);
    expect(formOf(second).stamp).not.toBe(formOf(first).stamp);

    const offered = [...second.matchAll(/name="consultationDate" value="([^"]+)"/g)].map((m) => m[1]);
    const booked = await worker.postForm(path, bookingForm(new Date(Date.parse(offered[0])).toISOString()));
    expect(booked.status).toBe(302);
    const after = await (await worker.fetch(path)).text();
    expect(after).not.toContain(`value="${offered[0]}"`);
    expect(after).toContain(`value="${offered[1]}"`);
  });

  it("answers 404, not 500, for an unknown confirmation", async () => {
    expect((await worker.fetch("/book/confirmed/not-a-uuid")).status).toBe(404);
    expect((await worker.fetch(`/book/confirmed/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await worker.fetch("/no/such/page")).status).toBe(404);
  });
});

describe("cross-site posts", () => {
  it("refuses the booking form posted from another website with a 403, not a 500", async () => {
    const [slot] = await freeSlots(worker);
    const res = await worker.postForm("/book", bookingForm(slot.startsAt), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("another website");
  });
});

describe("the confirmation page after a cancellation", () => {
  it("says the consultation was cancelled instead of booked", async () => {
    const [, , , slot] = await freeSlots(worker);
    const res = await worker.postForm("/book", bookingForm(slot.startsAt));
    const location = res.headers.get("location")!;
    const id = location.split("/").pop()!;
    await worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(id).run();
    const page = await (await worker.fetch(location)).text();
    expect(page).toContain("This consultation was cancelled");
    expect(page).not.toContain("Your consultation is booked");
  });
});

describe("content security policy", () => {
  it("lets only our scripts run: the booking page has no inline script at all", async () => {
    const html = await (await worker.fetch("/book")).text();
    expect([...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1])).toEqual([' src="/book.js" defer=""']);
  });

  // The booking page is not hydrated (docs/decisions/0026); a hydrated page has Remix's inline scripts.
  it("lets only our scripts run: every inline script carries the response's nonce", async () => {
    const res = await worker.fetch("/admin/login");
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    const again = (await worker.fetch("/admin/login")).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });
});
