import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";

// GET /healthz and the security headers every response carries.

let worker: TestWorker;
beforeAll(async () => {
  worker = await startWorker({ vars: { SESSION_SECRET: "a-test-session-secret-of-at-least-32-chars" } });
});
afterAll(() => worker?.dispose());

describe("GET /healthz", () => {
  it("answers 200 with the version, the checks and the outbox backlog, and no secret", async () => {
    const res = await worker.fetch("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.status).toBe("ok");
    expect(body.version.id).toBe("test-version");
    expect(body.checks.d1.ok).toBe(true);
    expect(body.checks.slotLock.ok).toBe(true);
    expect(body.checks.rateLimiter.ok).toBe(true);
    expect(body.outbox).toEqual({ due: 0, oldestDueAgeSeconds: null });
    expect(text).not.toContain("a-test-session-secret");
  });

  it("reports how old the oldest due outbox job is", async () => {
    const now = Date.now();
    await worker.db
      .prepare(
        `INSERT INTO consultations (id, project_name, project_description, genre, consultation_date, time_zone, customer_name, customer_email, created_at, updated_at)
         VALUES ('health-1', 'P', 'D', 'Pop', ?, 'Europe/London', 'N', 'n@example.com', ?, ?)`,
      )
      .bind(now + 86_400_000, now, now)
      .run();
    await worker.db
      .prepare(`INSERT INTO outbox_jobs (id, kind, consultation_id, run_at, status, created_at, updated_at) VALUES ('job-h', 'email.confirmation', 'health-1', ?, 'pending', ?, ?)`)
      .bind(now - 600_000, now, now)
      .run();
    const body = (await (await worker.fetch("/healthz")).json()) as { outbox: { due: number; oldestDueAgeSeconds: number } };
    expect(body.outbox.due).toBe(1);
    expect(body.outbox.oldestDueAgeSeconds).toBeGreaterThanOrEqual(600);
    await worker.db.prepare(`DELETE FROM outbox_jobs WHERE id = 'job-h'`).run();
  });

  it("answers 503 when D1 fails, naming the failed check only", async () => {
    await worker.db.prepare(`ALTER TABLE outbox_jobs RENAME TO outbox_jobs_away`).run();
    try {
      const res = await worker.fetch("/healthz");
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }>; outbox: unknown };
      expect(body.status).toBe("unavailable");
      expect(body.checks.d1.ok).toBe(false);
      expect(body.checks.d1.error).not.toMatch(/outbox|SQL/i);
      expect(body.checks.slotLock.ok).toBe(true);
      expect(body.outbox).toBeNull();
    } finally {
      await worker.db.prepare(`ALTER TABLE outbox_jobs_away RENAME TO outbox_jobs`).run();
    }
    expect((await worker.fetch("/healthz")).status).toBe(200);
  });
});

describe("security headers", () => {
  const expectSecurityHeaders = (res: Response) => {
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("are on pages (keeping their nonce policy), JSON, redirects and errors", async () => {
    const page = await worker.fetch("/book");
    expectSecurityHeaders(page);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);

    const json = await worker.fetch("/api/slots?days=1");
    expect(json.status).toBe(200);
    expectSecurityHeaders(json);
    expect(json.headers.get("content-security-policy")).toContain("default-src 'none'");

    const redirect = await worker.fetch("/");
    expect(redirect.status).toBe(302);
    expectSecurityHeaders(redirect);

    const unauthorized = await worker.fetch("/api/consultations");
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized);

    const missing = await worker.fetch("/no-such-page");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it("leave HSTS out in development (plain http on 127.0.0.1)", async () => {
    const dev = await startWorker({ vars: { APP_ENV: "development" } });
    try {
      const res = await dev.fetch("/api/slots?days=1");
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
    } finally {
      await dev.dispose();
    }
  });
});
