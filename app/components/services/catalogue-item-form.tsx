import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/utils/parse-with-zod";
import { Form, useNavigation } from "@remix-run/react";
import { CATALOGUE_LIMITS, catalogueItemSchema, type CatalogueItem } from "~/domain/catalogue";
import { basisPointsToPercentText, minorToInput } from "~/domain/money";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormErrors } from "~/components/field";

// The admin's create/edit form for a catalogue item. Prices are typed as
// money text ("1,234.50") and parsed on the server without floats
// (catalogueItemSchema). Without JavaScript every field shows; the hints say
// which ones each pricing model uses, and the others are ignored.

const PRICING_LABELS = {
  package: "Package: base price + price per track",
  flat: "Add-on: a flat price",
  per_track: "Add-on: a price per track",
  percent: "Add-on: a percentage of the package",
} as const;

export function formDefaults(item: CatalogueItem, currency: string) {
  return {
    name: item.name,
    code: item.code,
    description: item.description,
    kind: item.kind,
    pricing: item.pricing,
    basePrice: minorToInput(item.baseMinor, currency),
    perTrackPrice: minorToInput(item.perTrackMinor, currency),
    percent: basisPointsToPercentText(item.percentBp),
    turnaroundDays: String(item.turnaroundDays),
    turnaroundDaysSaved: String(item.turnaroundDaysSaved),
    active: item.active ? "on" : undefined,
    sortOrder: String(item.sortOrder),
  };
}

export function CatalogueItemForm({
  currency,
  defaults,
  lastResult,
  kindLocked,
  submitLabel,
}: {
  currency: string;
  defaults: Partial<ReturnType<typeof formDefaults>>;
  lastResult: SubmissionResult<string[]> | undefined;
  kindLocked: boolean;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const schema = catalogueItemSchema({ currency });
  const [form, fields] = useForm({
    id: "catalogue-item",
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const ids = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.id]));

  return (
    <Form method="post" {...getFormProps(form)} className="panel edit-form">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <ErrorSummary errors={navigation.state === "idle" ? lastResult?.error : undefined} targetIds={ids} />
      <div className="field-row field-row--even">
        <Field label="Name" htmlFor={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} maxLength={CATALOGUE_LIMITS.name} />
        </Field>
        <Field
          label="Code"
          htmlFor={fields.code.id}
          hint="Lower-case letters, digits and _, e.g. mix_master. Used in the API and reports."
          hintId={fields.code.descriptionId}
          errorId={fields.code.errorId}
          errors={fields.code.errors}
        >
          <input {...getInputProps(fields.code, { type: "text", ariaDescribedBy: fields.code.descriptionId })} maxLength={CATALOGUE_LIMITS.code} />
        </Field>
      </div>
      <Field
        label="Description"
        optional
        htmlFor={fields.description.id}
        hint="Clients read this when they choose."
        hintId={fields.description.descriptionId}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
      >
        <textarea {...getTextareaProps(fields.description, { ariaDescribedBy: fields.description.descriptionId })} rows={2} maxLength={CATALOGUE_LIMITS.description} />
      </Field>
      <div className="field-row field-row--even">
        <Field
          label="Kind"
          htmlFor={fields.kind.id}
          hint={kindLocked ? "An item stays a package or an add-on; retire it and add a new one to change that." : undefined}
          hintId={fields.kind.descriptionId}
          errorId={fields.kind.errorId}
          errors={fields.kind.errors}
        >
          {kindLocked ? (
            <>
              <input type="hidden" name={fields.kind.name} value={String(fields.kind.initialValue ?? "")} />
              <input id={fields.kind.id} type="text" readOnly value={fields.kind.initialValue === "package" ? "Package" : "Add-on"} aria-describedby={fields.kind.descriptionId} />
            </>
          ) : (
            <select {...getSelectProps(fields.kind)}>
              <option value="package">Package</option>
              <option value="addon">Add-on</option>
            </select>
          )}
        </Field>
        <Field label="Priced as" htmlFor={fields.pricing.id} errorId={fields.pricing.errorId} errors={fields.pricing.errors}>
          <select {...getSelectProps(fields.pricing)}>
            {Object.entries(PRICING_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="field-row field-row--even">
        <Field
          label={`Base or flat price (${currency})`}
          htmlFor={fields.basePrice.id}
          hint="Packages and flat add-ons, e.g. 50 or 1,250.00"
          hintId={fields.basePrice.descriptionId}
          errorId={fields.basePrice.errorId}
          errors={fields.basePrice.errors}
        >
          <input {...getInputProps(fields.basePrice, { type: "text", ariaDescribedBy: fields.basePrice.descriptionId })} inputMode="decimal" />
        </Field>
        <Field
          label={`Price per track (${currency})`}
          htmlFor={fields.perTrackPrice.id}
          hint="Packages and per-track add-ons"
          hintId={fields.perTrackPrice.descriptionId}
          errorId={fields.perTrackPrice.errorId}
          errors={fields.perTrackPrice.errors}
        >
          <input {...getInputProps(fields.perTrackPrice, { type: "text", ariaDescribedBy: fields.perTrackPrice.descriptionId })} inputMode="decimal" />
        </Field>
        <Field
          label="Percentage of the package"
          htmlFor={fields.percent.id}
          hint="Percentage add-ons, e.g. 50 or 17.5"
          hintId={fields.percent.descriptionId}
          errorId={fields.percent.errorId}
          errors={fields.percent.errors}
        >
          <input {...getInputProps(fields.percent, { type: "text", ariaDescribedBy: fields.percent.descriptionId })} inputMode="decimal" />
        </Field>
      </div>
      <div className="field-row field-row--even">
        <Field
          label="Turnaround (working days)"
          htmlFor={fields.turnaroundDays.id}
          hint="Packages"
          hintId={fields.turnaroundDays.descriptionId}
          errorId={fields.turnaroundDays.errorId}
          errors={fields.turnaroundDays.errors}
        >
          <input {...getInputProps(fields.turnaroundDays, { type: "number", ariaDescribedBy: fields.turnaroundDays.descriptionId })} />
        </Field>
        <Field
          label="Working days saved"
          htmlFor={fields.turnaroundDaysSaved.id}
          hint="Add-ons that shorten the turnaround (rush)"
          hintId={fields.turnaroundDaysSaved.descriptionId}
          errorId={fields.turnaroundDaysSaved.errorId}
          errors={fields.turnaroundDaysSaved.errors}
        >
          <input {...getInputProps(fields.turnaroundDaysSaved, { type: "number", ariaDescribedBy: fields.turnaroundDaysSaved.descriptionId })} />
        </Field>
        <Field
          label="Position"
          htmlFor={fields.sortOrder.id}
          hint="Lower comes first"
          hintId={fields.sortOrder.descriptionId}
          errorId={fields.sortOrder.errorId}
          errors={fields.sortOrder.errors}
        >
          <input {...getInputProps(fields.sortOrder, { type: "number", ariaDescribedBy: fields.sortOrder.descriptionId })} />
        </Field>
      </div>
      <div className="choice">
        <input {...getInputProps(fields.active, { type: "checkbox" })} />
        <label htmlFor={fields.active.id}>Offered to clients (untick to retire it; it stays on earlier requests and quotes)</label>
      </div>
      <button type="submit" className="button button--primary" disabled={saving} aria-busy={saving || undefined}>
        {saving ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
