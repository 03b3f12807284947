import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupObjects } from "../../scripts/db/backup-schema.mjs";
import { restoreSearchSql, SEARCH_MIGRATION, splitStatements } from "../../scripts/db/search-index-sql.mjs";
import { insertConsultation } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// npm run db:export and db:restore-search (docs/decisions/0044) against the
// migrated schema: the backup names every real table, index and trigger and
// nothing wrangler's export refuses or an empty database can't import, and
// what it leaves out is exactly what db:restore-search makes again. A new
// virtual table (or one more trigger on the search index) fails here first.

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

let worker: TestWorker;
let schema: SchemaRow[];

beforeAll(async () => {
  worker = await startWorker();
  schema = (await worker.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid").all<SchemaRow>()).results;
});
afterAll(() => worker?.dispose());

const searchObjects = ["consultations_search", "consultations_search_data", "consultations_search_idx", "consultations_search_docsize", "consultations_search_config"];
const searchTriggers = ["consultations_search_insert", "consultations_search_update", "consultations_search_delete"];

describe("what a backup exports", () => {
  it("every real table, named index and trigger; no virtual table, shadow table or trigger that writes to one", () => {
    const { objects, tables } = backupObjects(schema);
    const virtualTables = schema.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? "")).map((r) => r.name);
    expect(virtualTables).toEqual(["consultations_search"]);
    for (const name of objects) {
      const row = schema.find((r) => r.name === name)!;
      expect(row.sql, name).not.toMatch(/VIRTUAL TABLE|consultations_search\b/i);
    }
    expect(tables).toEqual(expect.arrayContaining(["consultations", "consultation_status_counts", "outbox_jobs", "admins"]));
    expect(objects).toEqual(expect.arrayContaining(["consultations_one_active_per_start", "consultation_status_counts_insert", "consultations_genre_status_date"]));
    const exported = new Set(objects);
    const wanted = schema.filter((r) => r.sql !== null && !/^(sqlite_|_cf_)/.test(r.name) && ![...searchObjects, ...searchTriggers].includes(r.name));
    expect(wanted.filter((r) => !exported.has(r.name)).map((r) => r.name)).toEqual([]);
  });

  it("leaves out only the search index, its shadow tables and its triggers (besides SQLite's and D1's own)", () => {
    const { skipped } = backupObjects(schema);
    const ours = skipped.map((s) => s.name).filter((name) => !/^(sqlite_|_cf_)/.test(name) && schema.find((r) => r.name === name)?.sql !== null);
    expect(ours.sort()).toEqual([...searchObjects, ...searchTriggers].sort());
  });
});

describe("restoring the search index", () => {
  it("recreates every object the backup left out, and a search finds the rows again", async () => {
    const sql = restoreSearchSql(readFileSync(SEARCH_MIGRATION, "utf8"));
    for (const name of ["consultations_search", ...searchTriggers]) expect(sql).toMatch(new RegExp(`CREATE (VIRTUAL TABLE|TRIGGER) ${name}\\b`));
    await insertConsultation(worker, { startsAt: Date.UTC(2026, 5, 1, 9), customerName: "Delia Derbyshire", customerEmail: "delia@radiophonic.example" });
    // A database restored from a backup: no index, no triggers that feed it.
    await worker.db.batch([...searchTriggers.map((t) => worker.db.prepare(`DROP TRIGGER ${t}`)), worker.db.prepare("DROP TABLE consultations_search")]);
    const restore = splitStatements(sql).map((s) => worker.db.prepare(s));
    await worker.db.batch(restore);
    await worker.db.batch(restore); // twice: safe
    const found = async (term: string) =>
      (
        await worker.db
          .prepare("SELECT customer_name FROM consultations WHERE rowid IN (SELECT rowid FROM consultations_search WHERE consultations_search MATCH ?)")
          .bind(`"${term}"`)
          .all<{ customer_name: string }>()
      ).results.map((r) => r.customer_name);
    expect(await found("Derbyshire")).toEqual(["Delia Derbyshire"]);
    // The triggers are back: a new booking is found too.
    await insertConsultation(worker, { startsAt: Date.UTC(2026, 5, 2, 9), customerName: "Wendy Carlos", customerEmail: "wendy@switched.example" });
    expect(await found("radiophonic")).toEqual(["Delia Derbyshire"]);
    expect(await found("Carlos")).toEqual(["Wendy Carlos"]);
    await worker.db.prepare("INSERT INTO consultations_search (consultations_search, rank) VALUES ('integrity-check', 1)").run();
  });
});
