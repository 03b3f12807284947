// Test support for the quote suites: the catalogue, a completed consultation
// and a client's service request written straight into D1 (the request pages
// are another part of the product), then quotes drafted, edited and sent
// through the real admin pages.
import { DEFAULT_CATALOGUE, priceSelection } from "../../app/domain/catalogue";
import { insertConsultation, type Admin } from "./admin-support";
import type { TestWorker } from "./harness";

/** The seed catalogue (INSERT OR IGNORE: the catalogue migration may have put it there already). */
export async function seedCatalogue(worker: TestWorker) {
  const now = Date.now();
  await worker.db.batch(
    DEFAULT_CATALOGUE.map((item) =>
      worker.db
        .prepare(
          `INSERT OR IGNORE INTO catalogue_items (id, kind, code, name, description, pricing, base_minor, per_track_minor, percent_bp,
             turnaround_days, turnaround_days_saved, active, sort_order, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          item.id,
          item.kind,
          item.code,
          item.name,
          item.description,
          item.pricing,
          item.baseMinor,
          item.perTrackMinor,
          item.percentBp,
          item.turnaroundDays,
          item.turnaroundDaysSaved,
          item.active ? 1 : 0,
          item.sortOrder,
          now,
          now,
        ),
    ),
  );
}

export type SeededRequest = { consultationId: string; requestId: string };

/** A completed consultation and the client's request for mix + master of 4 tracks with stems (20% tax). */
export async function insertServiceRequest(
  worker: TestWorker,
  options: { packageId?: string; addonIds?: string[]; trackCount?: number; customerEmail?: string; customerName?: string } = {},
): Promise<SeededRequest> {
  const consultationId = await insertConsultation(worker, {
    startsAt: Date.now() - 3 * 24 * 3_600_000,
    status: "completed",
    customerEmail: options.customerEmail ?? "ada@example.com",
    customerName: options.customerName ?? "Ada Lovelace",
  });
  const selection = { packageId: options.packageId ?? "pkg_mix_master", addonIds: options.addonIds ?? ["addon_stems"], trackCount: options.trackCount ?? 4 };
  const priced = priceSelection(DEFAULT_CATALOGUE, selection, 2000);
  if (!priced.ok) throw new Error(priced.message);
  const requestId = crypto.randomUUID();
  const now = Date.now();
  await worker.db
    .prepare(
      `INSERT INTO service_requests (id, consultation_id, status, package_id, addon_ids, track_count, file_links, wished_deadline, notes,
         estimate_total_minor, estimate_json, currency, created_at, updated_at)
       VALUES (?, ?, 'submitted', ?, ?, ?, ?, NULL, ?, ?, ?, 'GBP', ?, ?)`,
    )
    .bind(
      requestId,
      consultationId,
      selection.packageId,
      JSON.stringify(selection.addonIds),
      selection.trackCount,
      JSON.stringify(["https://files.example.com/night-drive.zip"]),
      "Vocals on track 3 need care.",
      priced.totalMinor,
      // The snapshot as the request page stores it (services/service-requests.server.ts).
      JSON.stringify({ currency: "GBP", taxRateBp: 2000, taxLabel: "VAT", lines: priced.lines, subtotalMinor: priced.subtotalMinor, taxMinor: priced.taxMinor, totalMinor: priced.totalMinor, turnaroundDays: priced.turnaroundDays }),
      now,
      now,
    )
    .run();
  return { consultationId, requestId };
}

/** "Draft a quote" on the request, through the admin's POST; returns the quote id. */
export async function draftQuote(admin: Admin, requestId: string): Promise<string> {
  const res = await admin.post("/admin/quotes/new", { requestId });
  if (res.status !== 302) throw new Error(`POST /admin/quotes/new answered ${res.status}: ${await res.text()}`);
  const match = /\/admin\/quotes\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "");
  if (!match) throw new Error(`Unexpected redirect: ${res.headers.get("location")}`);
  return match[1];
}

export type EditLine = { description: string; quantity: string; unitPrice: string; optional?: boolean; catalogueItemId?: string };

/** The admin's edit form as fields (conform's lines[i].field names). */
export function editForm(
  lines: EditLine[],
  rest: { discount?: string; message?: string; paymentTerms?: string; validDays?: string; op?: "save" | "send" } = {},
): Record<string, string> {
  const fields: Record<string, string> = {
    discount: rest.discount ?? "",
    message: rest.message ?? "Thanks for the chat! Here's what we suggest.",
    paymentTerms: rest.paymentTerms ?? "Half up front, half on delivery.",
    validDays: rest.validDays ?? "14",
    op: rest.op ?? "save",
  };
  lines.forEach((line, i) => {
    fields[`lines[${i}].description`] = line.description;
    fields[`lines[${i}].quantity`] = line.quantity;
    fields[`lines[${i}].unitPrice`] = line.unitPrice;
    if (line.optional) fields[`lines[${i}].optional`] = "on";
    if (line.catalogueItemId) fields[`lines[${i}].catalogueItemId`] = line.catalogueItemId;
  });
  return fields;
}

export const STANDARD_LINES: EditLine[] = [
  { description: "Mix + master", quantity: "1", unitPrice: "770.00", catalogueItemId: "pkg_mix_master" },
  { description: "Stems delivery", quantity: "4", unitPrice: "25.00", catalogueItemId: "addon_stems" },
  { description: "Rush delivery", quantity: "1", unitPrice: "385.00", optional: true, catalogueItemId: "addon_rush" },
];

/** Drafts, edits to STANDARD_LINES (subtotal £870, optional rush £385) and sends; returns the quote id. */
export async function sentQuote(worker: TestWorker, admin: Admin, options: Parameters<typeof insertServiceRequest>[1] = {}) {
  const seeded = await insertServiceRequest(worker, options);
  const quoteId = await draftQuote(admin, seeded.requestId);
  const res = await admin.post(`/admin/quotes/${quoteId}`, editForm(STANDARD_LINES, { op: "send" }));
  if (res.status !== 302) throw new Error(`Sending answered ${res.status}: ${await res.text()}`);
  return { ...seeded, quoteId };
}

export async function quoteRow(worker: TestWorker, id: string) {
  return worker.db.prepare("SELECT * FROM quotes WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

export async function linesOf(worker: TestWorker, id: string) {
  const rows = await worker.db
    .prepare("SELECT description, quantity, unit_minor, optional, catalogue_item_id, turnaround_days_saved FROM quote_lines WHERE quote_id = ? ORDER BY position")
    .bind(id)
    .all<{ description: string; quantity: number; unit_minor: number; optional: number; catalogue_item_id: string | null; turnaround_days_saved: number }>();
  return rows.results;
}

export async function jobsOf(worker: TestWorker, consultationId: string, kindLike = "email.quote%") {
  const rows = await worker.db
    .prepare("SELECT kind, payload, status FROM outbox_jobs WHERE consultation_id = ? AND kind LIKE ? ORDER BY created_at, rowid")
    .bind(consultationId, kindLike)
    .all<{ kind: string; payload: string; status: string }>();
  return rows.results;
}

/** The client's link to a quote, as the admin page shows it (the same link the email carries). */
export async function clientLinkOf(admin: Admin, quoteId: string): Promise<string> {
  const html = await (await admin.get(`/admin/quotes/${quoteId}`)).text();
  const match = /href="https?:\/\/[^/"]+(\/quotes\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(html);
  if (!match) throw new Error("The admin page shows no client link");
  return match[1];
}
