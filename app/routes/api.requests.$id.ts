import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError } from "~/server/http.server";
import { serviceRequestJson } from "~/server/services/admin-requests.server";
import { findServiceRequest } from "~/server/services/service-request-views.server";

// Admin only: GET /api/requests/:id  one service request with its estimate snapshot.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) return jsonError(404, "There is no service request with that id");
  const found = await findServiceRequest(appServices(context).db, id.data);
  if (!found) return jsonError(404, "There is no service request with that id");
  return json(serviceRequestJson(found), { headers: { "cache-control": "private, no-store" } });
}
