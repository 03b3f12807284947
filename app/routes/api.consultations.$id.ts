import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { consultationUpdateSchema, DETAIL_FIELDS, type DetailsPatch } from "~/domain/consultation-edit";
import { adminConsultationDetailJson } from "~/server/admin/api-json.server";
import { loadConsultationDetail } from "~/server/admin/consultation-detail.server";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import {
  changeDepsFor,
  changeStatus,
  editDetails,
  editNotes,
  rescheduleConsultation,
  studioRules,
  type ChangeOutcome,
} from "~/server/consultation-changes.server";
import { appServices } from "~/server/context.server";
import { fieldErrors, jsonError, readJsonObject } from "~/server/http.server";

// Admin only (session cookie or `Authorization: Bearer sct_...`):
//   GET /api/consultations/:id  the consultation, its status history, changes and emails
//   PUT /api/consultations/:id  any of: the details (null clears an optional one),
//       adminNotes, status (+ reason), consultationDate (+ reason) to reschedule.
//       200 with the consultation; 422 field errors; 404; 409 for a refused
//       status change, a taken time or a concurrent change.

const MAX_BODY_BYTES = 32 * 1024;
const idSchema = z.string().uuid();
const NO_STORE = { "cache-control": "private, no-store" };

async function detailResponse(context: LoaderFunctionArgs["context"], id: string, status = 200) {
  const detail = await loadConsultationDetail(appServices(context).db, id);
  if (!detail) return jsonError(404, "There is no consultation with that id");
  return json(adminConsultationDetailJson(detail), { status, headers: NO_STORE });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return jsonError(404, "There is no consultation with that id");
  return detailResponse(context, id.data);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") {
    await requireAdmin(request, context);
    return new Response(JSON.stringify({ error: "Use PUT to change a consultation" }), {
      status: 405,
      headers: { "content-type": "application/json; charset=utf-8", allow: "GET, PUT" },
    });
  }
  // Who first (an anonymous caller gets 401), then, for cookie callers, where from (403).
  const admin = await requireAdmin(request, context);
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return jsonError(404, "There is no consultation with that id");
  const read = await readJsonObject(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const parsed = consultationUpdateSchema.safeParse(read.body);
  if (!parsed.success) return json({ error: "Some fields need attention", errors: fieldErrors(parsed.error) }, { status: 422 });
  const update = parsed.data;

  const services = appServices(context);
  const deps = changeDepsFor(services);
  const actor = { kind: "studio" as const, detail: admin.email };

  // The part that can be refused goes first, so a refusal leaves nothing half done.
  const steps: (() => Promise<ChangeOutcome>)[] = [];
  if (update.status) steps.push(() => changeStatus(deps, id.data, { status: update.status!, reason: update.reason }, actor));
  if (update.consultationDate) {
    const startsAt = Date.parse(update.consultationDate);
    steps.push(() => rescheduleConsultation(deps, id.data, { startsAt, reason: update.reason }, actor, { rules: studioRules(services.config.bookingRules) }));
  }
  const patch: DetailsPatch = {};
  for (const field of DETAIL_FIELDS) if (update[field] !== undefined) (patch as Record<string, unknown>)[field] = update[field];
  if (Object.keys(patch).length > 0) steps.push(() => editDetails(deps, id.data, patch, actor));
  if (update.adminNotes !== undefined) steps.push(() => editNotes(deps, id.data, update.adminNotes ?? null, actor));
  if (steps.length === 0) {
    return json({ error: "Nothing to change", errors: { _: ["Send at least one field to change"] } }, { status: 422 });
  }

  for (const step of steps) {
    const outcome = await step();
    switch (outcome.kind) {
      case "changed":
      case "unchanged":
        continue;
      case "not_found":
        return jsonError(404, "There is no consultation with that id");
      case "refused":
        return json({ error: outcome.message, problem: outcome.problem }, { status: 409, headers: NO_STORE });
      case "slot_unavailable":
        return json({ error: outcome.message, reason: outcome.problem, alternatives: outcome.alternatives }, { status: 409, headers: NO_STORE });
      case "conflict":
        return json({ error: outcome.message, problem: "conflict" }, { status: 409, headers: NO_STORE });
    }
  }
  return detailResponse(context, id.data);
}
