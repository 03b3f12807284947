import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { consultationReference } from "~/domain/consultation";
import { Banner } from "~/components/banner";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { EstimateTable } from "~/components/services/estimate-table";
import { ConsultationSummary, PackageStep, ProjectStep, ReviewStep, StepHeading } from "~/components/services/request-steps";
import { appServices } from "~/server/context.server";
import { MANAGE_HEADERS, managePath, requireManagedConsultation } from "~/server/manage.server";
import { firstStep, requestStep } from "~/server/services/request-steps.server";
import { findRequestOfConsultation, requestEligibility, studioToday } from "~/server/services/service-requests.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token/service: after a completed consultation, the client asks
// for paid work in three steps (package and add-ons, the project, review
// and send), with the recommendations for their project preselected. Every
// step is a POST back here (request-steps.server.ts); the send stores the
// request and redirects to ?sent=<id>. Works without JavaScript. Not
// hydrated: public/manage.js adds the busy buttons (docs/decisions/0052).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];
export const meta: MetaFunction = () => [{ title: "Request mixing, mastering or production" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => MANAGE_HEADERS;
export const handle: PageHandle = { hydrate: false, script: "/manage.js" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const { currency } = services.config.services;
  const base = {
    studioName: services.config.studioName,
    currency,
    today: studioToday(services),
    summary: { reference: consultationReference(row.id), projectName: row.projectName, genre: row.genre, bpm: row.bpm, description: row.projectDescription },
  };
  const eligibility = requestEligibility(row, services.config.studioName);
  if (!eligibility.ok) return json({ ...base, page: "ineligible" as const, eligibility }, { headers: MANAGE_HEADERS });

  const sentId = new URL(request.url).searchParams.get("sent");
  const sent = sentId ? await findRequestOfConsultation(services.db, row.id, sentId) : null;
  if (sent) {
    return json(
      { ...base, page: "sent" as const, sent: { estimate: sent.estimate, trackCount: sent.trackCount, links: sent.fileLinks, customerEmail: row.customerEmail } },
      { headers: MANAGE_HEADERS },
    );
  }
  const first = await firstStep(services, row);
  return json(
    { ...base, page: "form" as const, draft: first.draft, offered: first.offered, recommendations: first.recommendations, trackCountReason: first.trackCountReason },
    { headers: MANAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const eligibility = requestEligibility(row, services.config.studioName);
  if (!eligibility.ok) return json({ kind: "refused" as const, message: eligibility.message }, { status: 409, headers: MANAGE_HEADERS });
  try {
    const view = await requestStep(services, row, await request.formData());
    if (view.kind === "sent") return redirect(`${managePath(params.token!)}/service?${new URLSearchParams({ sent: view.requestId })}`, { headers: MANAGE_HEADERS });
    if (view.kind === "refused") return json(view, { status: 409, headers: MANAGE_HEADERS });
    const status = Object.keys(view.errors).length > 0 ? 400 : 200;
    return json(view, { status, headers: MANAGE_HEADERS });
  } catch (error) {
    services.log.error("service_request.failed", { error, consultationId: row.id });
    return json(
      { kind: "refused" as const, message: "We couldn't send your request just now. Nothing was lost on your side: go back and try again in a moment." },
      { status: 503, headers: MANAGE_HEADERS },
    );
  }
}

export default function ServiceRequestPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  const back = `/manage/${token}`;
  const formAction = `/manage/${token}/service`;

  if (data.page === "ineligible") {
    return (
      <section className="panel" aria-labelledby="request-heading">
        <h1 id="request-heading">{data.eligibility.title}</h1>
        <p>{data.eligibility.message}</p>
        <p>
          <Link to={back}>Back to your consultation</Link>
        </p>
      </section>
    );
  }

  if (data.page === "sent") {
    return (
      <section className="panel confirmation" aria-labelledby="request-heading">
        <p className="eyebrow">{`Consultation ${data.summary.reference}`}</p>
        <h1 id="request-heading">Your request is on its way</h1>
        <div className="banner banner--ok" role="status">
          <p>
            {data.studioName} has your request for <strong>{data.summary.projectName}</strong> and will reply with a quote. We've emailed a copy to{" "}
            <strong>{data.sent.customerEmail}</strong>.
          </p>
        </div>
        <EstimateTable estimate={data.sent.estimate} caption="What you asked for" />
        <p>
          <Link to={back}>Back to your consultation</Link>
        </p>
      </section>
    );
  }

  const view = actionData && actionData.kind === "step" ? actionData : null;
  const refusal = actionData && actionData.kind === "refused" ? actionData.message : null;
  const step = view?.step ?? "package";
  const draft = view?.draft ?? data.draft;
  const errors = view?.errors ?? {};

  return (
    <section className="panel request" aria-labelledby="request-heading">
      <StepHeading step={step} />
      <ConsultationSummary summary={data.summary} />
      <Banner tone="error">{refusal}</Banner>
      {step === "package" ? (
        <PackageStep action={formAction} draft={draft} errors={errors} packages={data.offered.packages} addons={data.offered.addons} recommendations={data.recommendations} currency={data.currency} />
      ) : step === "project" ? (
        <ProjectStep action={formAction} draft={draft} errors={errors} today={data.today} trackCountReason={data.trackCountReason} />
      ) : view?.estimate ? (
        <ReviewStep action={formAction} draft={draft} estimate={view.estimate} />
      ) : null}
      <p>
        <Link to={back}>Back to your consultation</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = ManageLinkProblem;
