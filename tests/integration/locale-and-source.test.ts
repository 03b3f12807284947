import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { waitFor } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";

// The client's locale and where the booking came from, through the real
// worker: stored with the booking, used by the emails and the pages.

let worker: TestWorker;
let slots: ApiSlot[];
let admin: Admin;
const SITE = "https://www.studio.example";

beforeAll(async () => {
  worker = await startWorker({ vars: { EMBED_ALLOWED_ORIGINS: `${SITE}, https://studio.example` } });
  slots = await freeSlots(worker);
  admin = await asAdmin(worker);
});
afterAll(async () => {
  await worker?.dispose();
});

function nextSlot(): ApiSlot {
  const slot = slots.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, " ");

async function bookWith(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await worker.postJson("/api/consultations", body, headers);
  const json = (await res.json()) as { id: string };
  expect(res.status).toBe(201);
  return json.id;
}

async function row(id: string) {
  return worker.db.prepare("SELECT * FROM consultations WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

async function confirmationText(id: string) {
  const mail = await waitFor(
    () => worker.db.prepare("SELECT text FROM email_messages WHERE consultation_id = ? AND kind = 'confirmation'").bind(id).first<{ text: string }>(),
    "the confirmation email",
  );
  return plain(mail.text);
}

describe("the client's locale", () => {
  it("follows Accept-Language in the stored booking, the emails and the invite", async () => {
    const slot = nextSlot();
    const id = await bookWith(bookingBody(slot.startsAt, { timeZone: "America/New_York" }), { "accept-language": "en-US,en;q=0.9" });
    expect((await row(id))?.locale).toBe("en-US");
    const text = await confirmationText(id);
    expect(text).toMatch(/Your time: \w+day, \w+ \d{1,2}, \d{4}, \d{1,2}:\d{2} – \d{1,2}:\d{2} (AM|PM) \(America\/New_York\)/);
    const ics = await worker.db.prepare("SELECT ics FROM email_messages WHERE consultation_id = ? AND kind = 'confirmation'").bind(id).first<{ ics: string }>();
    expect(plain(ics!.ics.replace(/\r\n /g, ""))).toMatch(/When: .*(AM|PM) \(America\/New_York\)/);
    expect(plain(ics!.ics.replace(/\r\n /g, ""))).toMatch(/\r\nSUMMARY:Consultation with .* at \d{1,2}:\d{2} (AM|PM) \(America\/New_York\): /);
  });

  it("takes an explicit locale over the browser's, and the pages write the time that way", async () => {
    const id = await bookWith({ ...bookingBody(nextSlot().startsAt), locale: "de-DE" }, { "accept-language": "en-US" });
    expect((await row(id))?.locale).toBe("de-DE");
    expect(await confirmationText(id)).toMatch(/(Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d{1,2}\. \S+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2} Uhr/);
    const page = plain(await (await worker.fetch(`/book/confirmed/${id}`, { headers: { "accept-language": "en-US" } })).text());
    expect(page).toMatch(/lang="de-DE" dir="ltr">(Montag|Dienstag|Mittwoch|Donnerstag|Freitag), /);
    const arabic = await (await worker.fetch(`/book/confirmed/${id}?locale=ar-EG`)).text();
    expect(arabic).toContain('lang="ar-EG" dir="rtl"');
  });

  it("falls back to the default for a header it can't use", async () => {
    const id = await bookWith(bookingBody(nextSlot().startsAt), { "accept-language": "*;q=0.1, zz-ZZZZ-x" });
    expect((await row(id))?.locale).toBe("en-GB");
  });
});

describe("slot times on /book in the client's locale", () => {
  // The time of each slot's <label>, and the text of each day heading.
  const slotLabels = (html: string) => [...html.matchAll(/<label><input type="radio" name="consultationDate" value="[^"]+"\/>([^<]+)</g)].map((m) => plain(m[1]));
  const dayHeadings = (html: string) => [...html.matchAll(/<h2 id="day-[^"]+"[^>]*>([^<]+)(?:<span[^>]*>[^<]*<\/span>)?<\/h2>/g)].map((m) => plain(m[1]));
  const book = async (path: string, acceptLanguage: string) => {
    const res = await worker.fetch(path, { headers: { "accept-language": acceptLanguage } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it("writes a US client's times on a 12-hour clock", async () => {
    const html = await book("/book", "en-US,en;q=0.9");
    const labels = slotLabels(html);
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    expect(labels.some((label) => label.endsWith("PM"))).toBe(true);
    expect(dayHeadings(html)[0]).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}$/);
    expect(html).toMatch(/<div class="slots" lang="en-US" dir="ltr">/);
  });

  it("writes a German client's times on a 24-hour clock, with German day names", async () => {
    const html = await book("/book", "de-DE,de;q=0.9,en;q=0.5");
    const labels = slotLabels(html);
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^\d{2}:\d{2}$/);
    for (const heading of dayHeadings(html)) expect(heading).toMatch(/^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+$/);
  });

  it("takes ?locale= over the browser's language, and keeps it in the week links, the zone form and the post", async () => {
    const html = await book("/book?locale=fr-FR", "en-US");
    for (const label of slotLabels(html)) expect(label).toMatch(/^\d{2}:\d{2}$/);
    for (const heading of dayHeadings(html)) expect(heading).toMatch(/^(lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} \S+$/);
    expect(html).toMatch(/href="\/book\?tz=Europe%2FLondon&amp;from=\d{4}-\d\d-\d\d&amp;locale=fr-FR"/);
    expect(html).toContain('<input type="hidden" name="locale" value="fr-FR"/>');
    expect(html).toMatch(/action="\/book\?index=&amp;tz=Europe%2FLondon&amp;from=[\d-]+&amp;locale=fr-FR"/);
  });

  it("keeps en-GB's 24-hour labels when nothing is said, and the API takes a locale (and names a bad one)", async () => {
    const html = await book("/book", "");
    for (const label of slotLabels(html)) expect(label).toMatch(/^\d{2}:\d{2}$/);
    const api = (await (await worker.fetch("/api/slots?days=14&locale=en-US")).json()) as { days: { label: string; slots: ApiSlot[] }[] };
    const slot = api.days.flatMap((d) => d.slots)[0];
    expect(plain(slot.label)).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    const bad = await worker.fetch("/api/slots?locale=not a locale!");
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { errors: Record<string, string[]> }).errors)).toEqual(["locale"]);
  });
});

function beacon(kind: "view" | "open", page: string, origin: string | null = SITE) {
  return worker.fetch(`/embed/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ page }).toString(),
  });
}

describe("where bookings come from", () => {
  it("stores the source page (path only) and the utm fields of an API booking", async () => {
    const id = await bookWith({
      ...bookingBody(nextSlot().startsAt),
      source: { page: "https://www.studio.example/services/mixing/?email=ada@example.com#top", utmSource: "newsletter", utmMedium: "email", utmCampaign: "spring" },
    });
    expect(await row(id)).toMatchObject({ source_page: "/services/mixing", utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring" });
    const plainBooking = await bookWith(bookingBody(nextSlot().startsAt));
    expect(await row(plainBooking)).toMatchObject({ source_page: null, utm_source: null });
  });

  it("counts views and opens per page per day from the studio's sites only, without cookies", async () => {
    for (let i = 0; i < 3; i++) expect((await beacon("view", "/services/mastering?utm_source=x")).status).toBe(204);
    expect((await beacon("open", "/services/mastering")).status).toBe(204);
    const res = await beacon("view", "/services/mastering", "https://evil.example");
    expect(res.status).toBe(403);
    expect((await beacon("view", "/services/mastering", null)).status).toBe(403);
    expect((await beacon("view", "")).status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
    const { results } = await worker.db.prepare("SELECT * FROM embed_daily_counts WHERE page = '/services/mastering'").all<Record<string, unknown>>();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ views: 3, opens: 1 });
    expect(Object.keys(results[0]).sort()).toEqual(["day", "opens", "page", "views"]);
  });

  it("reports views, opens, bookings and the booking rate per page beside the target, and the list filters by source", async () => {
    for (let i = 0; i < 4; i++) await beacon("view", "/services/production");
    await beacon("open", "/services/production");
    const id = await bookWith({ ...bookingBody(nextSlot().startsAt, { customerName: "Katherine Johnson" }), source: { page: "/services/production" } });
    const page = await (await admin.get("/admin/sources?days=7")).text();
    const rowHtml = page.slice(page.indexOf("/services/production"), page.indexOf("</tr>", page.indexOf("/services/production")));
    expect(rowHtml.replace(/<!-- -->/g, "")).toMatch(/>4<.*>1<.*>1<.*>25%<.*Below target/);
    expect(page).toContain("30–40%");

    const list = await (await admin.get(`/admin/consultations?source=${encodeURIComponent("/services/production")}`)).text();
    expect(list).toContain("Katherine Johnson");
    expect(list).not.toContain("Ada Lovelace");
    const api = (await (await admin.get("/api/consultations?source=direct", { authorization: `Bearer ${admin.token}` })).json()) as { consultations: { id: string }[] };
    expect(api.consultations.map((c) => c.id)).not.toContain(id);
    expect((await admin.get("/api/consultations?source=services", { authorization: `Bearer ${admin.token}` })).status).toBe(422);
  });
});

describe("the embedded booking", () => {
  it("may be framed only by EMBED_ALLOWED_ORIGINS, and only the booking pages", async () => {
    const book = await worker.fetch("/book?embed=1");
    expect(book.headers.get("content-security-policy")).toContain(`frame-ancestors ${SITE} https://studio.example`);
    expect(book.headers.get("x-frame-options")).toBeNull();
    for (const path of ["/admin/login", "/"]) {
      const other = await worker.fetch(path);
      const csp = other.headers.get("content-security-policy");
      if (csp) expect(csp).toContain("frame-ancestors 'none'");
    }
    const login = await worker.fetch("/admin/login");
    expect(login.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(login.headers.get("x-frame-options")).toBe("DENY");
  });

  it("drops the site header, carries the source in hidden fields and keeps the embed layout after booking (no JavaScript needed)", async () => {
    const html = await (await worker.fetch("/book?embed=1&origin=https%3A%2F%2Fwww.studio.example&source_page=%2Fservices%2Fvocals&utm_source=insta")).text();
    expect(html).not.toContain('class="site-header"');
    expect(html).toContain('<html lang="en" class="embedded">');
    expect(html).toMatch(/<input type="hidden" name="source_page" value="\/services\/vocals"\/>/);
    expect(html).toMatch(/<input type="hidden" name="utm_source" value="insta"\/>/);
    // Another week or another zone inside the dialog keeps it the dialog's page.
    expect(html).toMatch(/href="\/book\?tz=[^"]*&amp;from=\d{4}-\d{2}-\d{2}&amp;embed=1&amp;origin=https%3A%2F%2Fwww.studio.example&amp;source_page=%2Fservices%2Fvocals&amp;utm_source=insta"/);
    // The booking form and the "Show times in" form both send it on.
    expect([...html.matchAll(/<input type="hidden" name="embed" value="1"\/>/g)].length).toBe(2);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)![1];
    const slot = nextSlot();
    const res = await worker.postForm("/book?embed=1", {
      projectName: "Vocal chain",
      projectDescription: "Booked from the vocals page inside the dialog.",
      genre: "Pop",
      bpm: "",
      customerName: "Mae Jemison",
      customerEmail: "mae@example.com",
      customerPhone: "",
      specialRequirements: "",
      consultationDate: slot.startsAt,
      timeZone: "Europe/London",
      idempotencyKey: key,
      website: "",
      source_page: "/services/vocals",
      utm_source: "insta",
      embed: "1",
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/book\/confirmed\/[0-9a-f-]{36}\?embed=1$/);
    const id = location.split("/").pop()!.split("?")[0];
    expect(await row(id)).toMatchObject({ source_page: "/services/vocals", utm_source: "insta", utm_medium: null });
    const confirmation = await (await worker.fetch(location)).text();
    expect(confirmation).toMatch(/data-studio-booked="" data-reference="SC-[0-9A-F]{8}" data-starts-at="[^"]+Z"/);
    expect(confirmation).not.toContain("mae@example.com\" data-");
  });

  it("starts the form with the genre a studio page names, or a note of its service, without JavaScript", async () => {
    const genre = await (await worker.fetch("/book?embed=1&service=electronic")).text();
    expect(genre).toMatch(/<option value="Electronic" selected="">Electronic<\/option>/);
    const service = await (await worker.fetch("/book?embed=1&service=Stem%20mastering")).text();
    expect(service).toMatch(/<textarea[^>]*name="specialRequirements"[^>]*>Interested in: Stem mastering<\/textarea>/);
    const genreSelect = /<select[^>]*name="genre"[\s\S]*?<\/select>/.exec(service)![0];
    expect(genreSelect).not.toContain("selected");
  });
});
