import { json } from "@remix-run/cloudflare";
import type { AppServices } from "../context.server";
import { jsonError } from "../http.server";
import { loadQuoteDetail, quoteJson } from "./quote-admin.server";

// Shared by the admin JSON API's quote routes (app/routes/api.quotes*.ts).

export const API_NO_STORE = { "cache-control": "private, no-store" };

export const quoteNotFound = () => jsonError(404, "There is no quote with that id");

/** The quote as JSON, or 404. */
export async function quoteResponse(services: AppServices, id: string, status = 200, headers: Record<string, string> = {}) {
  const detail = await loadQuoteDetail(services.db, services.config, id, services.now());
  if (!detail) return quoteNotFound();
  return json(quoteJson(detail), { status, headers: { ...API_NO_STORE, ...headers } });
}
