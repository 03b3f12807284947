// After importing a backup made by `npm run db:export` (which leaves the
// search index out): recreate the admin search's FTS5 index and its triggers
// from migration 0010 and rebuild it from consultations (docs/decisions/0044).
// Also the fix for a stale or broken index. Safe to run twice.
//
//   npm run db:restore-search -- --persist-to .wrangler/restore-drill          # a local database
//   npm run db:restore-search -- --remote --env production                      # untested remotely
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { restoreSearchSql, SEARCH_MIGRATION } from "./db/search-index-sql.mjs";
import { query, readTarget, wrangler } from "./db/wrangler-target.mjs";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: npm run db:restore-search -- [--database NAME] [--persist-to DIR | --remote --env staging|production]`);
  process.exit(0);
}
const target = readTarget(args);
const dir = mkdtempSync(join(tmpdir(), "restore-search-"));
const file = join(dir, "restore-search.sql");
try {
  writeFileSync(file, restoreSearchSql(readFileSync(SEARCH_MIGRATION, "utf8")));
  console.error(`Recreating the search index of ${target.describe} from ${SEARCH_MIGRATION}`);
  wrangler(["d1", "execute", target.database, ...target.where, "--yes", "--file", file], { quiet: true });
  const [check] = query(target, "SELECT (SELECT COUNT(*) FROM consultations) AS consultations, (SELECT COUNT(*) FROM consultations_search_docsize) AS indexed");
  console.error(`Indexed ${check.indexed} of ${check.consultations} consultations.`);
  if (check.indexed !== check.consultations) process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
