import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { assertSameOrigin, requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { jsonError } from "~/server/http.server";
import { API_NO_STORE, quoteNotFound, quoteResponse } from "~/server/services/quote-api.server";
import { sendQuote } from "~/server/services/quote-send.server";
import { quoteDepsFor } from "~/server/services/quotes.server";

// Admin only: POST /api/quotes/:id/send sends a draft (number, expiry, the
// client's email; a revision supersedes the quote it replaces). 200 with the
// quote; 404; 409 when it was sent already, isn't a draft, or the client
// accepted an earlier version.

const idSchema = z.string().uuid();

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return jsonError(405, "Use POST to send a quote", { allow: "POST" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  if (request.method !== "POST") return jsonError(405, "Use POST to send a quote", { allow: "POST" });
  if (!request.headers.has("authorization")) assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return quoteNotFound();
  const services = appServices(context);
  const outcome = await sendQuote(quoteDepsFor(services), id.data, { kind: "studio", detail: admin.email });
  switch (outcome.kind) {
    case "sent":
      return quoteResponse(services, id.data);
    case "not_found":
      return quoteNotFound();
    case "refused":
      return json({ error: outcome.message, problem: "refused" }, { status: 409, headers: API_NO_STORE });
    case "conflict":
      return json({ error: outcome.message, problem: "conflict" }, { status: 409, headers: API_NO_STORE });
  }
}
