import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { consultationReference } from "~/domain/consultation";
import { studioDateTime } from "~/components/admin/format";
import { EstimateTable } from "~/components/services/estimate-table";
import { RequestQuotes } from "~/components/services/request-quotes";
import { formatMoney } from "~/domain/money";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { findConsultation } from "~/server/consultations.server";
import { packageNameOf, REQUEST_STATUS_LABELS } from "~/server/services/admin-requests.server";
import { listQuotes } from "~/server/services/quote-admin.server";
import { QUOTE_STATUS_LABELS } from "~/server/services/quote-view.server";
import { findServiceRequest } from "~/server/services/service-request-views.server";

// /admin/requests/:id: the studio reviews a client's request: what they
// chose, their files' links, the estimate as it was computed when sent, and
// the consultation it came from; its quotes, and "Draft a quote".

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Request from ${data.consultation.customerName}` : "Service request"} · Studio admin` },
  { name: "robots", content: "noindex, nofollow" },
];

const notFound = () => json({ error: "There is no service request with that id." }, { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const services = appServices(context);
  const found = await findServiceRequest(services.db, id.data);
  if (!found) throw notFound();
  const consultation = await findConsultation(services.db, found.consultationId);
  if (!consultation) throw notFound();
  const timeZone = services.config.bookingRules.studioTimeZone;
  const quotes = await listQuotes(services.db, services.now(), { request: found.id });
  return json({
    quotes: quotes.map((q) => ({
      id: q.id,
      number: q.number,
      status: QUOTE_STATUS_LABELS[q.status],
      total: formatMoney(q.totalMinor, q.currency),
      sentAt: q.sentAt ? studioDateTime(q.sentAt, timeZone) : null,
    })),
    timeZone,
    request: {
      id: found.id,
      status: REQUEST_STATUS_LABELS[found.status],
      sentAt: studioDateTime(found.createdAt, timeZone),
      packageName: packageNameOf(found),
      addons: found.estimate.lines.filter((l) => l.kind === "addon").map((l) => l.name),
      trackCount: found.trackCount,
      links: found.fileLinks,
      wishedDeadline: found.wishedDeadline,
      notes: found.notes,
      estimate: found.estimate,
    },
    consultation: {
      id: consultation.id,
      reference: consultationReference(consultation.id),
      customerName: consultation.customerName,
      customerEmail: consultation.customerEmail,
      projectName: consultation.projectName,
      genre: consultation.genre,
      bpm: consultation.bpm,
      description: consultation.projectDescription,
      when: studioDateTime(consultation.consultationDate, timeZone),
    },
  });
}

export default function RequestDetail() {
  const { request: r, consultation: c, quotes } = useLoaderData<typeof loader>();
  return (
    <article className="admin-page" aria-labelledby="request-heading">
      <p className="breadcrumbs">
        <Link to="/admin/requests">Service requests</Link>
      </p>
      <h1 id="request-heading">
        {r.packageName} for {c.projectName}
      </h1>
      <p>
        From <strong>{c.customerName}</strong> (<a href={`mailto:${c.customerEmail}`}>{c.customerEmail}</a>), sent {r.sentAt}. Status: <strong>{r.status}</strong>.
      </p>
      <div className="detail-grid">
        <section className="panel" aria-labelledby="asked-heading">
          <h2 id="asked-heading">What they asked for</h2>
          <dl className="summary">
            <dt>Package</dt>
            <dd>{r.packageName}</dd>
            <dt>Add-ons</dt>
            <dd>{r.addons.length ? r.addons.join(", ") : "None"}</dd>
            <dt>Tracks</dt>
            <dd>{r.trackCount}</dd>
            <dt>Wished deadline</dt>
            <dd>{r.wishedDeadline ?? "None given"}</dd>
            <dt>Notes</dt>
            <dd className="prewrap">{r.notes ?? "None"}</dd>
          </dl>
          <h3>Files</h3>
          <ul className="plain-list">
            {r.links.map((link) => (
              <li key={link} style={{ wordBreak: "break-all" }}>
                <a href={link} rel="noreferrer noopener nofollow" target="_blank">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="consultation-heading">
          <h2 id="consultation-heading">The consultation</h2>
          <dl className="summary">
            <dt>Reference</dt>
            <dd>
              <Link to={`/admin/consultations/${c.id}`}>{c.reference}</Link>
            </dd>
            <dt>When</dt>
            <dd>{c.when}</dd>
            <dt>Genre</dt>
            <dd>
              {c.genre}
              {c.bpm !== null ? `, ${c.bpm} BPM` : ""}
            </dd>
            <dt>What they told us</dt>
            <dd className="prewrap">{c.description}</dd>
          </dl>
        </section>
      </div>
      <section className="panel" aria-labelledby="estimate-heading">
        <h2 id="estimate-heading">Estimate when sent</h2>
        <EstimateTable estimate={r.estimate} caption="Estimate from the catalogue at the time" />
      </section>
      <RequestQuotes requestId={r.id} quotes={quotes} />
    </article>
  );
}
