import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { consultationReference } from "~/domain/consultation";
import { appServices } from "~/server/context.server";
import { MANAGE_HEADERS, requireManagedConsultation } from "~/server/manage.server";
import { exportClientData } from "~/server/privacy/export.server";
import { checkRateLimit, tooManyRequests } from "~/server/rate-limit/limits.server";

// GET /manage/:token/data.json: "download my data" from the client's private
// page: everything stored about them, as a JSON file (app/server/privacy).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const limit = await checkRateLimit(context, request, "manage");
  if (limit.limited) return tooManyRequests(limit);
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const data = await exportClientData(services.db, row.id, services.config.studioName, services.now());
  services.log.info("privacy.exported", { consultationId: row.id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      ...MANAGE_HEADERS,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="my-data-${consultationReference(row.id)}.json"`,
    },
  });
}
