// Caches the route ranking of @remix-run/router 1.23 (Remix 2.17's router),
// which otherwise redoes it on every match: `matchRoutes` flattens and ranks
// all ~60 route branches and compiles each route's path into a RegExp on every
// call, and a document request calls it two or three times (~1 ms of CPU of a
// /book request: docs/decisions/0054). The mend:
// - compiled paths are cached by (path, caseSensitive, end): a RegExp without
//   the g flag keeps no state, so one can be shared;
// - on the server only, the ranked branches are cached per routes array (the
//   server's route arrays are built once and never change; in a browser, lazy
//   route discovery patches them in place, so there it ranks afresh).
// Runs on npm install/ci (postinstall) over the ESM and CJS builds; idempotent;
// warns and changes nothing if the router's code is not the expected one.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const files = ["node_modules/@remix-run/router/dist/router.js", "node_modules/@remix-run/router/dist/router.cjs.js"];
const MARK = "studio: route ranking cached";

const RANKING = `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;`;
const RANKING_CACHED = `  let branches = rankedBranchesOf(routes);
  let matches = null;`;
const HELPERS = `// ${MARK} (scripts/patch-remix-router.mjs)
const rankedBranchCache = new WeakMap();
const rankedByShape = new Map();
function rankedBranchesOf(routes) {
  if (typeof document !== "undefined") return rankAfresh(routes);
  let branches = rankedBranchCache.get(routes);
  if (branches) return branches;
  // A server render builds new route objects of the same shape for each
  // request: rank a shape once, then point its branches at this tree's objects.
  const shape = routeShape(routes);
  const ranked = rankedByShape.get(shape);
  if (ranked) {
    branches = ranked.map((branch) => ({ ...branch, routesMeta: routesMetaIn(routes, branch.routesMeta) }));
  } else {
    branches = rankAfresh(routes);
    if (rankedByShape.size < 100) rankedByShape.set(shape, branches);
  }
  rankedBranchCache.set(routes, branches);
  return branches;
}
function rankAfresh(routes) {
  const branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  return branches;
}
function routeShape(routes) {
  let shape = "";
  for (const route of routes) {
    shape += (route.id ?? "") + "\\u0001" + (route.path ?? "") + "\\u0001" + (route.index ? "i" : "") + (route.caseSensitive ? "c" : "");
    if (route.children && route.children.length > 0) shape += "[" + routeShape(route.children) + "]";
    shape += "\\u0002";
  }
  return shape;
}
function routesMetaIn(routes, metas) {
  let siblings = routes;
  return metas.map((meta) => {
    const route = siblings[meta.childrenIndex];
    siblings = route.children || [];
    return { ...meta, route };
  });
}
const compiledPathCache = new Map();
function compilePath(path, caseSensitive, end) {
  const key = path + "\\u0000" + (caseSensitive ? "1" : "0") + (end === false ? "0" : "1");
  let compiled = compiledPathCache.get(key);
  if (!compiled) {
    compiled = compilePathUncached(path, caseSensitive, end);
    compiledPathCache.set(key, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`;
const COMPILE = "function compilePath(path, caseSensitive, end) {";

for (const file of files) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, "utf8");
  if (source.includes(MARK)) continue;
  if (source.split(RANKING).length !== 2 || source.split(COMPILE).length !== 2) {
    console.warn(`scripts/patch-remix-router.mjs: ${file} has changed; route ranking is not cached (see docs/decisions/0054).`);
    continue;
  }
  writeFileSync(file, source.replace(RANKING, RANKING_CACHED).replace(COMPILE, HELPERS));
  console.log(`scripts/patch-remix-router.mjs: route ranking cached in ${file}`);
}
