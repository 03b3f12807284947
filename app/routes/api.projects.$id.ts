import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError } from "~/server/http.server";
import { projectResponse } from "~/server/services/project-api.server";

// GET /api/projects/:id (admin only): the project with its milestones (who,
// when, the note to the client), its events, the milestone emails, and the
// consultation and quote it came from.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) return jsonError(404, "There is no project with that id");
  return projectResponse(appServices(context).db, id.data);
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  return jsonError(405, "Use POST /api/projects/:id/milestones to move a project forward", { allow: "GET" });
}
