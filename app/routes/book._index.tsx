import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import type { PageHandle } from "~/root";
import { queryFromUrl } from "~/domain/availability-query";
import { constraintMessages } from "~/domain/constraint-messages";
import { bookingFormSchema, bookingDefaultsForService, GENRES, HONEYPOT_FIELD, LIMITS, PHONE_INPUT_PATTERN } from "~/domain/consultation";
import { FORM_STARTED_FIELD } from "~/domain/form-guard";
import type { Slot } from "~/domain/slots";
import { timeZoneOptions } from "~/domain/time-zones";
import { useCarriedParams } from "~/components/carried-params";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormErrors } from "~/components/field";
import { SlotPicker } from "~/components/slot-picker";
import { asFieldMetadata, asFormMetadata, staticForm } from "~/components/static-form";
import { TimeZoneForm } from "~/components/time-zone-form";
import { formStartedToken, guardBookingForm, type FormRefusal } from "~/server/booking-form-guard.server";
import { appServices } from "~/server/context.server";
import type { DocumentMemoHandle } from "~/server/document-memo.server";
import { pageLocale } from "~/server/page-locale.server";
import { availabilityFor } from "~/server/slots.server";
import { submitBooking } from "~/server/submit-booking.server";
import { BookingContextFields } from "~/components/booking-context-fields";
import { bookingContextFromForm, confirmedPath } from "~/server/booking-context.server";

// Every word the client reads on this page, in one place (ready for translation;
// English for now). The slot picker and the zone form keep theirs beside them.
const COPY = {
  title: "Book a 15-minute consultation",
  description: "Pick a free time for a 15-minute consultation about your music project, shown in your time zone, and get an instant confirmation.",
  intro: (studioName: string) => `Tell ${studioName} about your project and pick a time that suits you. Times are shown in your time zone.`,
  honeypot: "Leave this field empty",
  projectLegend: "Your project",
  projectName: "Project name",
  projectDescription: "Project description",
  projectDescriptionHint: `What are you working on, and what would you like help with? Up to ${LIMITS.projectDescription} characters.`,
  genre: "Genre",
  genrePlaceholder: "Choose a genre",
  bpm: "BPM",
  specialRequirements: "Special requirements",
  specialRequirementsHint: "Accessibility needs, references, anything we should know.",
  detailsLegend: "Your details",
  customerName: "Your name",
  customerEmail: "Email",
  customerPhone: "Phone",
  customerPhoneHint: "International format, like +44 20 7946 0958.",
  submit: "Book consultation",
  submitting: "Booking your consultation…",
  failed: "We couldn't save your booking just now. Your details are still here: please try again in a moment.",
};

export const meta: MetaFunction = () => [
  { title: COPY.title },
  { name: "description", content: COPY.description },
];

// Not hydrated: the HTML is the whole page and works without JavaScript;
// public/book.js adds what JavaScript can (docs/decisions/0026).
// Rendered once per URL and loader data; the form's key and stamp are filled in per request (document-memo.server.ts).
export const handle: PageHandle & DocumentMemoHandle = {
  hydrate: false,
  script: "/book.js",
  memo: { perRequest: ["idempotencyKey", "formStartedAt"] },
};

// What the browser says when a native constraint fails: the schema's own words.
const shape = bookingFormSchema.shape;
const MESSAGES = {
  projectName: constraintMessages(shape.projectName, { required: true, maxLength: LIMITS.projectName }),
  projectDescription: constraintMessages(shape.projectDescription, { required: true, maxLength: LIMITS.projectDescription }),
  genre: constraintMessages(shape.genre, { required: true }),
  bpm: constraintMessages(shape.bpm, { type: "number", min: LIMITS.bpmMin, max: LIMITS.bpmMax, step: 1 }),
  specialRequirements: constraintMessages(shape.specialRequirements, { maxLength: LIMITS.specialRequirements }),
  customerName: constraintMessages(shape.customerName, { required: true, maxLength: LIMITS.customerName }),
  customerEmail: constraintMessages(shape.customerEmail, { required: true, type: "email", maxLength: LIMITS.customerEmail }),
  customerPhone: constraintMessages(shape.customerPhone, { type: "tel", pattern: PHONE_INPUT_PATTERN, patternExample: "12ab" }),
  consultationDate: constraintMessages(shape.consultationDate, { required: true }),
};

const DAYS_PER_PAGE = 7;
// The form's constraints (required, maxLength, pattern...) from the schema, worked out once.
const BOOKING_CONSTRAINT = getZodConstraint(bookingFormSchema);
const FIELD_NAMES = Object.keys(bookingFormSchema.shape) as FieldName[];
type FieldName = keyof z.input<typeof bookingFormSchema> & string;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const url = new URL(request.url);
  const query = queryFromUrl(url);
  const studioTimeZone = services.config.bookingRules.studioTimeZone;
  // A bad tz or date in a shared link falls back to sensible defaults.
  const tz = (query.success && query.data.tz) || studioTimeZone;
  const from = query.success ? query.data.from : undefined;
  // Times and dates in the client's locale (Accept-Language, or ?locale=); the wording stays English.
  const { locale } = pageLocale(request);
  const availability = await availabilityFor(services, { clientTimeZone: tz, from, days: DAYS_PER_PAGE, locale });
  return json({
    ...availability,
    tzFromUrl: url.searchParams.has("tz"),
    studioName: services.config.studioName,
    timeZoneOptions: timeZoneOptions([tz, studioTimeZone], services.now()),
    idempotencyKey: crypto.randomUUID(),
    formStartedAt: await formStartedToken(context),
    // The studio page the embed opened from (data-service) pre-selects its genre or notes the interest, with or without JavaScript.
    serviceDefaults: bookingDefaultsForService(url.searchParams.get("service")),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: bookingFormSchema });
  // Rate limit and minimum fill time; what was typed comes back with the message.
  // The rate limit's round trip overlaps the booking's read (the booking waits
  // for the verdict before it claims or writes); a refusal is answered first.
  const refused = (refusal: FormRefusal) =>
    json({ result: submission.reply({ formErrors: [refusal.message] }), alternatives: [] as Slot[] }, { status: refusal.status });
  const admission = guardBookingForm(context, request, formData).then((refusal) => (refusal ? refused(refusal) : null));
  if (submission.status !== "success") {
    return (await admission) ?? json({ result: submission.reply(), alternatives: [] as Slot[] }, { status: 400 });
  }
  const { idempotencyKey, [HONEYPOT_FIELD]: honeypot, ...input } = submission.value;
  if (honeypot) {
    const refusal = await admission;
    if (refusal) return refusal;
    services.log.warn("booking.honeypot", {});
    return redirect("/book/received");
  }
  try {
    const outcome = await submitBooking(services, input, idempotencyKey, { ...bookingContextFromForm(request, formData), admission });
    // The answer `admission` made (`refused` above), handed back by the booking.
    if (outcome.status === "refused") return outcome.response as ReturnType<typeof refused>;
    if (outcome.status === 201) {
      const { id } = outcome.body as { id: string };
      return redirect(confirmedPath(id, formData));
    }
    const body = outcome.body as { error: string; alternatives?: Slot[]; field?: null };
    return json(
      {
        result: submission.reply(body.field === null ? { formErrors: [body.error] } : { fieldErrors: { consultationDate: [body.error] } }),
        alternatives: body.alternatives ?? [],
      },
      { status: outcome.status },
    );
  } catch (error) {
    services.log.error("booking.failed", { error });
    return json(
      {
        result: submission.reply({
          formErrors: [COPY.failed],
        }),
        alternatives: [] as Slot[],
      },
      { status: 503 },
    );
  }
}

export default function BookPage() {
  const carried = useCarriedParams();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  // Not hydrated (handle.hydrate): the fields' attributes are worked out once, not through useForm's proxies.
  const { form, fields: staticFields } = staticForm({
    id: "booking",
    names: FIELD_NAMES,
    constraint: BOOKING_CONSTRAINT,
    defaultValue: data.serviceDefaults,
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
  });
  const fields = Object.fromEntries(FIELD_NAMES.map((name) => [name, asFieldMetadata(staticFields[name])])) as Record<FieldName, FieldMetadata<string>>;

  return (
    <div className="book">
      <section className="intro">
        <h1>{COPY.title}</h1>
        <p>{COPY.intro(data.studioName)}</p>
      </section>

      <TimeZoneForm timeZone={data.timeZone} from={data.from} options={data.timeZoneOptions} />

      {/* The zone and dates go with the post, so the page that answers (a problem, the nearest free times) keeps them. */}
      <Form
        method="post"
        action={`/book?${new URLSearchParams([["index", ""], ["tz", data.timeZone], ["from", data.from], ...carried])}`}
        {...getFormProps(asFormMetadata(form))}
        className="booking-form"
        data-tz-from-url={data.tzFromUrl ? "" : undefined}
      >
        <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
        <input type="hidden" name={FORM_STARTED_FIELD} value={data.formStartedAt} />
        <input type="hidden" name="timeZone" value={data.timeZone} />
        <BookingContextFields />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="booking-website">{COPY.honeypot}</label>
          <input id="booking-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
        </div>

        <FormErrors id={form.errorId} errors={form.errors} />
        <ErrorSummary
          errors={navigation.state === "idle" ? actionData?.result.error : undefined}
          targetIds={{
            ...Object.fromEntries(FIELD_NAMES.map((name) => [name, fields[name].id])),
            consultationDate: "slot-picker",
          }}
        />

        <SlotPicker
          field={fields.consultationDate}
          availability={data}
          alternatives={actionData?.alternatives ?? []}
          messages={MESSAGES.consultationDate}
        />

        <fieldset className="panel">
          <legend>{COPY.projectLegend}</legend>
          <Field label={COPY.projectName} htmlFor={fields.projectName.id} errorId={fields.projectName.errorId} errors={fields.projectName.errors}>
            <input {...getInputProps(fields.projectName, { type: "text" })} autoComplete="off" {...MESSAGES.projectName} />
          </Field>
          <Field
            label={COPY.projectDescription}
            htmlFor={fields.projectDescription.id}
            hint={COPY.projectDescriptionHint}
            hintId={fields.projectDescription.descriptionId}
            errorId={fields.projectDescription.errorId}
            errors={fields.projectDescription.errors}
          >
            <textarea {...getTextareaProps(fields.projectDescription, { ariaDescribedBy: fields.projectDescription.descriptionId })} rows={4} {...MESSAGES.projectDescription} />
          </Field>
          <div className="field-row">
            <Field label={COPY.genre} htmlFor={fields.genre.id} errorId={fields.genre.errorId} errors={fields.genre.errors}>
              <select {...getSelectProps(fields.genre)} {...MESSAGES.genre}>
                <option value="">{COPY.genrePlaceholder}</option>
                {GENRES.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={COPY.bpm} optional htmlFor={fields.bpm.id} errorId={fields.bpm.errorId} errors={fields.bpm.errors}>
              <input {...getInputProps(fields.bpm, { type: "number" })} inputMode="numeric" step={1} {...MESSAGES.bpm} />
            </Field>
          </div>
          <Field
            label={COPY.specialRequirements}
            optional
            htmlFor={fields.specialRequirements.id}
            hint={COPY.specialRequirementsHint}
            hintId={fields.specialRequirements.descriptionId}
            errorId={fields.specialRequirements.errorId}
            errors={fields.specialRequirements.errors}
          >
            <textarea {...getTextareaProps(fields.specialRequirements, { ariaDescribedBy: fields.specialRequirements.descriptionId })} rows={3} {...MESSAGES.specialRequirements} />
          </Field>
        </fieldset>

        <fieldset className="panel">
          <legend>{COPY.detailsLegend}</legend>
          <Field label={COPY.customerName} htmlFor={fields.customerName.id} errorId={fields.customerName.errorId} errors={fields.customerName.errors}>
            <input {...getInputProps(fields.customerName, { type: "text" })} autoComplete="name" {...MESSAGES.customerName} />
          </Field>
          <Field label={COPY.customerEmail} htmlFor={fields.customerEmail.id} errorId={fields.customerEmail.errorId} errors={fields.customerEmail.errors}>
            <input {...getInputProps(fields.customerEmail, { type: "email" })} autoComplete="email" {...MESSAGES.customerEmail} />
          </Field>
          <Field
            label={COPY.customerPhone}
            optional
            htmlFor={fields.customerPhone.id}
            hint={COPY.customerPhoneHint}
            hintId={fields.customerPhone.descriptionId}
            errorId={fields.customerPhone.errorId}
            errors={fields.customerPhone.errors}
          >
            {/* The pattern is set by the script: without JavaScript the server checks the number (and says why). */}
            <input
              {...getInputProps(fields.customerPhone, { type: "tel", ariaDescribedBy: fields.customerPhone.descriptionId })}
              autoComplete="tel"
              data-pattern={PHONE_INPUT_PATTERN}
              {...MESSAGES.customerPhone}
            />
          </Field>
        </fieldset>

        <button type="submit" className="button button--primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? COPY.submitting : COPY.submit}
        </button>
      </Form>
    </div>
  );
}
