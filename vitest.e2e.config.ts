import { defineConfig } from "vitest/config";

// Browser tests: Debian's chromium (playwright-core) against a real `wrangler dev`
// started once by tests/e2e/support/dev-server.ts on a free port with its own,
// throwaway D1/Durable Object storage. Run: npx vitest run --config vitest.e2e.config.ts
export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/support/dev-server.ts"],
    // One server, one clock: the files book slots from the same calendar, one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
