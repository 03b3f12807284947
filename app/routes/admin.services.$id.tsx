import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { catalogueItemSchema } from "~/domain/catalogue";
import { CatalogueItemForm, formDefaults } from "~/components/services/catalogue-item-form";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { findCatalogueItem, updateCatalogueItem } from "~/server/services/catalogue.server";

// /admin/services/:id: edit a catalogue item (name, prices, turnaround,
// position, offered or retired). Its kind stays fixed.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.name ?? "Service"} · Studio admin` },
  { name: "robots", content: "noindex, nofollow" },
];

const notFound = () => json({ error: "There is no catalogue item with that id." }, { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const item = await findCatalogueItem(services.db, params.id ?? "");
  if (!item) throw notFound();
  return json({ currency: services.config.services.currency, item });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const services = appServices(context);
  const submission = parseWithZod(await request.formData(), { schema: catalogueItemSchema({ currency: services.config.services.currency }) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const written = await updateCatalogueItem(services.db, params.id ?? "", submission.value, services.now());
  if (!written.ok) {
    if (written.status === 404) throw notFound();
    return json(
      { result: submission.reply(written.field ? { fieldErrors: { [written.field]: [written.message] } } : { formErrors: [written.message] }) },
      { status: written.status },
    );
  }
  services.log.info("admin.catalogue_item_updated", { itemId: written.item.id, adminId: admin.adminId });
  return redirect("/admin/services?saved=updated");
}

export default function EditService() {
  const { currency, item } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="admin-page" aria-labelledby="service-heading">
      <p className="breadcrumbs">
        <Link to="/admin/services">Services</Link>
      </p>
      <h1 id="service-heading">{item.name}</h1>
      {item.active ? null : <p className="warning-text">Retired: clients can't choose it. Tick "Offered to clients" to offer it again.</p>}
      <CatalogueItemForm currency={currency} defaults={formDefaults(item, currency)} lastResult={actionData?.result} kindLocked submitLabel="Save" />
    </section>
  );
}
