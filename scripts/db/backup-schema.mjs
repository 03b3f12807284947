// What a backup exports, table by table (docs/decisions/0044). A
// whole-database `wrangler d1 export` refuses a database with a virtual table,
// and migration 0010 added one: the admin search's FTS5 index. So the backup
// names every object it wants with `--table` (wrangler's per-table export
// writes a table's schema and rows, and an index's or trigger's CREATE only
// when its own name is listed too) and leaves out:
// - the search index (a virtual table) and its shadow tables: the index holds
//   nothing that isn't in consultations, and restore-search.mjs rebuilds it;
// - the triggers that write to the index: in a database without it, every
//   insert into consultations would fail; restore-search.mjs recreates them;
// - SQLite's and D1's own tables and the automatic indexes of UNIQUE and
//   PRIMARY KEY constraints (each table's CREATE TABLE makes them again).
// Plain Node, no imports: tests/integration/backup-schema.test.ts runs it
// against the migrated schema, so a future virtual table can't silently break
// the backup.

/** @typedef {{ type: string, name: string, tbl_name: string, sql: string | null }} SchemaRow */

/**
 * @param {SchemaRow[]} schema rows of `SELECT type, name, tbl_name, sql FROM sqlite_schema`
 * @returns {{ objects: string[], tables: string[], skipped: { name: string, why: string }[] }}
 */
export function backupObjects(schema) {
  const virtualTables = schema.filter((r) => r.type === "table" && /^CREATE VIRTUAL TABLE/i.test(r.sql ?? "")).map((r) => r.name);
  // FTS5 and FTS4 keep their data in shadow tables named <table>_<suffix>.
  const shadowOf = (name) => virtualTables.find((v) => name.startsWith(`${v}_`));
  const mentionsVirtual = (sql) => virtualTables.some((v) => new RegExp(`\\b${v}\\b`, "i").test(sql ?? ""));
  const objects = [];
  const tables = [];
  const skipped = [];
  for (const row of schema) {
    const why =
      row.sql === null
        ? "made by its table's constraints"
        : /^(sqlite_|_cf_)/i.test(row.name)
          ? "SQLite's or D1's own"
          : virtualTables.includes(row.name)
            ? "virtual table: rebuilt after a restore (npm run db:restore-search)"
            : row.type === "table" && shadowOf(row.name)
              ? `shadow table of ${shadowOf(row.name)}: rebuilt after a restore`
              : row.type !== "table" && mentionsVirtual(row.sql)
                ? "writes to a virtual table: recreated after a restore (npm run db:restore-search)"
                : null;
    if (why) {
      skipped.push({ name: row.name, why });
      continue;
    }
    if (!["table", "index", "trigger", "view"].includes(row.type)) continue;
    objects.push(row.name);
    if (row.type === "table") tables.push(row.name);
  }
  return { objects, tables, skipped };
}

/** `--table NAME` for each object, the way `wrangler d1 export` takes them. */
export function tableArguments(objects) {
  return objects.flatMap((name) => ["--table", name]);
}
