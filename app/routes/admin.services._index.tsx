import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { priceLabel, turnaroundLabel } from "~/domain/catalogue-labels";
import { Banner } from "~/components/banner";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { loadCatalogue, setCatalogueItemActive } from "~/server/services/catalogue.server";

// /admin/services: the studio's price list. Packages and add-ons, with their
// prices (money formatted in the one configured currency), turnaround and
// whether clients can choose them. Retire takes an item off the client's
// request page; it stays on the requests and quotes that already name it.

export const meta: MetaFunction = () => [{ title: "Services · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const SAVED: Record<string, string> = {
  created: "The item was added to the catalogue.",
  updated: "The item was saved. New requests use its new details; sent requests keep their estimate.",
  retired: "The item was retired: clients can no longer choose it. Requests and quotes that name it keep it.",
  restored: "The item is offered to clients again.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const { currency } = services.config.services;
  const catalogue = await loadCatalogue(services.db);
  const saved = new URL(request.url).searchParams.get("saved");
  const view = (kind: "package" | "addon") =>
    catalogue
      .filter((item) => item.kind === kind)
      .map((item) => ({
        id: item.id,
        name: item.name,
        code: item.code,
        description: item.description,
        price: priceLabel(item, currency),
        turnaround: turnaroundLabel(item),
        active: item.active,
      }));
  return json({ currency, packages: view("package"), addons: view("addon"), saved: saved ? (SAVED[saved] ?? null) : null });
}

const activeSchema = z.object({ intent: z.enum(["retire", "restore"]), id: z.string().min(1).max(200) });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const services = appServices(context);
  const parsed = activeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "The form was not recognised. Reload the page and try again." }, { status: 400 });
  const { intent, id } = parsed.data;
  const item = await setCatalogueItemActive(services.db, id, intent === "restore", services.now());
  if (!item) return json({ error: "That item could not be found. Reload the page." }, { status: 404 });
  services.log.info("admin.catalogue_item_active", { itemId: id, active: item.active, adminId: admin.adminId });
  return redirect(`/admin/services?saved=${intent === "retire" ? "retired" : "restored"}`);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["packages"][number];

export default function Services() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="admin-page" aria-labelledby="services-heading">
      <h1 id="services-heading">Services</h1>
      <p>
        What clients can request after their consultation. Prices are in <strong>{data.currency}</strong>; every estimate and quote is computed from
        them on the server.
      </p>
      <Banner tone="ok">{data.saved}</Banner>
      <Banner tone="error">{actionData?.error}</Banner>
      <p>
        <Link to="/admin/services/new" className="button button--primary">
          Add an item
        </Link>
      </p>
      <CatalogueTable caption="Packages" rows={data.packages} turnaroundHeading="Turnaround" />
      <CatalogueTable caption="Add-ons" rows={data.addons} turnaroundHeading="Saves" />
    </section>
  );
}

function CatalogueTable({ caption, rows, turnaroundHeading }: { caption: string; rows: Row[]; turnaroundHeading: string }) {
  return (
    <>
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="panel admin-muted">None yet.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Price</th>
                <th scope="col">{turnaroundHeading}</th>
                <th scope="col">Offered</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={row.active ? undefined : "admin-muted"}>
                  <td>
                    <Link to={`/admin/services/${row.id}`}>{row.name}</Link>
                    <div className="admin-muted small">{row.code}</div>
                  </td>
                  <td>{row.price}</td>
                  <td>{row.turnaround ?? "–"}</td>
                  <td>{row.active ? "Yes" : "Retired"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={row.id} />
                      <button type="submit" name="intent" value={row.active ? "retire" : "restore"} className={`button button--small${row.active ? " button--danger" : ""}`}>
                        {row.active ? "Retire" : "Offer again"}
                        <span className="visually-hidden"> {row.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
