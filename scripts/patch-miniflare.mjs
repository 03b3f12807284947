// Mends a race in Miniflare's synchronous binding proxy (the one behind
// mf.getD1Database(): prepare() and bind() are synchronous calls into
// workerd), fixed upstream in cloudflare/workers-sdk#15552 but not in the
// miniflare that wrangler 4.86 (the last for Node 20) installs. If the proxy's
// worker thread is preempted between storing "answered" and notifying, that
// late notify wakes the NEXT call before its answer exists, and the call fails
// with "AssertionError: false == true" (seen once in four suite runs on a busy
// machine, in an integration test's seeding). The mend: a wake without an
// answer waits again. Runs on npm install/ci (postinstall); idempotent.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const file = "node_modules/miniflare/dist/src/index.js";
const ORIGINAL = `    const message = (0, import_node_worker_threads.receiveMessageOnPort)(
      this.#channel.port1
    )?.message;`;
const MENDED = `    let received = (0, import_node_worker_threads.receiveMessageOnPort)(this.#channel.port1);
    // studio: a late notify of the previous call can wake this one early (workers-sdk#15552): wait for our answer.
    while (received === undefined) {
      Atomics.wait(this.#notifyHandle, 0, 0, 1000);
      received = (0, import_node_worker_threads.receiveMessageOnPort)(this.#channel.port1);
    }
    const message = received.message;`;

if (!existsSync(file)) process.exit(0);
const source = readFileSync(file, "utf8");
if (source.includes(MENDED)) process.exit(0);
if (!source.includes(ORIGINAL)) {
  console.warn(`scripts/patch-miniflare.mjs: ${file} has changed; check that it includes workers-sdk#15552 and remove this script.`);
  process.exit(0);
}
writeFileSync(file, source.replace(ORIGINAL, MENDED));
console.log("scripts/patch-miniflare.mjs: mended Miniflare's synchronous proxy (workers-sdk#15552)");
