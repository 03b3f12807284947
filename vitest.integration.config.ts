import { defineConfig } from "vitest/config";

// Integration tests drive the built Worker (dist/app.js) in workerd through
// Miniflare; run `npm run build` first (npm test does).
export default defineConfig({
  test: {
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The worker logs a JSON line per request; show them only for failing tests.
    silent: "passed-only",
  },
});
