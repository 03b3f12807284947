import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingForm, freeSlots, type ApiSlot } from "./booking-data";

// The client's private page at an address without its key (docs/decisions/0057):
// a browser that opens the link from an email is sent on to /manage/c/:id with
// the key in a cookie for that page alone, and the page works there as it did.

let worker: TestWorker;
let pool: ApiSlot[];

beforeAll(async () => {
  worker = await startWorker();
  pool = await freeSlots(worker);
});
afterAll(() => worker?.dispose());

// What a browser sends when a person opens a link in a tab. Node's fetch sets
// its own Sec-Fetch-Mode: Miniflare puts this header's value in its place.
const NAVIGATE = { "mf-sec-fetch-mode": "navigate", "sec-fetch-dest": "document", "sec-fetch-site": "none" };

async function book(overrides: Record<string, string> = {}): Promise<{ id: string; link: string }> {
  const res = await worker.postForm("/book", bookingForm(pool.shift()!.startsAt, overrides));
  expect(res.status, await res.clone().text()).toBe(302);
  const location = res.headers.get("location")!;
  const id = /\/book\/confirmed\/([0-9a-f-]{36})$/.exec(location)![1];
  const page = await (await worker.fetch(location)).text();
  const link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(page)![1];
  return { id, link };
}

/** Opens the email's link as a browser: the redirect and the cookie it sets. */
async function open(link: string) {
  const res = await worker.fetch(link, { headers: NAVIGATE });
  const cookie = res.headers.get("set-cookie") ?? "";
  return { res, cookie, pair: cookie.split(";")[0] };
}

describe("the private page at a keyless address", () => {
  it("a browser opening the email's link lands on /manage/c/:id, keeping the query, with the key in an HttpOnly cookie for that page only", async () => {
    const { id, link } = await book();
    const { res, cookie } = await open(`${link}?tz=Asia%2FTokyo`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/manage/c/${id}?tz=Asia%2FTokyo`);
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(cookie).toContain(`manage_key=${link.slice("/manage/".length)}`);
    expect(cookie).toContain(`Path=/manage/c/${id}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)![1])).toBeGreaterThan(0);
  });

  it("shows the booking there with its cookie, with nothing that keeps it out of search engines (only its cookie opens it), and never cached", async () => {
    const { id, link } = await book({ projectName: "Keyless Project" });
    const { pair } = await open(link);
    const res = await worker.fetch(`/manage/c/${id}?tz=Asia%2FTokyo`, { headers: { ...NAVIGATE, cookie: pair } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Keyless Project");
    expect(html).toContain("Asia/Tokyo");
    expect(html).not.toMatch(/name="robots"/);
    expect(res.headers.get("x-robots-tag")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    // The steps behind it still work from its links.
    expect(html).toContain(`href="${link}/cancel`);
  });

  it("without the cookie, or with another booking's, says to open it from the email and shows nothing of the booking", async () => {
    const mine = await book({ projectName: "Secret Project" });
    const theirs = await book();
    const { pair: theirCookie } = await open(theirs.link);
    for (const headers of [NAVIGATE, { ...NAVIGATE, cookie: theirCookie.replace(theirs.id, mine.id) }, { ...NAVIGATE, cookie: "manage_key=not.a.token" }]) {
      const res = await worker.fetch(`/manage/c/${mine.id}`, { headers });
      const html = await res.text();
      expect([401, 404]).toContain(res.status);
      expect(html).not.toContain("Secret Project");
      expect(html).toMatch(/noindex/);
      expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    }
    const bare = await worker.fetch(`/manage/c/${mine.id}`, { headers: NAVIGATE });
    expect(bare.status).toBe(401);
    expect(await bare.text()).toContain("Open this page from your email");
    // Their key on their own page still works.
    expect((await worker.fetch(`/manage/c/${theirs.id}`, { headers: { ...NAVIGATE, cookie: theirCookie } })).status).toBe(200);
  });

  it("moves the booking from there, without JavaScript, and comes back to the keyless page", async () => {
    const { id, link } = await book();
    const { pair } = await open(link);
    const page = await (await worker.fetch(`/manage/c/${id}`, { headers: { ...NAVIGATE, cookie: pair } })).text();
    const action = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*class="reschedule-form"|<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(page);
    const actionPath = (action?.[1] ?? action?.[2] ?? "").replace(/&amp;/g, "&");
    expect(actionPath.startsWith(`/manage/c/${id}?`)).toBe(true);
    const to = pool.shift()!;
    const res = await worker.postForm(actionPath, { consultationDate: to.startsAt, timeZone: "Europe/London" }, { cookie: pair });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/manage/c/${id}?tz=Europe%2FLondon&done=rescheduled`);
    const row = await worker.db.prepare("SELECT consultation_date FROM consultations WHERE id = ?").bind(id).first<{ consultation_date: number }>();
    expect(row!.consultation_date).toBe(Date.parse(to.startsAt));
    // Without the cookie a post changes nothing.
    const other = pool.shift()!;
    const refused = await worker.postForm(actionPath, { consultationDate: other.startsAt, timeZone: "Europe/London" });
    expect(refused.status).toBe(401);
    const after = await worker.db.prepare("SELECT consultation_date FROM consultations WHERE id = ?").bind(id).first<{ consultation_date: number }>();
    expect(after!.consultation_date).toBe(Date.parse(to.startsAt));
  });

  it("a plain fetch of the link (no browser navigation) still gets the page at the token's address, kept out of search engines", async () => {
    const { link } = await book({ projectName: "Fetched Project" });
    const res = await worker.fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Fetched Project");
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
  });
});
