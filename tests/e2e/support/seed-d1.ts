// The one way browser tests write rows into (or read rows from) the e2e
// server's local D1, for what the real clock or no page can make: a
// consultation that has already taken place, a client's service request, an
// accepted quote's project. `wrangler d1 execute --local` against the same
// --persist-to directory the running `wrangler dev` uses; SQLite's own locking
// keeps the two apart, and each write waits until the server answers again
// (wrangler dev drops its open connections when another wrangler touches its
// state). Suites get the location with inject("e2eD1"); it is null against
// E2E_BASE_URL, where such suites skip.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { inject } from "vitest";
import { DEFAULT_CATALOGUE, priceSelection } from "../../../app/domain/catalogue";
import { STUDIO_TZ } from "./booking";

export type LocalD1 = { appDir: string; persistTo: string };

const DAY = 86_400_000;
// wrangler.toml's development vars set no LINK_SIGNING_SECRET: the app signs with its dev fallback.
const DEV_LINK_SECRET = "development-only-link-signing-secret-not-for-production";

/** An SQL literal. */
export const sqlValue = (value: string | number | null) => (value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`);
const values = (...list: (string | number | null)[]) => list.map(sqlValue).join(", ");

function wrangler(d1: LocalD1, args: string[]) {
  const result = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", d1.persistTo, ...args], {
    cwd: d1.appDir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0", CI: "true" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Runs the statements in one file (one wrangler call), then waits until the server answers again. */
export async function executeSql(d1: LocalD1, statements: string[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "studio-e2e-sql-"));
  const file = path.join(dir, "seed.sql");
  try {
    writeFileSync(file, statements.map((s) => `${s};`).join("\n"));
    wrangler(d1, ["--file", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // A plain loop, not expect.poll: seeds also run in beforeAll, outside any test.
  const baseUrl = inject("e2eBaseUrl");
  for (let tries = 0; ; tries++) {
    const status = await fetch(`${baseUrl}/book`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (tries >= 150) throw new Error(`The e2e server did not answer again after seeding (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The rows of one SELECT. */
export function querySql<T>(d1: LocalD1, sql: string): T[] {
  const parsed = JSON.parse(wrangler(d1, ["--json", "--command", sql])) as { results: T[] }[];
  return parsed.flatMap((r) => r.results);
}

/** The client's private page, /manage/<token>, signed as the app signs it. */
export async function manageLink(consultationId: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ pur: "manage" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("studio-consultations")
    .setSubject(consultationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 86_400)
    .sign(new TextEncoder().encode(DEV_LINK_SECRET));
  return `/manage/${token}`;
}

export type Client = { name: string; email: string; project: string; description?: string; genre?: string; bpm?: number };

function consultationInsert(id: string, who: Client, startsAt: number): string {
  return `INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone, status, customer_name, customer_email, customer_phone, special_requirements, created_at, updated_at) VALUES (${values(
    id,
    who.project,
    who.description ?? "A synthwave EP that needs mixing and mastering.",
    who.genre ?? "Electronic",
    who.bpm ?? 118,
    startsAt,
    15,
    STUDIO_TZ,
    "completed",
    who.name,
    who.email,
    null,
    null,
    startsAt - 2 * DAY,
    Date.now(),
  )})`;
}

/** A consultation that took place three days ago and that the studio marked completed. Returns its id. */
export async function seedCompletedConsultation(d1: LocalD1, who: Client): Promise<string> {
  const id = crypto.randomUUID();
  await executeSql(d1, [consultationInsert(id, who, Date.now() - 3 * DAY)]);
  return id;
}

const catalogueInserts = (now: number) =>
  DEFAULT_CATALOGUE.map(
    (i) =>
      `INSERT OR IGNORE INTO catalogue_items (id, kind, code, name, description, pricing, base_minor, per_track_minor, percent_bp, turnaround_days, turnaround_days_saved, active, sort_order, created_at, updated_at) VALUES (${values(
        i.id, i.kind, i.code, i.name, i.description, i.pricing, i.baseMinor, i.perTrackMinor, i.percentBp, i.turnaroundDays, i.turnaroundDaysSaved, i.active ? 1 : 0, i.sortOrder, now, now,
      )})`,
  );

/** The estimate as the request page stores it (services/service-requests.server.ts), with the e2e server's vars (wrangler.toml: GBP, VAT at 20%). */
function estimateSnapshot(priced: Extract<ReturnType<typeof priceSelection>, { ok: true }>) {
  const { ok: _ok, ...figures } = priced;
  void _ok;
  return { currency: "GBP", taxRateBp: 2000, taxLabel: "VAT", ...figures };
}

/** The seed catalogue, a completed consultation and the client's request (mix + master, 4 tracks, stems). Returns the request id. */
export async function seedServiceRequest(d1: LocalD1, who: Client): Promise<string> {
  const now = Date.now();
  const consultationId = crypto.randomUUID();
  const requestId = crypto.randomUUID();
  const selection = { packageId: "pkg_mix_master", addonIds: ["addon_stems"], trackCount: 4 };
  const priced = priceSelection(DEFAULT_CATALOGUE, selection, 2000);
  if (!priced.ok) throw new Error(priced.message);
  await executeSql(d1, [
    ...catalogueInserts(now),
    consultationInsert(consultationId, who, now - 3 * DAY),
    `INSERT INTO service_requests (id, consultation_id, status, package_id, addon_ids, track_count, file_links, wished_deadline, notes, estimate_total_minor, estimate_json, currency, created_at, updated_at) VALUES (${values(
      requestId, consultationId, "submitted", selection.packageId, JSON.stringify(selection.addonIds), selection.trackCount, JSON.stringify(["https://files.example.com/ep.zip"]), null, "Vocals on track 3 need care.", priced.totalMinor, JSON.stringify(estimateSnapshot(priced)), "GBP", now, now,
    )})`,
  ]);
  return requestId;
}

/** A completed consultation, its request and accepted quote, and the project (awaiting files) with its four milestones, as accepting leaves them. */
export async function seedProject(d1: LocalD1, who: Client, quoteNumber: string): Promise<{ projectId: string; consultationId: string }> {
  const [consultationId, requestId, quoteId, projectId] = Array.from({ length: 4 }, () => crypto.randomUUID());
  const now = Date.now();
  await executeSql(d1, [
    consultationInsert(consultationId, { description: "Browser test project.", genre: "Electronic", bpm: 120, ...who }, now - 3 * DAY),
    // The seed catalogue's package: another "Mix + master" would show on every client's request page.
    ...catalogueInserts(now),
    `INSERT INTO service_requests (id, consultation_id, status, package_id, track_count, estimate_total_minor, estimate_json, currency, created_at, updated_at) VALUES (${values(requestId, consultationId, "accepted", "pkg_mix_master", 4, 48000, "{}", "GBP", now, now)})`,
    `INSERT INTO quotes (id, service_request_id, consultation_id, number, status, currency, tax_rate_bp, turnaround_days, sent_at, expires_at, accepted_name, accepted_at, accepted_total_minor, accepted_snapshot, created_at, updated_at) VALUES (${values(
      quoteId, requestId, consultationId, quoteNumber, "accepted", "GBP", 2000, 5, now, now + DAY, who.name, now, 48000, "{}", now, now,
    )})`,
    `INSERT INTO projects (id, quote_id, consultation_id, status, turnaround_days, total_minor, created_at, updated_at) VALUES (${values(projectId, quoteId, consultationId, "awaiting_files", 5, 48000, now, now)})`,
    ...["files_received", "first_version", "revisions", "final_delivery"].map(
      (kind, position) => `INSERT INTO project_milestones (project_id, kind, position) VALUES (${values(projectId, kind, position)})`,
    ),
  ]);
  return { projectId, consultationId };
}
