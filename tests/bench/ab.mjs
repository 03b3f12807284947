// Two builds of the Worker side by side in one run, each in its own workerd
// with its own D1 seeded as the bench seeds it: the base build (a copy of an
// earlier dist/app.js, kept inside the repo so its imports resolve) and this
// one (dist/app.js). Requests alternate between the two, so the machine's
// noise falls on both; compare within a row. Measures, never asserts.
//   BENCH_AB_BASE=bench-ab/base.js npx tsx tests/bench/ab.mjs booking [bookings]
//   BENCH_AB_BASE=bench-ab/base.js npx tsx tests/bench/ab.mjs reads [requests]
// BENCH_AB_RELAY=failing leaves the outbox consumer out (the requests' own cost).
// On the shared machine: flock /work/wt/bench.lock before it (docs/decisions/0051).
import { resolve } from "node:path";
import { startWorker } from "../integration/harness.ts";
import { bookingBody, bookingForm, freeSlots } from "../integration/booking-data.ts";
import { compare, round, summarise } from "./measure.mjs";
import { seedConsultations } from "./seed.mjs";

const mode = process.argv[2] ?? "booking";
const count = Number(process.argv[3] ?? 100);
const builds = { base: resolve(process.env.BENCH_AB_BASE ?? "bench-ab/base.js"), new: resolve(process.env.BENCH_AB_NEW ?? "dist/app.js") };

const workers = {};
for (const [name, bundlePath] of Object.entries(builds)) {
  const appLines = [];
  const worker = await startWorker({
    bundlePath,
    relay: process.env.BENCH_AB_RELAY ?? "queue",
    onLogLine: (line) => {
      if (!line.includes('"event":"request"')) return;
      try {
        appLines.push(JSON.parse(line.slice(line.indexOf("{"))));
      } catch {}
    },
  });
  await worker.db.exec("CREATE TABLE IF NOT EXISTS bench_floor (id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
  await seedConsultations(worker.db, { count: 10_000, days: 60 });
  workers[name] = { worker, appLines };
}
const get = (worker, path, init) => async () => (await worker.fetch(path, init)).status;
let clients = 0;
const asNewClient = () => ({ customerEmail: `ab-client-${++clients}@example.com` });
const rows = [];

if (mode === "booking") {
  // The floors first, on quiet workers (the relay consumer would run beside them otherwise).
  const floors = await compare({
    requests: count,
    throughput: false,
    warmup: 5,
    runs: Object.fromEntries(Object.entries(workers).map(([name, { worker }]) => [name, get(worker, "/__bench/write", { method: "POST" })])),
  });
  const runs = {};
  for (const [name, { worker }] of Object.entries(workers)) {
    const slots = (await freeSlots(worker)).map((s) => s.startsAt);
    let api = 0;
    let form = 0;
    runs[`${name} api`] = async () => (await worker.postJson("/api/consultations", bookingBody(slots[api++], asNewClient()))).status;
    runs[`${name} form`] = async () => (await worker.postForm("/book?index", bookingForm(slots[count + form++], asNewClient()))).status;
  }
  const r = await compare({ requests: count, throughput: false, warmup: 0, runs });
  for (const name of Object.keys(workers)) {
    const floor = floors[name];
    const app = summarise(workers[name].appLines.filter((l) => l.method === "POST" && l.path !== "/__bench/write").map((l) => l.durationMs));
    rows.push({
      build: name,
      "floor p50/p95": `${floor.p50} / ${floor.p95}`,
      "api p50/p95": `${r[`${name} api`].p50} / ${r[`${name} api`].p95}`,
      "form p50/p95": `${r[`${name} form`].p50} / ${r[`${name} form`].p95}`,
      "api p95 ÷ floor": round(r[`${name} api`].p95 / floor.p95),
      "form p95 ÷ floor": round(r[`${name} form`].p95 / floor.p95),
      "app log p50/p95": `${app.p50} / ${app.p95}`,
      statuses: JSON.stringify({ api: r[`${name} api`].statuses, form: r[`${name} form`].statuses }),
    });
  }
} else {
  const runs = {};
  for (const [name, { worker }] of Object.entries(workers)) {
    runs[`${name} read floor`] = get(worker, "/__bench/read");
    runs[`${name} slots 1 day`] = get(worker, "/api/slots?days=1&tz=Asia/Kolkata");
    runs[`${name} slots 7 days`] = get(worker, "/api/slots?days=7&tz=Asia/Kolkata");
  }
  const r = await compare({ requests: count, runs });
  for (const name of Object.keys(workers)) {
    const floor = r[`${name} read floor`];
    const row = { build: name, "read floor p50 / req/s": `${floor.p50} / ${floor.rps}` };
    for (const what of ["slots 1 day", "slots 7 days"]) {
      const t = r[`${name} ${what}`];
      row[`${what} p50 / req/s`] = `${t.p50} / ${t.rps}`;
      row[`${what} p50 ÷ floor`] = round(t.p50 / floor.p50);
      row[`${what} req/s ÷ floor`] = round(t.rps / floor.rps);
    }
    rows.push(row);
  }
}
console.table(rows);
for (const { worker } of Object.values(workers)) await worker.dispose().catch(() => undefined);
