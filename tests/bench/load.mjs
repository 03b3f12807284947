// Bookings under load against a running server (npm start, or a deployed
// one): `npm run bench:load -- --url http://127.0.0.1:8787 --bookings 500 --clients 50`.
// Every booking carries an Idempotency-Key, so one that met a dropped
// connection or a dev-proxy 503 ("worker restarted mid-request", in fact
// workerd closing a kept-alive connection; docs/decisions/0028) is sent again
// safely: it books once. It then checks that every 201 is gone from
// GET /api/slots, and prints statuses, retries, bookings/s, p50 and p95.
// The app itself is measured through Miniflare in worker.bench.mjs.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { measure } from "./measure.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:8787" },
    bookings: { type: "string", default: "500" },
    clients: { type: "string", default: "50" },
    retries: { type: "string", default: "3" },
  },
});
const base = values.url.replace(/\/$/, "");
const clients = Number(values.clients);
const maxRetries = Number(values.retries);

async function freeSlots() {
  const res = await fetch(`${base}/api/slots?days=31`);
  if (!res.ok) throw new Error(`GET /api/slots answered ${res.status}`);
  const body = await res.json();
  const earliest = Date.now() + 3 * 3_600_000;
  return body.days.flatMap((d) => d.slots.map((s) => s.startsAt)).filter((iso) => Date.parse(iso) >= earliest);
}

const slots = await freeSlots();
const count = Math.min(Number(values.bookings), slots.length);
if (count < Number(values.bookings)) console.warn(`only ${slots.length} free slots: booking ${count}`);
let retries = 0;
const firstTry = {};
const booked = [];

const run = await measure({
  requests: count,
  clients,
  run: async (i) => {
    const key = crypto.randomUUID();
    const body = JSON.stringify({
      projectName: `Load ${i}`,
      projectDescription: "A load test booking.",
      genre: "Electronic",
      customerName: "Load Tester",
      customerEmail: `load${i}@example.com`,
      consultationDate: slots[i],
      timeZone: "Europe/London",
    });
    for (let attempt = 0; ; attempt++) {
      let status;
      try {
        const res = await fetch(`${base}/api/consultations`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = "network error";
      }
      if (attempt === 0) firstTry[status] = (firstTry[status] ?? 0) + 1;
      // 503 from the dev proxy, a dropped connection, or our own "first request still running" 409.
      const retryable = status === 503 || status === "network error" || (status === 409 && attempt > 0);
      if (!retryable || attempt >= maxRetries) {
        if (status === 201) booked.push(slots[i]);
        return status;
      }
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  },
});

const stillOffered = new Set(await freeSlots());
const lost = booked.filter((iso) => stillOffered.has(iso));
console.table([
  {
    bookings: count,
    clients,
    "final statuses": JSON.stringify(run.statuses),
    "first-try statuses": JSON.stringify(firstTry),
    retries,
    "bookings/s": run.rps,
    "p50 ms": run.p50,
    "p95 ms": run.p95,
    "booked but still offered": lost.length,
  },
]);
process.exitCode = run.statuses[201] === count && lost.length === 0 ? 0 : 1;
