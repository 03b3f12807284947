// A backup of the D1 database as one SQL file, table by table
// (docs/decisions/0044, docs/operations.md "Backups and restore"):
//
//   npm run db:export                                               # the local D1 (npm start's .wrangler/state)
//   npm run db:export -- --remote --env production --output backups/studio.sql
//
// A whole-database `wrangler d1 export` refuses a database with a virtual
// table (the admin search's FTS5 index, migration 0010). This lists the real
// tables, their indexes and triggers (scripts/db/backup-schema.mjs) and exports
// them with repeated --table. The search index and the triggers that feed it
// are left out: after importing the file, run `npm run db:restore-search`.
import { mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { backupObjects, tableArguments } from "./db/backup-schema.mjs";
import { query, readTarget, wrangler } from "./db/wrangler-target.mjs";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: npm run db:export -- [--remote --env staging|production] [--database NAME] [--output FILE]
  Exports every table with its rows, indexes and triggers, without the search index (rebuilt by npm run db:restore-search).
  Local by default: the database of npm start (wrangler d1 export has no --persist-to).`);
  process.exit(0);
}
if (args.includes("--persist-to")) {
  console.error("wrangler d1 export reads the local database of .wrangler/state only: it takes no --persist-to.");
  process.exit(2);
}

const target = readTarget(args);
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const outIndex = args.indexOf("--output");
const output = outIndex >= 0 ? args[outIndex + 1] : `backups/${target.database}-${stamp}.sql`;

const schema = query(target, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid");
const { objects, tables, skipped } = backupObjects(schema);
console.error(`Exporting ${tables.length} tables (${objects.length - tables.length} indexes and triggers) of ${target.describe}`);
for (const s of skipped.filter((s) => !/own|constraints/.test(s.why))) console.error(`  left out ${s.name}: ${s.why}`);

mkdirSync(dirname(output), { recursive: true });
const partial = `${output}.partial`;
wrangler(["d1", "export", target.database, ...target.where, "--output", partial, ...tableArguments(objects)]);

// A dump that mentions the search index would break an import into an empty database.
const dump = readFileSync(partial, "utf8");
const leaked = skipped.map((s) => s.name).filter((name) => !/^(sqlite_|_cf_)/.test(name) && new RegExp(`(CREATE|INSERT INTO)[^;]*"?\\b${name}\\b"?`).test(dump));
if (leaked.length) {
  console.error(`The export still holds ${leaked.join(", ")}: not writing ${output} (left in ${partial}).`);
  process.exit(1);
}
renameSync(partial, output);
const rows = (dump.match(/^INSERT INTO /gm) ?? []).length;
console.error(`Wrote ${output}: ${rows} rows. It holds client data: keep it private.
Restore: npx wrangler d1 execute <database> --local|--remote --file ${output} --yes
   then: npm run db:restore-search -- --database <database> [--persist-to DIR | --remote --env NAME]`);
