// A CPU profile of the built Worker in workerd while it books: the bench's
// sequential booking run (API and form alternating, each relayed to the
// outbox consumer in the same workerd), recorded over the Chrome DevTools
// Protocol on workerd's inspector. Writes a .cpuprofile (open it in Chrome
// DevTools' Performance panel) and prints the heaviest functions by self time.
//
//   npm run build && npx tsx scripts/profile-worker.mjs [out.cpuprofile] [bookings]
import { writeFileSync } from "node:fs";
import WebSocket from "ws";
import { startWorker } from "../tests/integration/harness.ts";
import { bookingBody, bookingForm, freeSlots } from "../tests/integration/booking-data.ts";

const out = process.argv[2] ?? "worker.cpuprofile";
const count = Number(process.argv[3] ?? 60);
const port = 9300 + Math.floor(Math.random() * 500);
const worker = await startWorker({ inspectorPort: port, onLogLine: () => {} });
const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
const target = targets.find((t) => t.title?.includes("core:user")) ?? targets[0];
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
let nextId = 0;
const waiting = new Map();
ws.on("message", (data) => {
  const message = JSON.parse(data.toString());
  if (message.id && waiting.has(message.id)) waiting.get(message.id)(message.result), waiting.delete(message.id);
});
const send = (method, params = {}) => new Promise((resolve) => (waiting.set(++nextId, resolve), ws.send(JSON.stringify({ id: nextId, method, params }))));

const slots = (await freeSlots(worker)).map((s) => s.startsAt);
let n = 0;
const client = () => ({ customerEmail: `profile-${++n}@example.com` });
for (let i = 0; i < 10; i++) await worker.postJson("/api/consultations", bookingBody(slots[slots.length - 1 - i], client()));
await new Promise((resolve) => setTimeout(resolve, 3000));

await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 100 });
await send("Profiler.start");
for (let i = 0; i < count; i++) {
  await worker.postJson("/api/consultations", bookingBody(slots[2 * i], client()));
  await worker.postForm("/book?index", bookingForm(slots[2 * i + 1], client()));
}
await new Promise((resolve) => setTimeout(resolve, 3000));
const { profile } = await send("Profiler.stop");
writeFileSync(out, JSON.stringify(profile));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
for (const [id, us] of dt) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`profile: ${out}, ${(total / 1000).toFixed(0)} ms sampled`);
console.table([...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([fn, us]) => ({ fn, ms: +(us / 1000).toFixed(1), "%": +((100 * us) / total).toFixed(1) })));
ws.close();
await worker.dispose();
