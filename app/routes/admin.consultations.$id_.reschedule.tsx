import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { isIsoDate } from "~/domain/calendar-date";
import { consultationReference } from "~/domain/consultation";
import { rescheduleSchema } from "~/domain/consultation-edit";
import { MAX_REASON_LENGTH } from "~/domain/status";
import type { Slot } from "~/domain/slots";
import { studioDateTime } from "~/components/admin/format";
import { Field, FormErrors } from "~/components/field";
import { SlotPicker } from "~/components/slot-picker";
import { rescheduleOptions } from "~/server/admin/reschedule-options.server";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { changeDepsFor, rescheduleConsultation, studioRules } from "~/server/consultation-changes.server";
import { findConsultation } from "~/server/consultations.server";
import { appServices } from "~/server/context.server";

export const meta: MetaFunction = () => [{ title: "Reschedule · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const idSchema = z.string().uuid();
const notFound = () => json({ error: "There is no consultation with that id." }, { status: 404 });

// /admin/consultations/:id/reschedule?from=YYYY-MM-DD: pick a new free slot (studio time).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const deps = changeDepsFor(appServices(context));
  const c = await findConsultation(deps.db, id.data);
  if (!c) throw notFound();
  if (c.status !== "scheduled") return redirect(`/admin/consultations/${c.id}`);
  const from = new URL(request.url).searchParams.get("from") ?? undefined;
  const options = await rescheduleOptions(deps, c.id, from && isIsoDate(from) ? from : undefined);
  return json({
    id: c.id,
    reference: consultationReference(c.id),
    customerName: c.customerName,
    projectName: c.projectName,
    currently: studioDateTime(c.consultationDate, options.timeZone),
    startsAt: new Date(c.consultationDate).toISOString(),
    availability: options,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const submission = parseWithZod(await request.formData(), { schema: rescheduleSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), alternatives: [] as Slot[] }, { status: 400 });
  const services = appServices(context);
  const deps = changeDepsFor(services);
  const outcome = await rescheduleConsultation(
    deps,
    id.data,
    { startsAt: Date.parse(submission.value.consultationDate), reason: submission.value.reason },
    { kind: "studio", detail: admin.email },
    { rules: studioRules(services.config.bookingRules) },
  );
  switch (outcome.kind) {
    case "changed":
    case "unchanged":
      return redirect(`/admin/consultations/${id.data}?saved=rescheduled`);
    case "not_found":
      throw notFound();
    case "slot_unavailable":
      return json(
        { result: submission.reply({ fieldErrors: { consultationDate: [outcome.message] } }), alternatives: outcome.alternatives },
        { status: 409 },
      );
    default:
      return json({ result: submission.reply({ formErrors: [outcome.message] }), alternatives: [] as Slot[] }, { status: 409 });
  }
}

export default function Reschedule() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "reschedule",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(rescheduleSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rescheduleSchema }),
  });
  return (
    <section className="admin-page" aria-labelledby="reschedule-heading">
      <p className="breadcrumbs">
        <Link to={`/admin/consultations/${data.id}`}>← Back to {data.reference}</Link>
      </p>
      <h1 id="reschedule-heading">Reschedule {data.customerName}'s consultation</h1>
      <p>
        {data.projectName} is booked for <strong>{data.currently}</strong> ({data.availability.timeZone}). Pick the new time; the old one is freed, and
        the client gets the updated invite by email.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SlotPicker
          field={fields.consultationDate}
          availability={data.availability}
          alternatives={(actionData?.alternatives ?? []).filter((slot) => slot.startsAt !== data.startsAt)}
          current={data.startsAt}
        />
        <div className="panel">
          <Field
            label="Reason"
            optional
            htmlFor={fields.reason.id}
            hint="Kept in the consultation's history."
            hintId={fields.reason.descriptionId}
            errorId={fields.reason.errorId}
            errors={fields.reason.errors}
          >
            <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: fields.reason.descriptionId })} rows={2} maxLength={MAX_REASON_LENGTH} />
          </Field>
          <button type="submit" className="button button--primary" disabled={submitting} aria-busy={submitting || undefined}>
            {submitting ? "Moving…" : "Move the consultation"}
          </button>
        </div>
      </Form>
    </section>
  );
}
