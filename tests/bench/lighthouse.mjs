// Lighthouse (mobile preset, medians of 3) on the pages clients see: /book,
// the confirmation page and the client's private page, with Debian's chromium.
// `npm run bench:lighthouse` starts its own wrangler dev (scripts/dev.mjs, on
// PORT, default 8799) or uses --url of a running server. Writes
// bench/lighthouse.json; never asserts (benchmarks measure).
//
// The private page is measured as a client opens it: the link from the email
// (/manage/:token), which a browser follows to the page's keyless address
// /manage/c/:id with the key in a cookie (docs/decisions/0057). Lighthouse
// reports the page it lands on.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { values } = parseArgs({ options: { url: { type: "string" }, runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);

let server;
let base = values.url?.replace(/\/$/, "");
if (!base) {
  const port = process.env.PORT ?? "8799";
  base = `http://127.0.0.1:${port}`;
  server = spawn("node", ["scripts/dev.mjs"], { env: { ...process.env, PORT: port }, stdio: "ignore", detached: true });
  for (let i = 0; i < 90; i++) {
    if ((await fetch(`${base}/book`).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

try {
  // A booking, for its confirmation page and private link.
  const slots = await (await fetch(`${base}/api/slots?days=31`)).json();
  const slot = slots.days.flatMap((d) => d.slots).find((s) => Date.parse(s.startsAt) > Date.now() + 3 * 3_600_000);
  const booked = await fetch(`${base}/api/consultations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      projectName: "Lighthouse",
      projectDescription: "Measuring the pages.",
      genre: "Jazz",
      customerName: "Light House",
      // Its own address each run: the local D1 keeps earlier runs' bookings, and an address has a cap.
      customerEmail: `lighthouse-${Date.now()}@example.com`,
      consultationDate: slot.startsAt,
      timeZone: "Europe/London",
    }),
  });
  if (booked.status !== 201) throw new Error(`the booking for the measured pages failed: ${booked.status} ${await booked.text()}`);
  const { id } = await booked.json();
  const confirmation = await (await fetch(`${base}/book/confirmed/${id}`)).text();
  const managePath = /href="(\/manage\/[^"]+)"/.exec(confirmation)?.[1];
  if (!managePath) throw new Error("the confirmation page has no link to the private page");
  const pages = { "/book": `${base}/book`, confirmation: `${base}/book/confirmed/${id}`, "private page": `${base}${managePath}` };

  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium", chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
  const results = {};
  try {
    for (const [name, url] of Object.entries(pages)) {
      const scores = [];
      for (let r = 0; r < runs; r++) {
        const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", formFactor: "mobile", screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false } });
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
          .map((a) => a.id);
        scores.push({
          performance: Math.round(lhr.categories.performance.score * 100),
          accessibility: Math.round(lhr.categories.accessibility.score * 100),
          "best-practices": Math.round(lhr.categories["best-practices"].score * 100),
          seo: Math.round(lhr.categories.seo.score * 100),
          finalUrl: lhr.finalDisplayedUrl ?? lhr.finalUrl,
          lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
          fcpMs: Math.round(lhr.audits["first-contentful-paint"].numericValue),
          tbtMs: Math.round(lhr.audits["total-blocking-time"].numericValue),
          failing,
        });
      }
      const median = (key) => scores.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(scores.length / 2)];
      results[name] = {
        performance: median("performance"),
        accessibility: median("accessibility"),
        "best-practices": median("best-practices"),
        seo: median("seo"),
        finalUrl: scores[0].finalUrl.replace(base, ""),
        lcpMs: median("lcpMs"),
        fcpMs: median("fcpMs"),
        tbtMs: median("tbtMs"),
        failingAudits: [...new Set(scores.flatMap((s) => s.failing))],
      };
    }
  } finally {
    await chrome.kill();
  }
  console.table(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, failingAudits: v.failingAudits.join(" ") }])));
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/lighthouse.json", `${JSON.stringify({ at: new Date().toISOString(), preset: "mobile", runs, results }, null, 2)}\n`);
} finally {
  if (server) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  }
}
