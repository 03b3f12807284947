import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { parseProjectListQuery } from "~/domain/project-forms";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError } from "~/server/http.server";
import { projectListItemJson } from "~/server/services/project-json.server";
import { listProjects } from "~/server/services/project-queries.server";

// GET /api/projects?status=open|awaiting_files|in_progress|delivered|cancelled|all&page=N
// (admin only): open projects first, soonest due first; 25 a page, counts per status.

const NO_STORE = { "cache-control": "private, no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const query = parseProjectListQuery(new URL(request.url).searchParams);
  if (!query.ok) return json({ error: "Invalid query", errors: query.errors }, { status: 422, headers: NO_STORE });
  const page = await listProjects(appServices(context).db, query.query);
  return json(
    { projects: page.rows.map(projectListItemJson), page: page.page, pageSize: page.pageSize, pages: page.pages, total: page.total, counts: page.counts, query: query.query },
    { headers: NO_STORE },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  return jsonError(405, "Projects are created when a client accepts a quote; use POST /api/projects/:id/milestones to move one", { allow: "GET" });
}
