import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { consultationReference } from "~/domain/consultation";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { findConsultation } from "~/server/consultations.server";
import { appServices } from "~/server/context.server";
import { consultationsOfClient, eraseConsultations, erasureDepsFor } from "~/server/privacy/erase.server";

// /admin/consultations/:id/erase: the studio answers a deletion request (by
// email or phone) by erasing the personal data of every consultation booked
// with this client's address. Recorded with the admin's id (docs/privacy.md).

export const meta: MetaFunction = () => [{ title: "Erase personal data · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const idSchema = z.string().uuid();
const notFound = () => json({ error: "There is no consultation with that id." }, { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const services = appServices(context);
  const c = await findConsultation(services.db, id.data);
  if (!c) throw notFound();
  if (c.erasedAt) return redirect(`/admin/consultations/${c.id}?saved=erased`);
  const ids = await consultationsOfClient(services.db, c.id);
  return json({ id: c.id, reference: consultationReference(c.id), customerName: c.customerName, count: ids.length });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const services = appServices(context);
  const c = await findConsultation(services.db, id.data);
  if (!c) throw notFound();
  const ids = await consultationsOfClient(services.db, c.id);
  await eraseConsultations(erasureDepsFor(services), ids, { kind: "studio", detail: admin.adminId }, "Deletion request handled by the studio");
  return redirect(`/admin/consultations/${c.id}?saved=erased`);
}

export default function EraseConsultation() {
  const data = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="admin-page">
      <p className="breadcrumbs">
        <Link to={`/admin/consultations/${data.id}`}>← {data.reference}</Link>
      </p>
      <h1>Erase {data.customerName}'s personal data?</h1>
      <p>
        This erases the name, email, phone, project name and description, special requirements and notes of{" "}
        {data.count === 1 ? "this consultation" : `all ${data.count} consultations booked with this client's email address`}, the copies in the
        email history and the studio calendar, and stops their reminders and follow-ups. Times, statuses and counts stay for the reports.
        It can't be undone.
      </p>
      <Form method="post">
        <button type="submit" className="button button--danger" disabled={busy} aria-busy={busy}>
          {busy ? "Erasing…" : "Erase personal data"}
        </button>{" "}
        <Link to={`/admin/consultations/${data.id}`}>Cancel</Link>
      </Form>
    </section>
  );
}
