// npm test: every suite in order, then one line with the totals of all of them.
// unit (with coverage) -> build -> typecheck -> integration (with coverage) -> browser.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const reports = ".cache/test-reports";
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  return result.status === 0;
}

function step(name, command, args) {
  const ok = run(name, command, args);
  totals[ok ? "passed" : "failed"] += 1;
  lines.push(`${name}: ${ok ? "ok" : "FAILED"}`);
  return ok;
}

function suite(name, config, extra = []) {
  const out = `${reports}/${name}.json`;
  const ok = run(name, "npx", ["vitest", "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra]);
  if (!existsSync(out)) {
    totals.failed += 1;
    lines.push(`${name}: did not run`);
    return;
  }
  const report = JSON.parse(readFileSync(out, "utf8"));
  const failedFiles = report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + failedFiles + (ok || report.numFailedTests || failedFiles ? 0 : 1);
  totals.skipped += report.numPendingTests + report.numTodoTests;
  lines.push(`${name}: ${report.numPassedTests} passed, ${report.numFailedTests + failedFiles} failed, ${report.numPendingTests} skipped${ok ? "" : " (suite failed)"}`);
}

suite("unit", "vitest.unit.config.ts", ["--coverage"]);
// The integration suite runs the bundle instrumented for coverage of app/server.
// The typecheck follows the build: workers/app.ts imports the Remix server build.
if (step("build", "npm", ["run", "build:coverage", "--silent"])) {
  step("typecheck", "npx", ["tsc", "-p", "tsconfig.json"]);
  rmSync(".cache/coverage-integration", { recursive: true, force: true });
  process.env.INTEGRATION_COVERAGE = "1";
  suite("integration", "vitest.integration.config.ts");
  delete process.env.INTEGRATION_COVERAGE;
  step("integration coverage", "node", ["scripts/coverage/report-integration.mjs"]);
  suite("browser", "vitest.e2e.config.ts");
} else {
  lines.push("typecheck, integration, browser: not run (build failed)");
  totals.failed += 3;
}

console.log("\n=== summary");
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
