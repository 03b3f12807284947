import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests: pure modules run directly in Node. Coverage is measured for the
// domain rules (app/domain), held to 90%.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    coverage: {
      provider: "istanbul",
      include: ["app/domain/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage/unit",
      thresholds: { lines: 90, statements: 90, functions: 90, branches: 80 },
    },
  },
});
