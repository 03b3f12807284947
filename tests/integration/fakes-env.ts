// Fake Google and fake SendGrid in the test process, and the worker vars that
// point the worker at them; plus small helpers for the outbox tests.
import { startFakeGoogle, type FakeGoogle } from "../fakes/google";
import { startFakeSendGrid, type FakeSendGrid } from "../fakes/sendgrid";
import type { TestWorker } from "./harness";

export type Fakes = { google: FakeGoogle; sendgrid: FakeSendGrid; vars: Record<string, string>; close: () => Promise<void> };

export async function startFakes(options: { impersonate?: string } = {}): Promise<Fakes> {
  const [google, sendgrid] = await Promise.all([startFakeGoogle(), startFakeSendGrid()]);
  const vars: Record<string, string> = {
    GOOGLE_CALENDAR_API_URL: `${google.url}/calendar/v3`,
    GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(google.serviceAccountKey),
    GOOGLE_CALENDAR_ID: google.calendarId,
    ...(options.impersonate ? { GOOGLE_IMPERSONATE_USER: options.impersonate } : {}),
    SENDGRID_API_URL: sendgrid.url,
    SENDGRID_API_KEY: sendgrid.apiKey,
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.signer.publicKeyBase64,
    EMAIL_FROM: "Test Studio <bookings@studio.example>",
    EMAIL_REPLY_TO: "hello@studio.example",
    // Keeps the timeout fault test short.
    OUTBOUND_TIMEOUT_MS: "1000",
  };
  return { google, sendgrid, vars, close: async () => void (await Promise.all([google.close(), sendgrid.close()])) };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type JobRow = {
  id: string;
  kind: string;
  consultation_id: string;
  status: string;
  attempts: number;
  run_at: number;
  last_error: string | null;
  result: string | null;
  lease_owner: string | null;
};

export async function jobsOf(worker: TestWorker, consultationId: string): Promise<JobRow[]> {
  const { results } = await worker.db
    .prepare("SELECT * FROM outbox_jobs WHERE consultation_id = ? ORDER BY run_at, kind")
    .bind(consultationId)
    .all<JobRow>();
  return results;
}

export async function jobOf(worker: TestWorker, consultationId: string, kind: string): Promise<JobRow> {
  const job = (await jobsOf(worker, consultationId)).find((j) => j.kind === kind);
  if (!job) throw new Error(`no ${kind} job for ${consultationId}`);
  return job;
}

/** Waits until none of the consultation's jobs due now is still running (the waitUntil run is over). */
export async function settled(worker: TestWorker, consultationId: string): Promise<JobRow[]> {
  return waitFor(async () => {
    const jobs = await jobsOf(worker, consultationId);
    const now = Date.now();
    const busy = jobs.some((j) => j.status === "running" || (j.status === "pending" && j.run_at <= now && j.attempts === 0));
    return busy ? undefined : jobs;
  }, `the jobs of ${consultationId} to settle`);
}

/** Makes every pending job due now (backoff and reminders would otherwise wait). */
export async function makeDue(worker: TestWorker, where = "1=1"): Promise<void> {
  await worker.db.prepare(`UPDATE outbox_jobs SET run_at = 0 WHERE status = 'pending' AND ${where}`).run();
}

export async function book(worker: TestWorker, body: Record<string, unknown>): Promise<{ id: string; status: number; ms: number }> {
  const started = Date.now();
  const res = await worker.postJson("/api/consultations", body);
  const ms = Date.now() - started;
  const json = (await res.json()) as { id?: string; error?: string };
  if (res.status !== 201 || !json.id) throw new Error(`booking answered ${res.status}: ${JSON.stringify(json)}`);
  return { id: json.id, status: res.status, ms };
}

/** Mail the fake SendGrid accepted for one consultation (by custom_args), optionally of one kind. */
export function mailFor(sendgrid: FakeSendGrid, consultationId: string, kind?: string) {
  return sendgrid.messages.filter((m) => {
    const p = (m.personalizations as { custom_args?: Record<string, string> }[])[0];
    return p?.custom_args?.consultation_id === consultationId && (!kind || p.custom_args.kind === kind);
  });
}
