import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { listServiceRequests, parseRequestListQuery, serviceRequestJson } from "~/server/services/admin-requests.server";

// Admin only: GET /api/requests?status=&page=  service requests, newest
// first, 25 a page; amounts are integers of minor units. 422 for a bad parameter.

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const parsed = parseRequestListQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return json({ error: "Invalid query", errors: parsed.errors }, { status: 422, headers: { "cache-control": "no-store" } });
  const list = await listServiceRequests(appServices(context).db, parsed.query);
  return json(
    {
      requests: list.items.map((r) => ({
        ...serviceRequestJson(r),
        consultation: { id: r.consultationId, customerName: r.customerName, customerEmail: r.customerEmail, projectName: r.projectName },
      })),
      page: list.page,
      pageSize: list.pageSize,
      pages: list.pages,
      total: list.total,
    },
    { headers: { "cache-control": "private, no-store" } },
  );
}
