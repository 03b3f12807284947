import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, mailFor, makeDue, settled, startFakes, type Fakes } from "./fakes-env";

// Reminders and follow-ups carry List-Unsubscribe and List-Unsubscribe-Post
// (one-click, RFC 8058) to the fake SendGrid, which validates every body
// against the v3 OpenAPI spec; transactional mail carries none.

let fakes: Fakes;
let worker: TestWorker;
let slots: ApiSlot[];

beforeAll(async () => {
  fakes = await startFakes();
  worker = await startWorker({ vars: fakes.vars });
  slots = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
});
afterAll(async () => {
  await worker?.dispose();
  await fakes?.close();
});

type Mail = { headers?: Record<string, string>; content: { value: string }[] };

describe("List-Unsubscribe through SendGrid", () => {
  it("is on the reminder and the follow-up, with the page's one-click link, and not on the confirmation", async () => {
    const slot = slots.shift()!;
    const { id } = await book(worker, bookingBody(slot.startsAt));
    await settled(worker, id);
    for (const kind of ["reminder", "follow_up"]) {
      const job = await jobOf(worker, id, `email.${kind}`);
      await makeDue(worker, `id = '${job.id}'`);
    }
    await worker.scheduled();
    expect((await jobOf(worker, id, "email.reminder")).status).toBe("done");
    expect((await jobOf(worker, id, "email.follow_up")).status).toBe("done");

    const [confirmation] = mailFor(fakes.sendgrid, id, "confirmation") as Mail[];
    expect(confirmation.headers).toBeUndefined();
    for (const kind of ["reminder", "follow_up"]) {
      const [mail] = mailFor(fakes.sendgrid, id, kind) as Mail[];
      expect(fakes.sendgrid.validate(mail)).toEqual([]);
      expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const link = /^<(http:\/\/127\.0\.0\.1:8787(\/unsubscribe\/[\w-]+\.[\w-]+\.[\w-]+))>$/.exec(mail.headers?.["List-Unsubscribe"] ?? "");
      expect(link, mail.headers?.["List-Unsubscribe"]).not.toBeNull();
      // The same link as in the body, and a mail provider's one-click POST works on it.
      expect(mail.content[0].value).toContain(link![1]);
      const res = await worker.fetch(link![2], {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(res.status).toBe(200);
    }
    expect(await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = 'ada@example.com'").first()).toEqual({ reason: "unsubscribe" });
  });
});
