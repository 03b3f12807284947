import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import type { PageHandle } from "~/root";
import { constraintMessages } from "~/domain/constraint-messages";
import { manageRescheduleSchema } from "~/domain/manage";
import type { Slot } from "~/domain/slots";
import { ErrorSummary } from "~/components/error-summary";
import { FeedbackInvite } from "~/components/feedback-invite";
import { FormErrors } from "~/components/field";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { ProjectProgress } from "~/components/project-progress";
import { SlotPicker } from "~/components/slot-picker";
import { TimeZoneForm } from "~/components/time-zone-form";
import { ClientRequests } from "~/components/services/client-requests";
import { ServiceRequestLink } from "~/components/services/request-link";
import { appServices, type AppServices } from "~/server/context.server";
import type { ConsultationRow } from "~/server/db/schema.server";
import { checkRateLimit } from "~/server/rate-limit/limits.server";
import { pageLocale } from "~/server/page-locale.server";
import { MANAGE_HEADERS, managePath, requireManagedConsultation, rescheduleFromLink } from "~/server/manage.server";
import { managePage } from "~/server/manage-page.server";
import { isDocumentNavigation, toManagePage } from "~/server/manage-page-key.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token: the client's private page, linked from every email and from
// the confirmation page. Shows the booking and lets the client move it to
// another free time; cancelling has its own confirmation step
// (manage.$token_.cancel.tsx). Plain forms and redirects, so all of it works
// without JavaScript.

// Every word the client reads on this page, in one place (ready for
// translation; English for now). Dates and times come in the client's locale.
const COPY = {
  title: (reference: string | undefined) => (reference ? `Your consultation ${reference}` : "Your consultation"),
  description: "Your consultation with the studio: when it is, and how to move or cancel it.",
  reference: (reference: string) => `Booking reference ${reference}`,
  heading: "Your consultation",
  headingCancelled: "Your consultation is cancelled",
  movedTo: "Your consultation has been moved to",
  movedAfter: ". We've emailed you the updated details and calendar invite.",
  cancelledDone: "Done: the time is free for someone else, and we've emailed you a confirmation.",
  erasedDone: "Done: your personal data has been erased. We keep only the times and statuses, without anything that identifies you.",
  pickNew: "Pick a new time",
  cancel: "Cancel this consultation…",
  changeUntil: (notice: string) => `You can move or cancel it here up to ${notice} before the start.`,
  tooLateHeading: "It's too late to change this online",
  tooLate: (notice: string, contact: string) => `Your consultation starts in less than ${notice}, so it can no longer be moved or cancelled here. Please contact ${contact}`,
  tooLateQuote: (reference: string) => `and quote ${reference}.`,
  at: "at",
  pastHeading: "This consultation has taken place",
  talkAgain: (studioName: string) => `Would you like to talk to ${studioName} again?`,
  bookNew: "Book a new consultation",
  dataHeading: "Your data",
  download: "Download my data",
  downloadAbout: "(a JSON file of everything we store about you: bookings, their history, the emails we sent).",
  erased: "Your personal data has been erased.",
  delete: "Delete my data…",
  againHeading: "Changed your mind?",
  again: "A cancelled consultation can't be restored, but you can book a new time in a minute.",
  bookAgain: "Book again",
  project: "Project",
  yourTime: (timeZone: string) => `When (your time, ${timeZone})`,
  studioTime: (timeZone: string) => `Studio time (${timeZone})`,
  length: "Length",
  minutes: (minutes: string) => `${minutes} minutes`,
  status: "Status",
  takenPlace: "Taken place",
  moveHeading: "Move to another time",
  moveIntro: "Pick a new time below. Your current time is freed for someone else, and we'll email you the updated calendar invite.",
  move: "Move my consultation",
  moving: "Moving your consultation…",
  failed: "We couldn't move your consultation just now. It is still booked at its current time: please try again in a moment.",
};

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];
export const handle: PageHandle = { hydrate: false, script: "/manage.js" };

// What manage.js says when no new time is chosen: the schema's own words.
const SLOT_MESSAGES = constraintMessages(manageRescheduleSchema.shape.consultationDate, { required: true });

export const meta: MetaFunction<typeof loader> = ({ data }) => manageMeta(data);

/** The page's title and description; `robots` keeps the token's address out of search engines. */
export const manageMeta = (data: { reference?: string } | undefined, robots: string | null = "noindex, nofollow") => [
  { title: COPY.title(data?.reference) },
  { name: "description", content: COPY.description },
  // The token's address: never indexed. The keyless one needs no tag: it opens only with its cookie (0057).
  ...(robots ? [{ name: "robots", content: robots }] : []),
];

export const headers: HeadersFunction = () => MANAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  // A browser tab goes on to the keyless address (manage.c.$id.tsx, docs/decisions/0057).
  if (isDocumentNavigation(request)) throw toManagePage(services.config, row.id, params.token!, new URL(request.url).search, MANAGE_HEADERS);
  return managePage(services, request, row, { token: params.token!, pagePath: managePath(params.token!) }, MANAGE_HEADERS);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  return rescheduleAction(services, request, context, row, (options) => managePath(params.token!, options));
}

/**
 * The reschedule form's post, here and at the keyless address (manage.c.$id.tsx),
 * for the consultation the request's key opened; `pageAfter` is where the page is after a move.
 */
export async function rescheduleAction(
  services: AppServices,
  request: Request,
  context: ActionFunctionArgs["context"],
  row: ConsultationRow,
  pageAfter: (options: { done: "rescheduled"; timeZone?: string }) => string,
) {
  const submission = parseWithZod(await request.formData(), { schema: manageRescheduleSchema });
  const limit = await checkRateLimit(context, request, "manage");
  if (limit.limited) return json({ result: submission.reply({ formErrors: [limit.message] }), alternatives: [] as Slot[] }, { status: 429, headers: MANAGE_HEADERS });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), alternatives: [] as Slot[] }, { status: 400, headers: MANAGE_HEADERS });
  }
  const { consultationDate, timeZone } = submission.value;
  try {
    const outcome = await rescheduleFromLink(services, row, Date.parse(consultationDate), timeZone ?? row.timeZone, pageLocale(request, row.locale).locale);
    switch (outcome.kind) {
      case "done":
        return redirect(pageAfter({ done: "rescheduled", timeZone }), { headers: MANAGE_HEADERS });
      case "slot_unavailable":
        return json(
          { result: submission.reply({ fieldErrors: { consultationDate: [outcome.message] } }), alternatives: outcome.alternatives },
          { status: 409, headers: MANAGE_HEADERS },
        );
      case "refused":
        return json({ result: submission.reply({ formErrors: [outcome.message] }), alternatives: [] as Slot[] }, { status: outcome.status, headers: MANAGE_HEADERS });
    }
  } catch (error) {
    services.log.error("manage.reschedule_failed", { error, consultationId: row.id });
    return json(
      {
        result: submission.reply({ formErrors: [COPY.failed] }),
        alternatives: [] as Slot[],
      },
      { status: 503, headers: MANAGE_HEADERS },
    );
  }
}

export default function ManageConsultation() {
  const data = useLoaderData<typeof loader>();
  // From the data, not the address: the page also shows at /manage/c/:id (manage.c.$id.tsx).
  const { token } = data;
  const tzQuery = data.timeZone !== data.bookedTimeZone ? `?${new URLSearchParams({ tz: data.timeZone })}` : "";
  const cancelled = data.state === "cancelled";
  // A refused change (too late, cancelled meanwhile) when the page has no form to show it in.
  const refusal = useActionData<typeof action>()?.result.error?.[""];

  return (
    <div className="manage">
      <section className="panel confirmation" aria-labelledby="manage-heading">
        <p className="eyebrow">{COPY.reference(data.reference)}</p>
        <h1 id="manage-heading">{cancelled ? COPY.headingCancelled : COPY.heading}</h1>
        {data.done === "rescheduled" && data.state !== "cancelled" ? (
          <div className="banner banner--ok" role="status">
            <p>
              {COPY.movedTo}{" "}
              <strong lang={data.localized.locale} dir={data.localized.dir}>
                {data.localized.when}
              </strong>
              {COPY.movedAfter}
            </p>
          </div>
        ) : null}
        {data.done === "cancelled" && cancelled ? (
          <div className="banner banner--ok" role="status">
            <p>{COPY.cancelledDone}</p>
          </div>
        ) : null}
        {data.done === "erased" && data.erased ? (
          <div className="banner banner--ok" role="status">
            <p>{COPY.erasedDone}</p>
          </div>
        ) : null}
        {data.state !== "changeable" && refusal ? (
          <div className="banner banner--error" role="alert">
            {refusal.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        ) : null}
        <BookingSummary data={data} />
        {data.state === "changeable" ? (
          <>
            <div className="manage-actions">
              <a href="#reschedule-heading" className="button">
                {COPY.pickNew}
              </a>
              <Link to={`/manage/${token}/cancel${tzQuery}`} className="button button--danger">
                {COPY.cancel}
              </Link>
            </div>
            <p className="hint">{COPY.changeUntil(data.notice)}</p>
          </>
        ) : null}
      </section>

      <ProjectProgress projects={data.projects} studioName={data.studioName} />
      <ClientRequests requests={data.requests} studioName={data.studioName} />

      {data.state === "changeable" && data.availability ? <RescheduleSection data={data} availability={data.availability} token={token!} /> : null}

      {data.state === "within_notice" ? (
        <section className="panel notice-panel" aria-labelledby="notice-heading">
          <h2 id="notice-heading">{COPY.tooLateHeading}</h2>
          <p>
            {COPY.tooLate(data.notice, data.contact.name)} {COPY.at} <a href={`mailto:${data.contact.email}`}>{data.contact.email}</a>{" "}
            {COPY.tooLateQuote(data.reference)}
          </p>
        </section>
      ) : null}

      <ServiceRequestLink status={data.status} managePath={`/manage/${token}`} studioName={data.studioName} />

      {data.state === "past" || data.state === "completed" || data.state === "no_show" ? (
        <section className="panel" aria-labelledby="past-heading">
          <h2 id="past-heading">{COPY.pastHeading}</h2>
          {data.state !== "no_show" ? <FeedbackInvite token={token!} /> : null}
          <p>{COPY.talkAgain(data.studioName)}</p>
          <p>
            <Link reloadDocument to="/book" className="button button--primary">
              {COPY.bookNew}
            </Link>
          </p>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="data-heading">
        <h2 id="data-heading">{COPY.dataHeading}</h2>
        <p>
          <a href={`/manage/${token}/data.json`} download>
            {COPY.download}
          </a>{" "}
          {COPY.downloadAbout}
        </p>
        {data.erased ? (
          <p>{COPY.erased}</p>
        ) : (
          <p>
            <Link to={`/manage/${token}/delete`}>{COPY.delete}</Link>
          </p>
        )}
      </section>

      {cancelled ? (
        <section className="panel" aria-labelledby="again-heading">
          <h2 id="again-heading">{COPY.againHeading}</h2>
          <p>{COPY.again}</p>
          <p>
            <Link reloadDocument to="/book" className="button button--primary">
              {COPY.bookAgain}
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

type ManageData = ReturnType<typeof useLoaderData<typeof loader>>;

function BookingSummary({ data }: { data: ManageData }) {
  const sameZone = data.timeZone === data.studioTimeZone;
  return (
    <dl className="summary">
      <dt>{COPY.project}</dt>
      <dd>{data.projectName}</dd>
      <dt>{COPY.yourTime(data.timeZone)}</dt>
      <dd className={data.state === "cancelled" ? "struck" : undefined} lang={data.localized.locale} dir={data.localized.dir}>
        {data.localized.when}
      </dd>
      {!sameZone ? (
        <>
          <dt>{COPY.studioTime(data.studioTimeZone)}</dt>
          <dd className={data.state === "cancelled" ? "struck" : undefined} lang={data.localized.locale} dir={data.localized.dir}>
            {data.localized.studioWhen}
          </dd>
        </>
      ) : null}
      <dt>{COPY.length}</dt>
      <dd>{COPY.minutes(data.localized.minutes)}</dd>
      <dt>{COPY.status}</dt>
      <dd>
        <span className={`status-badge status-badge--${data.status}`}>{data.state === "past" ? COPY.takenPlace : data.statusLabel}</span>
      </dd>
    </dl>
  );
}

function RescheduleSection({
  data,
  availability,
  token,
}: {
  data: ManageData;
  availability: NonNullable<ManageData["availability"]>;
  token: string;
}) {
  const actionData = useActionData<typeof action>();
  // Rendered on the server only: the server's answer to a post shows here; manage.js checks before sending.
  const [form, fields] = useForm<z.input<typeof manageRescheduleSchema>>({
    id: "reschedule",
    lastResult: actionData?.result,
    constraint: getZodConstraint(manageRescheduleSchema),
  });
  // Post back to this page as it is (its address, zone and week), without the "done" note.
  const actionPath = `${data.pagePath}?${new URLSearchParams({ tz: data.timeZone, from: availability.from })}`;

  return (
    <section className="reschedule" aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">{COPY.moveHeading}</h2>
      <p>{COPY.moveIntro}</p>
      <TimeZoneForm timeZone={data.timeZone} from={availability.from} options={data.timeZoneOptions} />
      <Form method="post" action={actionPath} {...getFormProps(form)} className="reschedule-form">
        <input type="hidden" name="timeZone" value={data.timeZone} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ErrorSummary errors={actionData?.result.error} targetIds={{ consultationDate: "slot-picker" }} />
        <SlotPicker
          field={fields.consultationDate}
          availability={availability}
          alternatives={actionData?.alternatives ?? []}
          current={data.startsAt}
          currentLabel={data.localized.clock}
          messages={SLOT_MESSAGES}
        />
        <button type="submit" className="button button--primary" data-busy={COPY.moving}>
          {COPY.move}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = ManageLinkProblem;
