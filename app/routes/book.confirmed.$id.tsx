import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { z } from "zod";
import { consultationReference } from "~/domain/consultation";
import { appServices } from "~/server/context.server";
import { findConsultation } from "~/server/consultations.server";
import { manageUrl } from "~/server/links.server";
import { ServiceRequestLink } from "~/components/services/request-link";
import { pageLocale } from "~/server/page-locale.server";

// Every string the client reads on this page, in one place (ready for translation).
const COPY = {
  titleBooked: "Your consultation is booked",
  titleCancelled: "Consultation cancelled",
  headingCancelled: "This consultation was cancelled",
  reference: (ref: string) => `Booking reference ${ref}`,
  project: "Project",
  yourTime: (zone: string) => `When (your time, ${zone})`,
  studioTime: (zone: string) => `Studio time (${zone})`,
  length: "Length",
  minutes: (n: string) => `${n} minutes`,
  whatsNext: (email: string, studio: string) => ({
    before: "We'll send the details and a calendar invite to ",
    email,
    after: `, a reminder the day before, and a note from ${studio} afterwards.`,
  }),
  plansChange: "Plans change?",
  manage: "Reschedule or cancel",
  manageAfter: " from your private link (it's in your emails too).",
  bookAnother: "Book another consultation",
};

// Not hydrated: links only, no script (docs/decisions/0026).
export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.status === "cancelled" ? COPY.titleCancelled : COPY.titleBooked },
  { name: "description", content: "Your consultation booking: when it is, in your time zone and the studio's, and what happens next." },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const services = appServices(context);
  const row = await findConsultation(services.db, id.data);
  if (!row) throw new Response("Not found", { status: 404 });
  const studioTimeZone = services.config.bookingRules.studioTimeZone;
  // Formatted here, not in the browser: the page reads the same before and after hydration.
  const format = pageLocale(request, row.locale);
  return json({
    reference: consultationReference(row.id),
    status: row.status,
    startsAt: new Date(row.consultationDate).toISOString(),
    when: format.dateTime(row.consultationDate, row.timeZone),
    studioWhen: row.timeZone === studioTimeZone ? null : format.dateTime(row.consultationDate, studioTimeZone),
    locale: format.locale,
    dir: format.dir,
    minutes: format.number(row.durationMinutes),
    timeZone: row.timeZone,
    studioTimeZone,
    studioName: services.config.studioName,
    projectName: row.projectName,
    customerEmail: row.customerEmail,
    // The same signed link as in the emails; relative, so it stays on the host the client is on.
    managePath: new URL(await manageUrl(services.config, row.id, services.now())).pathname,
  });
}

export default function Confirmed() {
  const c = useLoaderData<typeof loader>();
  const next = COPY.whatsNext(c.customerEmail, c.studioName);
  // Dates follow the client's locale (and its direction); the wording is English for now.
  const localized = { lang: c.locale, dir: c.dir };
  return (
    <section className="panel confirmation" aria-labelledby="confirmed-heading">
      <p className="eyebrow">{COPY.reference(c.reference)}</p>
      <h1 id="confirmed-heading">{c.status === "cancelled" ? COPY.headingCancelled : COPY.titleBooked}</h1>
      <dl className="summary">
        <dt>{COPY.project}</dt>
        <dd>{c.projectName}</dd>
        <dt>{COPY.yourTime(c.timeZone)}</dt>
        <dd>
          <time dateTime={c.startsAt} {...localized}>
            {c.when}
          </time>
        </dd>
        {c.studioWhen ? (
          <>
            <dt>{COPY.studioTime(c.studioTimeZone)}</dt>
            <dd>
              <time dateTime={c.startsAt} {...localized}>
                {c.studioWhen}
              </time>
            </dd>
          </>
        ) : null}
        <dt>{COPY.length}</dt>
        <dd>{COPY.minutes(c.minutes)}</dd>
      </dl>
      {c.status === "cancelled" ? null : (
        <>
          {/* public/embed-frame.js tells the host page (studio:booked): the reference and the time, nothing about the client. */}
          <div hidden data-studio-booked="" data-reference={c.reference} data-starts-at={c.startsAt} />
          <p>
            {next.before}
            <strong>{next.email}</strong>
            {next.after}
          </p>
          <p className="manage-link">
            {COPY.plansChange} <Link to={c.managePath}>{COPY.manage}</Link>
            {COPY.manageAfter}
          </p>
        </>
      )}
      <ServiceRequestLink status={c.status} managePath={c.managePath} studioName={c.studioName} />
      <p>
        <Link reloadDocument to="/book">{COPY.bookAnother}</Link>
      </p>
    </section>
  );
}
