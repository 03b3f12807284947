import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
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
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { queryFromUrl } from "~/domain/availability-query";
import { constraintMessages } from "~/domain/constraint-messages";
import { consultationReference } from "~/domain/consultation";
import { manageCancelSchema, manageState } from "~/domain/manage";
import { MAX_REASON_LENGTH } from "~/domain/status";
import { pageLocale } from "~/server/page-locale.server";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormErrors } from "~/components/field";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { appServices } from "~/server/context.server";
import { checkRateLimit } from "~/server/rate-limit/limits.server";
import { cancelFromLink, MANAGE_HEADERS, managePath, requireManagedConsultation } from "~/server/manage.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token/cancel: the confirmation step before a client cancels from
// their private link. GET asks "are you sure?"; POST cancels (actor "client":
// the slot is freed, the history says so, the outbox sends the cancellation)
// and redirects to /manage/:token?done=cancelled. Cancelling again, or
// reloading the POST, lands on the cancelled page too. Not hydrated:
// public/manage.js adds what JavaScript can (docs/decisions/0052).

// Every word the client reads on this page, in one place (ready for translation; English for now).
const COPY = {
  title: "Cancel your consultation",
  reference: (reference: string) => `Booking reference ${reference}`,
  heading: "Cancel your consultation?",
  aboutBefore: "Your consultation about ",
  on: " on ",
  consequence: "will be cancelled and the time offered to someone else. This can't be undone, but you can book again at any time.",
  reasonLabel: "Reason",
  reasonHint: (studioName: string) => `Tell ${studioName} why, if you like. Up to ${MAX_REASON_LENGTH} characters.`,
  submit: "Cancel consultation",
  submitting: "Cancelling…",
  keep: "No, keep my consultation",
  failed: "We couldn't cancel your consultation just now. It is still booked: please try again in a moment.",
};

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];
export const meta: MetaFunction = () => [{ title: COPY.title }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => MANAGE_HEADERS;
export const handle: PageHandle = { hydrate: false, script: "/manage.js" };

// What manage.js says when the reason is too long: the schema's own words.
const REASON_MESSAGES = constraintMessages(manageCancelSchema.shape.reason, { maxLength: MAX_REASON_LENGTH });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const query = queryFromUrl(new URL(request.url));
  const timeZone = (query.success && query.data.tz) || row.timeZone;
  // Only a consultation that can still be changed gets the form; the manage
  // page explains every other case (cancelled, too late, over).
  if (manageState(row, services.now(), services.config.bookingRules.minNoticeMinutes) !== "changeable") {
    throw redirect(managePath(params.token!, { timeZone: timeZone === row.timeZone ? undefined : timeZone }), { headers: MANAGE_HEADERS });
  }
  const format = pageLocale(request, row.locale);
  return json(
    {
      reference: consultationReference(row.id),
      projectName: row.projectName,
      startsAt: new Date(row.consultationDate).toISOString(),
      when: format.dateTime(row.consultationDate, timeZone),
      locale: format.locale,
      dir: format.dir,
      timeZone,
      studioTimeZone: services.config.bookingRules.studioTimeZone,
      studioName: services.config.studioName,
    },
    { headers: MANAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const submission = parseWithZod(await request.formData(), { schema: manageCancelSchema });
  const limit = await checkRateLimit(context, request, "manage");
  if (limit.limited) return json({ result: submission.reply({ formErrors: [limit.message] }) }, { status: 429, headers: MANAGE_HEADERS });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400, headers: MANAGE_HEADERS });
  const { reason, timeZone } = submission.value;
  const back = timeZone && timeZone !== row.timeZone ? timeZone : undefined;
  try {
    const outcome = await cancelFromLink(services, row, reason);
    if (outcome.kind === "done") return redirect(managePath(params.token!, { done: "cancelled", timeZone: back }), { headers: MANAGE_HEADERS });
    // Too late, over, or changed meanwhile: the manage page explains the state it is in now.
    if (outcome.kind === "refused") return redirect(managePath(params.token!, { timeZone: back }), { headers: MANAGE_HEADERS });
    return json({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409, headers: MANAGE_HEADERS });
  } catch (error) {
    services.log.error("manage.cancel_failed", { error, consultationId: row.id });
    return json(
      { result: submission.reply({ formErrors: [COPY.failed] }) },
      { status: 503, headers: MANAGE_HEADERS },
    );
  }
}

export default function CancelConsultation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  // Rendered on the server only: the server's answer to a post shows here; manage.js checks before sending.
  const [form, fields] = useForm({
    id: "cancel",
    lastResult: actionData?.result,
    constraint: getZodConstraint(manageCancelSchema),
  });
  const back = `/manage/${token}${data.timeZone ? `?${new URLSearchParams({ tz: data.timeZone })}` : ""}`;

  return (
    <section className="panel confirmation cancel-step" aria-labelledby="cancel-heading">
      <p className="eyebrow">{COPY.reference(data.reference)}</p>
      <h1 id="cancel-heading">{COPY.heading}</h1>
      <p>
        {COPY.aboutBefore}
        <strong>{data.projectName}</strong>
        {COPY.on}
        <strong lang={data.locale} dir={data.dir}>
          {data.when}
        </strong>{" "}
        ({data.timeZone}) {COPY.consequence}
      </p>
      <Form method="post" action={`/manage/${token}/cancel`} {...getFormProps(form)}>
        <input type="hidden" name="timeZone" value={data.timeZone} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ErrorSummary errors={actionData?.result.error} targetIds={{ reason: fields.reason.id }} />
        <Field
          label={COPY.reasonLabel}
          optional
          htmlFor={fields.reason.id}
          hint={COPY.reasonHint(data.studioName)}
          hintId={fields.reason.descriptionId}
          errorId={fields.reason.errorId}
          errors={fields.reason.errors}
        >
          <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: fields.reason.descriptionId })} rows={3} {...REASON_MESSAGES} />
        </Field>
        <div className="manage-actions">
          <button type="submit" className="button button--primary button--destructive" data-busy={COPY.submitting}>
            {COPY.submit}
          </button>
          <Link to={back}>{COPY.keep}</Link>
        </div>
      </Form>
    </section>
  );
}

export const ErrorBoundary = ManageLinkProblem;
