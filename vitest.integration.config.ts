import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration tests drive the built Worker (dist/app.js) in workerd through
// Miniflare; run `npm run build` first (npm test does).
export default defineConfig({
  // Some tests read the app's own SQL (admin query plans, the availability token's triggers).
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    // Two files at a time: each drives its own workerd, and much of a file's
    // time is waiting (retries, Retry-After, timeouts), so two share 2 cores
    // well. One at a time took about 5 of CI's 10 minutes.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The worker logs a JSON line per request; show them only for failing tests.
    silent: "passed-only",
  },
});
