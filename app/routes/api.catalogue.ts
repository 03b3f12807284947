import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { catalogueItemJson, parseCatalogueJson } from "~/domain/catalogue-api";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError, readJsonObject } from "~/server/http.server";
import { createCatalogueItem, loadCatalogue } from "~/server/services/catalogue.server";

// Admin only (session cookie or `Authorization: Bearer sct_...`):
//   GET  /api/catalogue   every item, retired ones too (active: false)
//   POST /api/catalogue   a new item; amounts are integers of minor units.
//        201 with the item; 422 field errors; 409 when the code is taken.

const NO_STORE = { "cache-control": "private, no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const { currency } = services.config.services;
  const items = await loadCatalogue(services.db);
  return json({ currency, items: items.map((item) => catalogueItemJson(item, currency)) }, { headers: NO_STORE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  if (request.method !== "POST") return jsonError(405, "Use POST to add a catalogue item", { allow: "GET, POST" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const services = appServices(context);
  const { currency } = services.config.services;
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = parseCatalogueJson(read.body, currency);
  if (!parsed.ok) return json({ error: "Some fields need attention", errors: parsed.errors }, { status: 422 });
  const written = await createCatalogueItem(services.db, parsed.item, services.now());
  if (!written.ok) return json({ error: written.message, errors: { [written.field ?? "_"]: [written.message] } }, { status: written.status });
  services.log.info("api.catalogue_item_created", { itemId: written.item.id, adminId: admin.adminId });
  return json(catalogueItemJson(written.item, currency), { status: 201, headers: { ...NO_STORE, location: `/api/catalogue/${written.item.id}` } });
}
