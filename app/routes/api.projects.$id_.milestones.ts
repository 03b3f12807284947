import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { milestoneFormSchema } from "~/domain/project-forms";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { fieldErrors, jsonError, readJsonObject } from "~/server/http.server";
import { NO_STORE, projectResponse } from "~/server/services/project-api.server";
import { completeMilestone, projectDepsFor } from "~/server/services/project-milestones.server";

// POST /api/projects/:id/milestones (admin only), JSON {"milestone": "files_received"
// | "first_version" | "revisions" | "final_delivery", "note": "to the client" (optional)}:
// marks the project's next milestone as done and emails the client.
// 200 with the project; 422 field errors; 404; 409 with `problem`
// (out_of_order, already_done, cancelled, conflict) and nothing changed.

const idSchema = z.string().uuid();

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return jsonError(405, "Use POST to mark a milestone as done", { allow: "POST" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Who first (an anonymous caller gets 401), then, for cookie callers, where from (403).
  const admin = await requireAdmin(request, context);
  if (request.method !== "POST") return jsonError(405, "Use POST to mark a milestone as done", { allow: "POST" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return jsonError(404, "There is no project with that id");
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = milestoneFormSchema.safeParse(read.body);
  if (!parsed.success) return json({ error: "Some fields need attention", errors: fieldErrors(parsed.error) }, { status: 422, headers: NO_STORE });

  const services = appServices(context);
  const outcome = await completeMilestone(projectDepsFor(services), id.data, parsed.data, { email: admin.email });
  switch (outcome.kind) {
    case "moved":
      return projectResponse(services.db, id.data);
    case "not_found":
      return jsonError(404, "There is no project with that id");
    case "refused":
      return json({ error: outcome.message, problem: outcome.problem }, { status: 409, headers: NO_STORE });
  }
}
