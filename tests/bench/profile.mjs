// A CPU profile of the built Worker in workerd while it answers one path
// again and again (docs/decisions/0045, 0054):
//   npm run bench:profile -- "/book?tz=Europe/Berlin" [requests]
//   npm run bench:profile -- booking [bookings]   (API and form bookings
//     alternating, with the outbox consumer's work relayed beside them;
//     PROFILE_RELAY=failing leaves the consumer out: the requests' own CPU)
// Prints the functions with the most self and inclusive CPU per request and
// writes a .cpuprofile that Chrome's DevTools (Performance panel) opens.
// Seeds D1 as the bench does. With the inspector attached, each console.log
// (the app's request log line) costs far more than it does without: read the
// log's share with that in mind.
import { writeFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import WebSocket from "ws";
import { startWorker } from "../integration/harness.ts";
import { seedConsultations } from "./seed.mjs";
import { bookingBody, bookingForm, freeSlots } from "../integration/booking-data.ts";

const path = process.argv[2] ?? "/book?tz=Europe/Berlin";
const booking = path === "booking";
const requests = Number(process.argv[3] ?? (booking ? 60 : 300));
const port = 9230 + Math.floor(Math.random() * 500);
// PROFILE_RELAY=failing: no queue consumer beside the bookings, so the profile is the requests' own CPU.
// PROFILE_BUNDLE=bench-ab/base.js: another build of the Worker (an earlier dist/app.js), for a before/after.
const worker = await startWorker({
  inspectorPort: port,
  onLogLine: () => {},
  relay: process.env.PROFILE_RELAY ?? "queue",
  bundlePath: process.env.PROFILE_BUNDLE ? resolvePath(process.env.PROFILE_BUNDLE) : undefined,
});
if (!booking) await seedConsultations(worker.db, { count: 10_000, days: 60 });

const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
const target = targets.find((t) => !t.title?.includes("internal")) ?? targets[0];
const socket = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve) => socket.once("open", resolve));
let nextId = 1;
const pending = new Map();
socket.on("message", (data) => {
  const message = JSON.parse(String(data));
  if (message.id && pending.has(message.id)) pending.get(message.id)(message.result);
});
const send = (method, params = {}) =>
  new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });

// One unit of work: a GET of the path, or (booking) one API and one form booking, each from its own address.
const slots = booking ? (await freeSlots(worker)).map((s) => s.startsAt) : [];
let clients = 0;
const client = () => ({ customerEmail: `profile-${++clients}@example.com` });
const work = async (i) => {
  if (!booking) return void (await (await worker.fetch(path)).arrayBuffer());
  await worker.postJson("/api/consultations", bookingBody(slots[2 * i], client()));
  await worker.postForm("/book?index", bookingForm(slots[2 * i + 1], client()));
};
const warmup = booking ? 5 : 50;
for (let i = 0; i < warmup; i++) await work(requests + i);
if (booking) await new Promise((resolve) => setTimeout(resolve, 3000)); // the warm-up's outbox work done
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 100 });
await send("Profiler.start");
const started = performance.now();
for (let i = 0; i < requests; i++) await work(i);
const elapsed = performance.now() - started;
if (booking) await new Promise((resolve) => setTimeout(resolve, 3000)); // and the profiled bookings' outbox work
const { profile } = await send("Profiler.stop");
socket.close();
await worker.dispose();

const file = `/tmp/profile-${path.replace(/[^a-z0-9]+/gi, "_")}.cpuprofile`;
writeFileSync(file, JSON.stringify(profile));
// Self time per function (samples × interval), and inclusive time per function.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const deltas = profile.timeDeltas;
const selfMs = new Map();
const totalMs = new Map();
profile.samples.forEach((id, i) => {
  const ms = (deltas[i + 1] ?? deltas[i]) / 1000;
  const n = byId.get(id);
  const key = (node) => `${node.callFrame.functionName || "(anon)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber}`;
  selfMs.set(key(n), (selfMs.get(key(n)) ?? 0) + ms);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    totalMs.set(k, (totalMs.get(k) ?? 0) + ms);
  }
});
const per = (ms) => (ms / requests).toFixed(3);
console.log(`${path}: ${requests} requests in ${elapsed.toFixed(0)} ms (${(elapsed / requests).toFixed(2)} ms each, wall); CPU per request:`);
console.log("self ms/request:");
for (const [k, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${per(ms)}  ${k}`);
console.log("inclusive ms/request:");
for (const [k, ms] of [...totalMs].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`  ${per(ms)}  ${k}`);
console.log(`profile: ${file}`);
