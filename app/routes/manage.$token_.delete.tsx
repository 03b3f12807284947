import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { consultationReference } from "~/domain/consultation";
import { FormErrors } from "~/components/field";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { appServices } from "~/server/context.server";
import { MANAGE_HEADERS, managePath, requireManagedConsultation } from "~/server/manage.server";
import { consultationsOfClient, eraseConsultations, erasureDepsFor } from "~/server/privacy/erase.server";
import { checkRateLimit } from "~/server/rate-limit/limits.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token/delete: "delete my data" from the client's private page. GET
// explains what is erased and what stays; POST erases (actor "client") the
// personal data of every consultation booked with this address and lands on
// /manage/:token?done=erased. Erasing twice lands there too. Not hydrated:
// public/manage.js adds the busy button (docs/decisions/0052).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];
export const meta: MetaFunction = () => [{ title: "Delete your data" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => MANAGE_HEADERS;
export const handle: PageHandle = { hydrate: false, script: "/manage.js" };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  if (row.erasedAt) throw redirect(managePath(params.token!, {}) + "?done=erased", { headers: MANAGE_HEADERS });
  const ids = await consultationsOfClient(services.db, row.id);
  return json(
    { reference: consultationReference(row.id), consultations: ids.length, scheduled: row.status === "scheduled" && row.consultationDate > services.now(), studioName: services.config.studioName },
    { headers: MANAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const limit = await checkRateLimit(context, request, "manage");
  if (limit.limited) return json({ error: limit.message }, { status: 429, headers: MANAGE_HEADERS });
  try {
    const ids = await consultationsOfClient(services.db, row.id);
    await eraseConsultations(erasureDepsFor(services), ids, { kind: "client" }, "Requested by the client on their private page");
    return redirect(`${managePath(params.token!)}?done=erased`, { headers: MANAGE_HEADERS });
  } catch (error) {
    services.log.error("privacy.erase_failed", { error, consultationId: row.id });
    return json({ error: "We couldn't delete your data just now. Nothing was changed: please try again in a moment." }, { status: 503, headers: MANAGE_HEADERS });
  }
}

export default function DeleteMyData() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  return (
    <section className="panel confirmation" aria-labelledby="delete-heading">
      <p className="eyebrow">{`Booking reference ${data.reference}`}</p>
      <h1 id="delete-heading">Delete your data?</h1>
      <p>
        {data.studioName} will erase your name, email address, phone number, project name and description, special
        requirements and the studio's notes from {data.consultations === 1 ? "your booking" : `all ${data.consultations} bookings made with your email address`},
        from the emails we keep a record of, and from the studio calendar. We keep only the times and statuses, without
        anything that identifies you, so the studio's figures still add up.
      </p>
      {data.scheduled ? (
        <p>
          <strong>Your upcoming consultation stays booked,</strong> but we will no longer be able to email or call you about it. If you
          don't want it any more, <Link to={`/manage/${token}/cancel`}>cancel it first</Link>.
        </p>
      ) : null}
      <p>
        You may want to <a href={`/manage/${token}/data.json`}>download your data</a> first. This can't be undone.
      </p>
      <Form method="post">
        <FormErrors id="delete-errors" errors={actionData?.error ? [actionData.error] : undefined} />
        <div className="manage-actions">
          <button type="submit" className="button button--primary button--destructive" data-busy="Deleting…">
            Delete my data
          </button>
          <Link to={`/manage/${token}`}>No, keep my data</Link>
        </div>
      </Form>
    </section>
  );
}

export const ErrorBoundary = ManageLinkProblem;
