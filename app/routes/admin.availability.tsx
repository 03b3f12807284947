import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { closureFormSchema, closureInterval, MAX_CLOSURE_REASON } from "~/domain/closures";
import { formatInZone, zonedDate } from "~/domain/time-zones";
import { Banner } from "~/components/banner";
import { Field, FormErrors } from "~/components/field";
import { addClosure, deleteClosure, listClosures } from "~/server/admin/closures.server";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";

export const meta: MetaFunction = () => [{ title: "Availability · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

type Span = { startsAt: number; endsAt: number; allDay: boolean };

function describe(c: Span, timeZone: string): string {
  if (c.allDay) {
    const first = zonedDate(c.startsAt, timeZone);
    const last = zonedDate(c.endsAt - 1, timeZone);
    const day = (instant: number) => formatInZone(instant, timeZone, "EEE d MMM yyyy");
    return first === last ? `${day(c.startsAt)}, all day` : `${day(c.startsAt)} – ${day(c.endsAt - 1)}, all day`;
  }
  const sameDay = zonedDate(c.startsAt, timeZone) === zonedDate(c.endsAt, timeZone);
  const start = formatInZone(c.startsAt, timeZone, "EEE d MMM yyyy, HH:mm");
  const end = formatInZone(c.endsAt, timeZone, sameDay ? "HH:mm" : "EEE d MMM yyyy, HH:mm");
  return `${start} – ${end}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const timeZone = services.config.bookingRules.studioTimeZone;
  const now = services.now();
  const { upcoming, past } = await listClosures(services.db, now);
  const saved = new URL(request.url).searchParams.get("saved");
  return json({
    timeZone,
    today: zonedDate(now, timeZone),
    saved: saved === "added" ? "The closure was added: its times are no longer offered to clients." : saved === "deleted" ? "The closure was removed: its times are offered again where free." : null,
    upcoming: upcoming.map((c) => ({
      id: c.id,
      when: describe(c, timeZone),
      reason: c.reason,
      createdBy: c.createdBy,
      scheduledInside: c.scheduledInside,
      listLink: `/admin/consultations?${new URLSearchParams({ status: "scheduled", from: zonedDate(Math.max(c.startsAt, now), timeZone), to: zonedDate(c.endsAt - 1, timeZone), sort: "date", dir: "asc" })}`,
    })),
    past: past.map((c) => ({ id: c.id, when: describe(c, timeZone), reason: c.reason })),
  });
}

const deleteSchema = z.object({ intent: z.literal("delete"), id: z.string().uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const services = appServices(context);
  const formData = await request.formData();

  if (formData.get("intent") === "delete") {
    const parsed = deleteSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return json({ result: null, error: "That closure could not be found. Reload the page." }, { status: 400 });
    const deleted = await deleteClosure(services.db, parsed.data.id);
    if (!deleted) return json({ result: null, error: "That closure was already removed." }, { status: 404 });
    services.log.info("admin.closure_deleted", { closureId: parsed.data.id, adminId: admin.adminId });
    return redirect("/admin/availability?saved=deleted");
  }

  const submission = parseWithZod(formData, { schema: closureFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  const timeZone = services.config.bookingRules.studioTimeZone;
  const interval = closureInterval(submission.value, timeZone);
  if (!interval.ok) return json({ result: submission.reply({ fieldErrors: { [interval.field]: [interval.message] } }), error: null }, { status: 400 });
  const row = await addClosure(services.db, { ...interval.interval, reason: submission.value.reason, createdBy: admin.email }, services.now());
  services.log.info("admin.closure_added", { closureId: row.id, adminId: admin.adminId, startsAt: new Date(row.startsAt).toISOString(), endsAt: new Date(row.endsAt).toISOString() });
  return redirect("/admin/availability?saved=added");
}

export default function Availability() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const adding = navigation.state === "submitting" && navigation.formData?.get("intent") === "add";
  const [form, fields] = useForm({
    id: "closure",
    lastResult: navigation.state === "idle" ? actionData?.result ?? undefined : undefined,
    defaultValue: { kind: "days" },
    constraint: getZodConstraint(closureFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: closureFormSchema }),
  });

  return (
    <section className="admin-page" aria-labelledby="availability-heading">
      <h1 id="availability-heading">Availability</h1>
      <p>
        Close the booking calendar for holidays or studio sessions. Closed times disappear from the booking page and the slots API at once. Times are
        in the studio's time zone, <strong>{data.timeZone}</strong>.
      </p>
      <Banner tone="ok">{data.saved}</Banner>
      <Banner tone="error">{actionData?.error}</Banner>

      <Form method="post" {...getFormProps(form)} className="panel closure-form">
        <h2>Add a closure</h2>
        <input type="hidden" name="intent" value="add" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="status-choices" aria-describedby={fields.kind.errorId}>
          <legend>Close for</legend>
          <div className="choice">
            <input type="radio" id="kind-days" name={fields.kind.name} value="days" defaultChecked={(fields.kind.initialValue ?? "days") === "days"} />
            <label htmlFor="kind-days">Whole days</label>
          </div>
          <div className="choice">
            <input type="radio" id="kind-times" name={fields.kind.name} value="times" defaultChecked={fields.kind.initialValue === "times"} />
            <label htmlFor="kind-times">A time range (fill in the times)</label>
          </div>
          <div id={fields.kind.errorId} className="field-errors" aria-live="polite">
            {fields.kind.errors?.length ? <ul>{fields.kind.errors.map((e) => <li key={e}>{e}</li>)}</ul> : null}
          </div>
        </fieldset>
        <div className="field-row field-row--even">
          <Field label="From date" htmlFor={fields.startDate.id} errorId={fields.startDate.errorId} errors={fields.startDate.errors}>
            <input {...getInputProps(fields.startDate, { type: "date" })} min={data.today} />
          </Field>
          <Field label="Start time" optional htmlFor={fields.startTime.id} hint="For a time range" hintId={fields.startTime.descriptionId} errorId={fields.startTime.errorId} errors={fields.startTime.errors}>
            <input {...getInputProps(fields.startTime, { type: "time", ariaDescribedBy: fields.startTime.descriptionId })} step={900} />
          </Field>
        </div>
        <div className="field-row field-row--even">
          <Field label="To date" optional htmlFor={fields.endDate.id} hint="Leave empty for one day" hintId={fields.endDate.descriptionId} errorId={fields.endDate.errorId} errors={fields.endDate.errors}>
            <input {...getInputProps(fields.endDate, { type: "date", ariaDescribedBy: fields.endDate.descriptionId })} min={data.today} />
          </Field>
          <Field label="End time" optional htmlFor={fields.endTime.id} hint="For a time range" hintId={fields.endTime.descriptionId} errorId={fields.endTime.errorId} errors={fields.endTime.errors}>
            <input {...getInputProps(fields.endTime, { type: "time", ariaDescribedBy: fields.endTime.descriptionId })} step={900} />
          </Field>
        </div>
        <Field label="Reason" htmlFor={fields.reason.id} hint="Only the studio sees this, e.g. “Bank holiday” or “Album session”." hintId={fields.reason.descriptionId} errorId={fields.reason.errorId} errors={fields.reason.errors}>
          <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: fields.reason.descriptionId })} rows={1} maxLength={MAX_CLOSURE_REASON} />
        </Field>
        <button type="submit" className="button button--primary" disabled={adding} aria-busy={adding || undefined}>
          {adding ? "Adding…" : "Add closure"}
        </button>
      </Form>

      <h2>Current and upcoming closures</h2>
      {data.upcoming.length === 0 ? (
        <p className="panel admin-muted">No closures: every business day is open for booking.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Current and upcoming closures</caption>
            <thead>
              <tr>
                <th scope="col">When ({data.timeZone})</th>
                <th scope="col">Reason</th>
                <th scope="col">Booked inside</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.upcoming.map((c) => (
                <tr key={c.id}>
                  <td>{c.when}</td>
                  <td>
                    {c.reason}
                    {c.createdBy ? <div className="admin-muted small">Added by {c.createdBy}</div> : null}
                  </td>
                  <td>
                    {c.scheduledInside > 0 ? (
                      <Link to={c.listLink} className="warning-text">
                        {c.scheduledInside} scheduled consultation{c.scheduledInside === 1 ? "" : "s"}: move or cancel
                      </Link>
                    ) : (
                      <span className="admin-muted">None</span>
                    )}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="id" value={c.id} />
                      <button type="submit" className="button button--small button--danger">
                        Remove<span className="visually-hidden"> the closure {c.when}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data.past.length > 0 ? (
        <details className="panel">
          <summary>Past closures (last 90 days)</summary>
          <ul className="plain-list">
            {data.past.map((c) => (
              <li key={c.id}>
                {c.when}: {c.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
