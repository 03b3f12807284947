import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { fieldErrors, jsonError, readJsonObject } from "~/server/http.server";
import { listQuotes, quoteListQuerySchema } from "~/server/services/quote-admin.server";
import { API_NO_STORE, quoteResponse } from "~/server/services/quote-api.server";
import { draftQuote, quoteDepsFor } from "~/server/services/quotes.server";

// Admin only (session cookie or `Authorization: Bearer sct_...`; else 401):
//   GET  /api/quotes?status=&request=   the newest 100 quotes (amounts in integer minor units)
//   POST /api/quotes {serviceRequestId} a draft from the request: 201 (or 200 with the draft it already has)

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const query = quoteListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return json({ error: "Invalid query", errors: fieldErrors(query.error) }, { status: 422, headers: API_NO_STORE });
  const rows = await listQuotes(services.db, services.now(), query.data);
  return json(
    {
      quotes: rows.map((r) => ({
        ...r,
        createdAt: new Date(r.createdAt).toISOString(),
        sentAt: r.sentAt === null ? null : new Date(r.sentAt).toISOString(),
        expiresAt: r.expiresAt === null ? null : new Date(r.expiresAt).toISOString(),
        acceptedAt: r.acceptedAt === null ? null : new Date(r.acceptedAt).toISOString(),
      })),
    },
    { headers: API_NO_STORE },
  );
}

const draftSchema = z.object({ serviceRequestId: z.string({ required_error: "Give the service request's id" }).uuid("Give the service request's id") });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  if (request.method !== "POST") return jsonError(405, "Use POST to draft a quote", { allow: "GET, POST" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = draftSchema.safeParse(read.body);
  if (!parsed.success) return json({ error: "Some fields need attention", errors: fieldErrors(parsed.error) }, { status: 422 });
  const services = appServices(context);
  const outcome = await draftQuote(quoteDepsFor(services), parsed.data.serviceRequestId, { kind: "studio", detail: admin.email });
  switch (outcome.kind) {
    case "drafted":
      return quoteResponse(services, outcome.quoteId, 201, { location: `/api/quotes/${outcome.quoteId}` });
    case "existing":
      return quoteResponse(services, outcome.quoteId, 200);
    case "not_found":
      return jsonError(404, "There is no service request with that id");
    case "refused":
      return json({ error: outcome.message, problem: "refused" }, { status: 409, headers: API_NO_STORE });
  }
}
