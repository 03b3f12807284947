// Merges the counters the integration tests saved, maps them back to the
// TypeScript sources through the bundle's source map, and reports coverage of
// app/server (the threshold is 80% of lines).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import libCoverage from "istanbul-lib-coverage";
import libReport from "istanbul-lib-report";
import libSourceMaps from "istanbul-lib-source-maps";
import reports from "istanbul-reports";

const THRESHOLD = Number(process.env.INTEGRATION_COVERAGE_THRESHOLD ?? 80);
const dir = ".cache/coverage-integration";
const map = libCoverage.createCoverageMap({});
for (const file of readdirSync(dir)) map.merge(JSON.parse(readFileSync(`${dir}/${file}`, "utf8")));
// The bundle was instrumented without its source map (instrument-bundle.mjs): attach it here, once.
const bundleMap = JSON.parse(readFileSync("dist/app.js.map", "utf8"));
for (const file of map.files()) map.fileCoverageFor(file).data.inputSourceMap = bundleMap;

const store = libSourceMaps.createSourceMapStore();
const mapped = await store.transformCoverage(map);
const cwd = process.cwd();
const serverOnly = libCoverage.createCoverageMap({});
for (const file of mapped.files()) {
  // The bundle's map names sources relative to dist/app.js ("../app/..."), which
  // the remapper resolves one folder too deep ("dist/app/...").
  const relative = (file.startsWith(cwd) ? file.slice(cwd.length + 1) : file).replace(/^dist\//, "");
  if (!/^app\/server\/.*\.tsx?$/.test(relative)) continue;
  const data = mapped.fileCoverageFor(file).toJSON();
  serverOnly.addFileCoverage({ ...data, path: `${cwd}/${relative}` });
}

rmSync("coverage/integration", { recursive: true, force: true });
const context = libReport.createContext({ dir: "coverage/integration", coverageMap: serverOnly });
for (const name of ["text-summary", "json-summary", "text"]) reports.create(name, { skipFull: name === "text" }).execute(context);
const lines = serverOnly.getCoverageSummary().lines.pct;
if (lines < THRESHOLD) {
  console.error(`Integration coverage of app/server is ${lines}% of lines, below ${THRESHOLD}%`);
  process.exit(1);
}
console.log(`Integration coverage of app/server: ${lines}% of lines (threshold ${THRESHOLD}%)`);
