import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { catalogueItemJson, parseCatalogueJson } from "~/domain/catalogue-api";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError, readJsonObject } from "~/server/http.server";
import { findCatalogueItem, updateCatalogueItem } from "~/server/services/catalogue.server";

// Admin only:
//   GET /api/catalogue/:id   one item
//   PUT /api/catalogue/:id   any of its fields (the rest keep their value);
//       "active": false retires it. 200 with the item; 422; 404; 409 code taken.

const NO_STORE = { "cache-control": "private, no-store" };
const NOT_FOUND = "There is no catalogue item with that id";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const item = await findCatalogueItem(services.db, params.id ?? "");
  if (!item) return jsonError(404, NOT_FOUND);
  return json(catalogueItemJson(item, services.config.services.currency), { headers: NO_STORE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  if (request.method !== "PUT") return jsonError(405, "Use PUT to change a catalogue item", { allow: "GET, PUT" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const services = appServices(context);
  const { currency } = services.config.services;
  const current = await findCatalogueItem(services.db, params.id ?? "");
  if (!current) return jsonError(404, NOT_FOUND);
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = parseCatalogueJson(read.body, currency, current);
  if (!parsed.ok) return json({ error: "Some fields need attention", errors: parsed.errors }, { status: 422 });
  const written = await updateCatalogueItem(services.db, current.id, parsed.item, services.now());
  if (!written.ok) {
    if (written.status === 404) return jsonError(404, NOT_FOUND);
    return json({ error: written.message, errors: { [written.field ?? "_"]: [written.message] } }, { status: written.status });
  }
  services.log.info("api.catalogue_item_updated", { itemId: current.id, adminId: admin.adminId });
  return json(catalogueItemJson(written.item, currency), { headers: NO_STORE });
}
