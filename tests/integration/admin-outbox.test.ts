import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { bookingBody, freeSlots } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// The studio sees calendar and email jobs that gave up, and retries them.

let worker: TestWorker;
let admin: Admin;
beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

async function deadConfirmationJob(): Promise<string> {
  const [slot] = await freeSlots(worker);
  const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
  const { id } = (await res.json()) as { id: string };
  const job = await worker.db
    .prepare("SELECT id FROM outbox_jobs WHERE consultation_id = ? AND kind = 'email.confirmation'")
    .bind(id)
    .first<{ id: string }>();
  // As if every attempt had failed: the provider kept refusing the message.
  await worker.db
    .prepare("UPDATE outbox_jobs SET status = 'dead', attempts = 8, last_error = 'SendGrid 500: upstream unavailable' WHERE id = ?")
    .bind(job!.id)
    .run();
  return job!.id;
}

describe("/admin/outbox", () => {
  it("is only for the signed-in studio", async () => {
    const res = await worker.fetch("/admin/outbox");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/admin\/login\?redirectTo=%2Fadmin%2Foutbox/);
    const post = await worker.postForm("/admin/outbox", { jobId: crypto.randomUUID() });
    expect([302, 401, 403]).toContain(post.status);
  });

  it("lists a job that gave up with its error, and a retry queues it again", async () => {
    const jobId = await deadConfirmationJob();
    const page = await (await admin.get("/admin/outbox")).text();
    expect(page).toContain("Gave up (1)");
    expect(page).toContain("Confirmation email");
    expect(page).toContain("SendGrid 500: upstream unavailable");

    const retry = await admin.post("/admin/outbox", { jobId });
    expect(retry.status).toBe(302);
    expect(retry.headers.get("location")).toBe("/admin/outbox?retried=1");
    const row = await worker.db.prepare("SELECT status, attempts FROM outbox_jobs WHERE id = ?").bind(jobId).first<{ status: string; attempts: number }>();
    expect(["pending", "running", "done"]).toContain(row!.status);
    expect(await (await admin.get("/admin/outbox")).text()).toContain("Gave up (0)");
  });

  it("answers a bad or unknown job id calmly", async () => {
    for (const jobId of ["nope", crypto.randomUUID()]) {
      const res = await admin.post("/admin/outbox", { jobId });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/admin/outbox?retried=0");
    }
  });
});
