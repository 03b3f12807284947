import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockStatementsSql } from "../../app/server/availability.server";
import { busyStatementsSql } from "../../app/server/calendar-sync/busy.server";
import { startWorker, type TestWorker } from "./harness";

// A slot listing is reused while D1 holds the availability token it was read
// under (docs/decisions/0061), and only triggers change that token. So every
// table a listing's statements read needs a trigger for inserts, deletes and
// updates of every column they read. A statement that starts reading a new
// table or column without one fails here, before a listing can go stale.

type TriggerRow = { name: string; tbl_name: string; sql: string };

let worker: TestWorker;
let triggers: TriggerRow[];
const primaryKeys = new Map<string, Set<string>>();

beforeAll(async () => {
  worker = await startWorker();
  triggers = (await worker.db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'").all<TriggerRow>()).results;
});
afterAll(() => worker?.dispose());

/** The table a statement reads and the columns it names. */
function readsOf(sql: string): { table: string; columns: string[] } {
  const table = /\bfrom "(\w+)"/.exec(sql)?.[1];
  if (!table) throw new Error(`No table in: ${sql}`);
  const columns = [...sql.matchAll(/"(\w+)"/g)].map((m) => m[1]).filter((name) => name !== table);
  return { table, columns: [...new Set(columns)] };
}

async function primaryKeyOf(table: string): Promise<Set<string>> {
  if (!primaryKeys.has(table)) {
    const info = (await worker.db.prepare(`SELECT name, pk FROM pragma_table_info('${table}')`).all<{ name: string; pk: number }>()).results;
    primaryKeys.set(table, new Set(info.filter((c) => c.pk > 0).map((c) => c.name)));
  }
  return primaryKeys.get(table)!;
}

const bumping = (table: string, event: "INSERT" | "UPDATE" | "DELETE") =>
  triggers.filter((t) => t.tbl_name === table && /availability_version/.test(t.sql) && new RegExp(`\\b(AFTER|BEFORE)\\s+${event}\\b`, "i").test(t.sql));

describe("the availability token", () => {
  const statements = [...blockStatementsSql(), ...busyStatementsSql()];

  it.each(statements.map((sql) => [readsOf(sql).table, sql]))("changes with every column the statement on %s reads", async (_, sql) => {
    const { table, columns } = readsOf(sql);
    expect(bumping(table, "INSERT"), `an INSERT trigger on ${table}`).not.toEqual([]);
    expect(bumping(table, "DELETE"), `a DELETE trigger on ${table}`).not.toEqual([]);
    const updates = bumping(table, "UPDATE");
    expect(updates, `an UPDATE trigger on ${table}`).not.toEqual([]);
    const keys = await primaryKeyOf(table);
    for (const column of columns.filter((c) => !keys.has(c))) {
      const covered = updates.some((t) => {
        const of = /UPDATE\s+OF\s+([\w\s,]+?)\s+ON\b/i.exec(t.sql)?.[1];
        return of === undefined || of.split(",").map((c) => c.trim()).includes(column);
      });
      expect(covered, `an UPDATE trigger on ${table} that covers ${column}`).toBe(true);
    }
  });

  it("is a random token that a closure typed into D1 replaces, and deleting it replaces again", async () => {
    const token = async () => (await worker.db.prepare("SELECT token FROM availability_version").first<string>("token"))!;
    const first = await token();
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    await worker.db.prepare("INSERT INTO availability_closures (id, starts_at, ends_at, reason, created_at) VALUES ('c1', 1, 2, 'Holiday', 0)").run();
    const second = await token();
    expect(second).not.toBe(first);
    await worker.db.prepare("DELETE FROM availability_closures WHERE id = 'c1'").run();
    expect(await token()).not.toBe(second);
  });
});
