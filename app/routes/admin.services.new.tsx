import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { catalogueItemSchema } from "~/domain/catalogue";
import { CatalogueItemForm } from "~/components/services/catalogue-item-form";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { createCatalogueItem } from "~/server/services/catalogue.server";

// /admin/services/new: add a package or an add-on to the catalogue.

export const meta: MetaFunction = () => [{ title: "Add a service · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return json({ currency: context.config.services.currency });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const services = appServices(context);
  const submission = parseWithZod(await request.formData(), { schema: catalogueItemSchema({ currency: services.config.services.currency }) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const written = await createCatalogueItem(services.db, submission.value, services.now());
  if (!written.ok) {
    return json(
      { result: submission.reply(written.field ? { fieldErrors: { [written.field]: [written.message] } } : { formErrors: [written.message] }) },
      { status: written.status },
    );
  }
  services.log.info("admin.catalogue_item_created", { itemId: written.item.id, adminId: admin.adminId });
  return redirect("/admin/services?saved=created");
}

export default function NewService() {
  const { currency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="admin-page" aria-labelledby="new-service-heading">
      <p className="breadcrumbs">
        <Link to="/admin/services">Services</Link>
      </p>
      <h1 id="new-service-heading">Add a package or add-on</h1>
      <CatalogueItemForm
        currency={currency}
        defaults={{ kind: "package", pricing: "package", active: "on", basePrice: "0", perTrackPrice: "0", turnaroundDays: "5", sortOrder: "100" }}
        lastResult={actionData?.result}
        kindLocked={false}
        submitLabel="Add to the catalogue"
      />
    </section>
  );
}
