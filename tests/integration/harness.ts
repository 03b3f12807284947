import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

// The built Worker (npm run build -> dist/app.js) in workerd, with a real D1
// (in memory, migrations applied) and the real SlotLock Durable Object. Only
// the outside world (Google, SendGrid) is faked, by HTTP servers on 127.0.0.1.

const root = fileURLToPath(new URL("../..", import.meta.url));

export const BASE_VARS: Record<string, string> = {
  APP_ENV: "test",
  STUDIO_NAME: "Test Studio",
  BUSINESS_TIME_ZONE: "Europe/London",
  BUSINESS_DAYS: "1,2,3,4,5",
  BUSINESS_DAY_START: "10:00",
  BUSINESS_DAY_END: "19:00",
  SLOT_MINUTES: "15",
  MIN_NOTICE_MINUTES: "120",
  BOOKING_HORIZON_DAYS: "30",
  PUBLIC_BASE_URL: "http://127.0.0.1:8787",
  // The suites book and browse a lot from one "client": limits far above
  // that (tests/integration/limits.test.ts tries low ones). Not "off", so
  // requests still go through the RateLimiter Durable Object (one in ten: an
  // isolate's own share of a limit this large, docs/decisions/0054).
  RATE_LIMIT_BOOKING: "100000/1h",
  RATE_LIMIT_SLOTS: "100000/1h",
  RATE_LIMIT_MANAGE: "100000/1h",
  RATE_LIMIT_WEBHOOK: "100000/1h",
  RATE_LIMIT_EMBED: "100000/1h",
  MAX_UPCOMING_PER_EMAIL: "100",
  MIN_FORM_FILL_SECONDS: "0",
};

// INTEGRATION_COVERAGE=1 runs the istanbul-instrumented bundle and saves its
// counters when the worker is disposed (scripts/coverage/report-integration.mjs).
const COVERAGE = process.env.INTEGRATION_COVERAGE === "1";

export type TestWorker = Awaited<ReturnType<typeof startWorker>>;

/** The queue of the outbox relay, as wrangler.toml configures it (docs/decisions/0047). */
export const OUTBOX_QUEUE_NAME = "studio-outbox-test";

/**
 * How the worker gets its outbox relay:
 * - "queue" (default): an OUTBOX_QUEUE producer and this Worker as its consumer, as deployed;
 * - "none": no binding, jobs run via waitUntil on the request's isolate (an env without the queue);
 * - "failing": a binding whose every send fails, so only the cron runs the jobs.
 */
export type RelayMode = "queue" | "none" | "failing";

function relayOptions(mode: RelayMode) {
  if (mode === "none") return {};
  if (mode === "failing") {
    // A service binding to a plain HTTP handler: it has no send(), so every send rejects.
    return { serviceBindings: { OUTBOX_QUEUE: async () => new Response("not a queue", { status: 500 }) } };
  }
  return {
    queueProducers: { OUTBOX_QUEUE: { queueName: OUTBOX_QUEUE_NAME } },
    queueConsumers: { [OUTBOX_QUEUE_NAME]: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 3 } },
  };
}

// onLog: every line the worker logs (console.*), e.g. to check what logs hold.
// onLogLine: the runtime's raw stdout/stderr lines (the bench reads its own).
export async function startWorker(
  options: {
    vars?: Record<string, string>;
    relay?: RelayMode;
    onLog?: (message: string) => void;
    onLogLine?: (line: string) => void;
    /** workerd's inspector (Chrome DevTools Protocol) on this port, for CPU profiles (tests/bench/profile.mjs). */
    inspectorPort?: number;
    /** Another build of the Worker (an A/B comparison of two builds in one run). */
    bundlePath?: string;
  } = {},
) {
  const mf = new Miniflare({
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    // One bundled module: list it explicitly (the bundle has dynamic imports).
    modules: [{ type: "ESModule", path: options.bundlePath ?? `${root}${COVERAGE ? "dist-coverage" : "dist"}/app.js` }],
    compatibilityDate: "2026-04-20",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: { DB: "test-db" },
    durableObjects: {
      SLOT_LOCK: { className: "SlotLock", useSQLite: true },
      RATE_LIMITER: { className: "RateLimiter", useSQLite: true },
    },
    ...relayOptions(options.relay ?? "queue"),
    ...(options.onLog ? { handleStructuredLogs: ({ message }: { message: string }) => void options.onLog!(message) } : {}),
    bindings: { ...BASE_VARS, CF_VERSION_METADATA: { id: "test-version", tag: "test", timestamp: "2026-01-01T00:00:00Z" }, ...options.vars },
    // The bench reads the Worker's log lines itself (thousands would drown its table).
    ...(options.onLogLine ? { handleRuntimeStdio: (stdout: Readable, stderr: Readable) => linesOf([stdout, stderr], options.onLogLine!) } : {}),
  });
  await mf.ready;
  const db = await mf.getD1Database("DB");
  await applyMigrations(db);

  const origin = "http://127.0.0.1:8787";
  // Every answer is read in full as it arrives: an unread body left waiting
  // while a test fires dozens of requests was sometimes unusable later.
  const request = async (path: string, init: RequestInit): Promise<Response> => {
    const res = (await mf.dispatchFetch(`${origin}${path}`, { redirect: "manual", ...init } as never)) as unknown as Response;
    const body = await res.arrayBuffer();
    const noBody = [101, 204, 205, 304].includes(res.status);
    return new Response(noBody ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return {
    mf,
    db,
    origin,
    fetch(path: string, init: RequestInit = {}) {
      return request(path, init);
    },
    postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
      return request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    },
    postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
      return request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin, "x-forwarded-host": new URL(origin).host, ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    },
    /**
     * A cron tick, as tests use it: "run the outbox now". A job the relay's
     * queue consumer holds (running, under its lease) is skipped by the cron
     * and finishes a moment later (the consumer gives way to requests between
     * round trips: docs/decisions/0050), so this waits until no job is running.
     */
    async scheduled(cron = "* * * * *") {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({ cron, scheduledTime: new Date() });
      for (let i = 0; i < 200; i++) {
        const running = await db.prepare("SELECT COUNT(*) AS n FROM outbox_jobs WHERE status = 'running'").first<{ n: number }>();
        if (!running?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return result;
    },
    async dispose() {
      if (COVERAGE) await saveCoverage(mf, origin);
      await mf.dispose();
    },
  };
}

function linesOf(streams: Readable[], onLine: (line: string) => void) {
  for (const input of streams) createInterface({ input }).on("line", onLine);
}

type D1 = Awaited<ReturnType<Miniflare["getD1Database"]>>;

export async function applyMigrations(db: D1) {
  const dir = `${root}migrations`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    const statements = splitSql(readFileSync(`${dir}/${file}`, "utf8"));
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

// Our migrations are statements ending in ";" at a line end; a CREATE TRIGGER
// runs to its "END;" (its body's statements end in ";" too).
export function splitSql(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of sql.split("\n")) {
    if (line.trim().startsWith("--")) continue;
    current.push(line);
    const text = current.join("\n").trim();
    const inTrigger = /^CREATE\s+TRIGGER\b/i.test(text);
    if (inTrigger ? /\bEND;\s*$/i.test(text) : /;\s*$/.test(line)) {
      statements.push(text.replace(/;\s*$/, ""));
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest) statements.push(rest);
  return statements.filter(Boolean);
}

async function saveCoverage(mf: Miniflare, origin: string) {
  const res = await mf.dispatchFetch(`${origin}/__coverage__`);
  if (!res.ok) throw new Error(`The instrumented worker did not serve /__coverage__ (${res.status})`);
  const dir = `${root}.cache/coverage-integration`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${crypto.randomUUID()}.json`, await res.text());
}
