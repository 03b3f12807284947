// Rows written straight into the e2e server's local D1, for what no page can
// create in this branch yet (a client's service request, the seeded catalogue).
// `wrangler d1 execute --local` against the same --persist-to directory the
// running `wrangler dev` uses; SQLite's own locking keeps the two apart.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_CATALOGUE, priceSelection } from "../../../app/domain/catalogue";

const literal = (value: string | number | null) => (value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`);

export function executeSql(d1: { appDir: string; persistTo: string }, statements: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), "studio-e2e-sql-"));
  const file = path.join(dir, "seed.sql");
  try {
    writeFileSync(file, statements.map((s) => `${s};`).join("\n"));
    const result = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", d1.persistTo, "--file", file], {
      cwd: d1.appDir,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0", CI: "true" },
      encoding: "utf8",
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`wrangler d1 execute failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The seed catalogue, a completed consultation and the client's request (mix + master, 4 tracks, stems). Returns the request id. */
export function seedServiceRequest(d1: { appDir: string; persistTo: string }, who: { name: string; email: string; project: string }): string {
  const now = Date.now();
  const consultationId = crypto.randomUUID();
  const requestId = crypto.randomUUID();
  const selection = { packageId: "pkg_mix_master", addonIds: ["addon_stems"], trackCount: 4 };
  const priced = priceSelection(DEFAULT_CATALOGUE, selection, 2000);
  if (!priced.ok) throw new Error(priced.message);
  const catalogue = DEFAULT_CATALOGUE.map(
    (i) =>
      `INSERT OR IGNORE INTO catalogue_items (id, kind, code, name, description, pricing, base_minor, per_track_minor, percent_bp, turnaround_days, turnaround_days_saved, active, sort_order, created_at, updated_at) VALUES (${[
        i.id, i.kind, i.code, i.name, i.description, i.pricing, i.baseMinor, i.perTrackMinor, i.percentBp, i.turnaroundDays, i.turnaroundDaysSaved, i.active ? 1 : 0, i.sortOrder, now, now,
      ].map(literal).join(", ")})`,
  );
  executeSql(d1, [
    ...catalogue,
    `INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone, status, customer_name, customer_email, customer_phone, special_requirements, created_at, updated_at) VALUES (${[
      consultationId, who.project, "A synthwave EP that needs mixing and mastering.", "Electronic", 118, now - 3 * 86_400_000, 15, "Europe/London", "completed", who.name, who.email, null, null, now - 5 * 86_400_000, now,
    ].map(literal).join(", ")})`,
    `INSERT INTO service_requests (id, consultation_id, status, package_id, addon_ids, track_count, file_links, wished_deadline, notes, estimate_total_minor, estimate_json, currency, created_at, updated_at) VALUES (${[
      requestId, consultationId, "submitted", selection.packageId, JSON.stringify(selection.addonIds), selection.trackCount, JSON.stringify(["https://files.example.com/ep.zip"]), null, "Vocals on track 3 need care.", priced.totalMinor, JSON.stringify(priced), "GBP", now, now,
    ].map(literal).join(", ")})`,
  ]);
  return requestId;
}
