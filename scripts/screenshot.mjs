// Usage: node scripts/screenshot.mjs URL OUT.png [--no-js] [--width 1280]
// Takes a full-page screenshot in Debian's chromium, to look at a page as a user would.
import { chromium } from "playwright-core";

const [url, out = "screenshot.png", ...flags] = process.argv.slice(2);
const width = Number(flags[flags.indexOf("--width") + 1]) || 1280;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ javaScriptEnabled: !flags.includes("--no-js"), viewport: { width, height: 900 }, timezoneId: process.env.TZ_ID ?? "America/New_York" });
const page = await context.newPage();
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: true });
console.log(`saved ${out} (${page.url()})`);
await browser.close();
