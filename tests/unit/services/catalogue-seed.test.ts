import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, type CatalogueItem } from "~/domain/catalogue";

// migrations/0006_catalogue_seed.sql is written from DEFAULT_CATALOGUE: the
// studio's first price list in D1 must be the one the domain tests reason about.

const SEED = readFileSync(fileURLToPath(new URL("../../../migrations/0006_catalogue_seed.sql", import.meta.url)), "utf8");

type Value = string | number;

/** The VALUES tuples of the seed's INSERT: 'text' ('' escapes a quote) and integers. */
function seedTuples(sql: string): { columns: string[]; rows: Value[][] } {
  const body = sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n");
  const header = /INSERT OR IGNORE INTO catalogue_items\s*\(([^)]*)\)\s*VALUES/i.exec(body);
  if (!header) throw new Error("no INSERT INTO catalogue_items in the seed");
  const columns = header[1].split(",").map((c) => c.trim());
  const rows: Value[][] = [];
  let i = header.index + header[0].length;
  let row: Value[] | null = null;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "(") {
      row = [];
      i++;
    } else if (ch === ")") {
      rows.push(row!);
      row = null;
      i++;
    } else if (ch === "'") {
      let text = "";
      i++;
      for (;;) {
        if (body[i] === "'" && body[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (body[i] === "'") {
          i++;
          break;
        } else text += body[i++];
      }
      row!.push(text);
    } else if (/[-\d]/.test(ch)) {
      const digits = /^-?\d+/.exec(body.slice(i))![0];
      row!.push(Number(digits));
      i += digits.length;
    } else i++;
  }
  return { columns, rows };
}

const COLUMN_OF: Record<string, keyof CatalogueItem> = {
  id: "id",
  kind: "kind",
  code: "code",
  name: "name",
  description: "description",
  pricing: "pricing",
  base_minor: "baseMinor",
  per_track_minor: "perTrackMinor",
  percent_bp: "percentBp",
  turnaround_days: "turnaroundDays",
  turnaround_days_saved: "turnaroundDaysSaved",
  active: "active",
  sort_order: "sortOrder",
};

describe("the catalogue seed migration", () => {
  it("inserts exactly DEFAULT_CATALOGUE, field for field", () => {
    const { columns, rows } = seedTuples(SEED);
    const items = rows.map((values) => {
      const item: Record<string, unknown> = {};
      columns.forEach((column, index) => {
        const key = COLUMN_OF[column];
        if (key) item[key] = key === "active" ? values[index] === 1 : values[index];
      });
      return item;
    });
    expect(items).toEqual(DEFAULT_CATALOGUE.map((item) => ({ ...item })));
  });

  it("keeps every statement splittable by the migration runner (no ';' at a line end inside text)", () => {
    expect(SEED.match(/;\s*$/gm)).toHaveLength(1);
  });
});
