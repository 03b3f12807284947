// Throughput and memory of the built Worker in workerd (npm run build first):
// GET /api/slots, and bookings racing for one slot and for distinct slots.
// Prints a table; never asserts: benchmarks measure, tests decide.
import { performance } from "node:perf_hooks";
import { startWorker } from "../integration/harness.ts";
import { bookingBody, freeSlots } from "../integration/booking-data.ts";

const worker = await startWorker();
const rows = [];

async function measure(name, count, run) {
  const started = performance.now();
  const latencies = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t = performance.now();
      await run(i);
      latencies.push(performance.now() - t);
    }),
  );
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  rows.push({ name, requests: count, "req/s": Math.round((count / total) * 1000), "p50 ms": pick(0.5), "p95 ms": pick(0.95) });
}

await measure("GET /api/slots (7 days), 200 concurrent", 200, () => worker.fetch("/api/slots?days=7&tz=Asia/Kolkata").then((r) => r.arrayBuffer()));
await measure("GET /book (HTML), 100 concurrent", 100, () => worker.fetch("/book?tz=Europe/Berlin").then((r) => r.arrayBuffer()));
const slots = await freeSlots(worker);
await measure("POST /api/consultations, 100 racing for one slot", 100, () => worker.postJson("/api/consultations", bookingBody(slots[0].startsAt)).then((r) => r.arrayBuffer()));
await measure("POST /api/consultations, 100 distinct slots", 100, (i) => worker.postJson("/api/consultations", bookingBody(slots[i + 1].startsAt)).then((r) => r.arrayBuffer()));
await measure("GET /api/slots with 100 bookings, 200 concurrent", 200, () => worker.fetch("/api/slots?days=31").then((r) => r.arrayBuffer()));

console.table(rows);
const memory = process.memoryUsage();
console.log(`test process rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB (workerd runs in its own process)`);
await worker.dispose();
