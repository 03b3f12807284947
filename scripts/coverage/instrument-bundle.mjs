// Instruments the built Worker (dist/app.js, with its source map) for istanbul,
// so integration tests running it in workerd can report coverage of app/ sources.
// Output: dist-coverage/app.js. The Worker serves its counters at /__coverage__
// only when APP_ENV=test and the bundle was instrumented (see workers/app.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInstrumenter } from "istanbul-lib-instrument";

const code = readFileSync("dist/app.js", "utf8");
const instrumenter = createInstrumenter({ esModules: true, coverageVariable: "__coverage__", coverageGlobalScope: "globalThis", coverageGlobalScopeFunc: false, compact: true });
const started = Date.now();
// Without the input source map: embedded, it would be copied into the bundle
// (3 MB became 18 MB, slow for workerd to load in every test file) and into
// every saved counter file. report-integration.mjs attaches it once instead.
const instrumented = instrumenter.instrumentSync(code, "dist/app.js");
mkdirSync("dist-coverage", { recursive: true });
writeFileSync("dist-coverage/app.js", instrumented);
console.log(`instrumented dist/app.js in ${Date.now() - started} ms`);
