import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { draftQuote, quoteDepsFor } from "~/server/services/quotes.server";

// POST /admin/quotes/new (requestId): "Draft a quote" on a service request.
// Opens the request's draft when it already has one (a double click, a second
// admin), or drafts the revision of its sent quote. A plain form post, so the
// button works without JavaScript.

const formSchema = z.object({ requestId: z.string().uuid() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return redirect("/admin/quotes");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const form = formSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw json({ error: "There is no service request with that id." }, { status: 404 });
  const outcome = await draftQuote(quoteDepsFor(appServices(context)), form.data.requestId, { kind: "studio", detail: admin.email });
  switch (outcome.kind) {
    case "drafted":
      return redirect(`/admin/quotes/${outcome.quoteId}?saved=drafted`);
    case "existing":
      return redirect(`/admin/quotes/${outcome.quoteId}?saved=existing`);
    case "not_found":
      throw json({ error: "There is no service request with that id." }, { status: 404 });
    case "refused":
      throw json({ error: outcome.message }, { status: 409 });
  }
}
