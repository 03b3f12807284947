import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { z } from "zod";
import { consultationReference } from "~/domain/consultation";
import { instantLabel } from "~/components/calendar-labels";
import { appServices } from "~/server/context.server";
import { findConsultation } from "~/server/consultations.server";
import { manageUrl } from "~/server/links.server";

// Not hydrated: links only, no script (docs/decisions/0026).
export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.status === "cancelled" ? "Consultation cancelled" : "Your consultation is booked" },
  { name: "description", content: "Your consultation booking: when it is, in your time zone and the studio's, and what happens next." },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const services = appServices(context);
  const row = await findConsultation(services.db, id.data);
  if (!row) throw new Response("Not found", { status: 404 });
  return json({
    reference: consultationReference(row.id),
    status: row.status,
    startsAt: row.consultationDate,
    timeZone: row.timeZone,
    studioTimeZone: services.config.bookingRules.studioTimeZone,
    studioName: services.config.studioName,
    projectName: row.projectName,
    customerEmail: row.customerEmail,
    // The same signed link as in the emails; relative, so it stays on the host the client is on.
    managePath: new URL(await manageUrl(services.config, row.id, services.now())).pathname,
  });
}

export default function Confirmed() {
  const c = useLoaderData<typeof loader>();
  const sameZone = c.timeZone === c.studioTimeZone;
  return (
    <section className="panel confirmation" aria-labelledby="confirmed-heading">
      <p className="eyebrow">{`Booking reference ${c.reference}`}</p>
      <h1 id="confirmed-heading">{c.status === "cancelled" ? "This consultation was cancelled" : "Your consultation is booked"}</h1>
      <dl className="summary">
        <dt>Project</dt>
        <dd>{c.projectName}</dd>
        <dt>When (your time, {c.timeZone})</dt>
        <dd>{instantLabel(c.startsAt, c.timeZone)}</dd>
        {!sameZone ? (
          <>
            <dt>Studio time ({c.studioTimeZone})</dt>
            <dd>{instantLabel(c.startsAt, c.studioTimeZone)}</dd>
          </>
        ) : null}
        <dt>Length</dt>
        <dd>15 minutes</dd>
      </dl>
      {c.status === "cancelled" ? null : (
        <>
          <p>
            We'll send the details and a calendar invite to <strong>{c.customerEmail}</strong>, a reminder the day before,
            and a note from {c.studioName} afterwards.
          </p>
          <p className="manage-link">
            Plans change? <Link to={c.managePath}>Reschedule or cancel</Link> from your private link (it's in your emails too).
          </p>
        </>
      )}
      <p>
        <Link reloadDocument to="/book">Book another consultation</Link>
      </p>
    </section>
  );
}
