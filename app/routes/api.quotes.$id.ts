import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { quoteEditSchema } from "~/domain/quote";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { fieldErrors, jsonError, readJsonObject } from "~/server/http.server";
import { API_NO_STORE, quoteNotFound, quoteResponse } from "~/server/services/quote-api.server";
import { editQuote, quoteDepsFor } from "~/server/services/quotes.server";

// Admin only (session cookie or `Authorization: Bearer sct_...`; else 401):
//   GET /api/quotes/:id  the quote: lines, totals (integer minor units), status, decision
//   PUT /api/quotes/:id  replace a draft's lines and terms, the admin form's fields as JSON:
//       {"lines": [{"description", "quantity", "unitPrice": "770.00", "optional"}], "discount": "70.00",
//        "message", "paymentTerms", "validDays"}. Prices are decimal strings, never floats.
//       200 with the quote; 422 field errors; 404; 409 when it isn't a draft or changed meanwhile.

const MAX_BODY_BYTES = 64 * 1024;
const idSchema = z.string().uuid();

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return quoteNotFound();
  return quoteResponse(appServices(context), id.data);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  if (request.method !== "PUT") return jsonError(405, "Use PUT to change a quote", { allow: "GET, PUT" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return quoteNotFound();
  const read = await readJsonObject(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const services = appServices(context);
  const parsed = quoteEditSchema({ currency: services.config.services.currency }).safeParse(read.body);
  if (!parsed.success) return json({ error: "Some fields need attention", errors: fieldErrors(parsed.error) }, { status: 422 });
  const outcome = await editQuote(quoteDepsFor(services), id.data, parsed.data);
  switch (outcome.kind) {
    case "changed":
      return quoteResponse(services, id.data);
    case "not_found":
      return quoteNotFound();
    case "refused":
      return json({ error: outcome.message, problem: "not_a_draft" }, { status: 409, headers: API_NO_STORE });
    case "conflict":
      return json({ error: outcome.message, problem: "conflict" }, { status: 409, headers: API_NO_STORE });
  }
}
