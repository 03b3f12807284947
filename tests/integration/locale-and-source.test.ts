import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { waitFor } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";

// The client's locale and where the booking came from, through the real
// worker: stored with the booking, used by the emails and the pages.

let worker: TestWorker;
let slots: ApiSlot[];

beforeAll(async () => {
  worker = await startWorker();
  slots = await freeSlots(worker);
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
