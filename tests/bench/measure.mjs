// Latency and throughput of requests, measured from Node against the Worker
// in workerd. The machine is shared and noisy, so a request is measured
// interleaved with its floor: latency alternates one request of each, and
// throughput alternates short bursts of each at the same concurrency. Noise
// then falls on both, and the ratio of the two is what the goals compare.
import { performance } from "node:perf_hooks";

/**
 * `run(i)` resolves to the response status; `before[name](i)`, if given, runs
 * ahead of each of that name's requests, untimed. Each result has the
 * single-client latencies it summarises (ms), for pooling across calls.
 */
export async function compare({ requests, clients = 8, runs, before = {}, warmup = 20, throughput = true }) {
  const names = Object.keys(runs);
  for (let i = 0; i < warmup; i++) for (const name of names) await runs[name](-1 - i);
  const latencies = Object.fromEntries(names.map((n) => [n, []]));
  const statuses = Object.fromEntries(names.map((n) => [n, {}]));
  const record = async (name, i, into) => {
    await before[name]?.(i);
    const t = performance.now();
    const status = await runs[name](i);
    into?.push(performance.now() - t);
    statuses[name][status] = (statuses[name][status] ?? 0) + 1;
  };
  // One client: latency.
  for (let i = 0; i < requests; i++) for (const name of names) await record(name, i, latencies[name]);
  // `clients` concurrent clients: requests/s, in alternating bursts.
  const busy = Object.fromEntries(names.map((n) => [n, 0]));
  const burst = clients * 5;
  for (let done = 0; throughput && done < requests * 2; done += burst) {
    for (const name of names) {
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < burst) await record(name, requests + done + next++);
        }),
      );
      busy[name] += performance.now() - t;
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      { ...summarise(latencies[name]), rps: throughput ? round((requests * 2) / (busy[name] / 1000)) : undefined, statuses: statuses[name], latencies: latencies[name] },
    ]),
  );
}

/** Latency and overall rate of `requests` calls from `clients` closed loops. */
export async function measure({ requests, clients = 1, run, warmup = 0 }) {
  for (let i = 0; i < warmup; i++) await run(-1 - i);
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        const status = await run(i);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...summarise(latencies), rps: round(requests / seconds), seconds: round(seconds), statuses };
}

export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return { p50: pick(0.5), p95: pick(0.95), n: sorted.length };
}

export function round(n) {
  return Math.round(n * 10) / 10;
}
