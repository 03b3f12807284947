import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { Form, useNavigation } from "@remix-run/react";
import { QUOTE_LIMITS, quoteEditSchema } from "~/domain/quote";
import { ErrorList, Field, FormErrors } from "~/components/field";

// The studio's draft quote form. Lines are a conform list: "Add" and "Remove"
// are submit buttons carrying conform's intent, so without JavaScript the
// server answers with the list changed (nothing is saved until "Save draft"
// or "Save and send"); with JavaScript conform does the same in place.

export type EditorDefaults = {
  lines: { description: string; quantity: string; unitPrice: string; optional?: "on"; catalogueItemId: string }[];
  discount: string;
  message: string;
  paymentTerms: string;
  validDays: string;
};

export type Offer = { id: string; name: string; kind: "package" | "addon"; line: { description: string; quantity: string; unitPrice: string; catalogueItemId: string } };

export function QuoteEditor({
  action,
  currency,
  defaults,
  offers,
  lastResult,
}: {
  /** The quote's own path, without the ?saved= note of the last redirect. */
  action: string;
  currency: string;
  defaults: EditorDefaults;
  offers: Offer[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const schema = quoteEditSchema({ currency });
  const navigation = useNavigation();
  const busyOp = navigation.state === "submitting" ? navigation.formData?.get("op") : null;
  const [form, fields] = useForm({
    id: "quote",
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const lines = fields.lines.getFieldList();
  const full = lines.length >= QUOTE_LIMITS.linesMax;

  return (
    <Form method="post" action={action} {...getFormProps(form)} className="edit-form quote-editor">
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset aria-describedby={fields.lines.errorId}>
        <legend>Lines</legend>
        <p className="hint">
          Prices in {currency}, like 1234.50. Tick "Optional" for an extra the client may choose on the quote's page; it isn't in the total unless they do.
        </p>
        <ErrorList id={fields.lines.errorId} errors={fields.lines.errors} />
        <ol className="quote-lines">
          {lines.map((line, index) => {
            const f = line.getFieldset();
            return (
              <li key={line.key} className="quote-line-edit">
                <input {...getInputProps(f.catalogueItemId, { type: "hidden" })} />
                <div className="quote-line-grid">
                  <Field label={`Line ${index + 1}: description`} htmlFor={f.description.id} errorId={f.description.errorId} errors={f.description.errors}>
                    <input {...getInputProps(f.description, { type: "text" })} maxLength={QUOTE_LIMITS.description} />
                  </Field>
                  <Field label="Quantity" htmlFor={f.quantity.id} errorId={f.quantity.errorId} errors={f.quantity.errors}>
                    <input {...getInputProps(f.quantity, { type: "text" })} inputMode="numeric" className="input--short" />
                  </Field>
                  <Field label="Unit price" htmlFor={f.unitPrice.id} errorId={f.unitPrice.errorId} errors={f.unitPrice.errors}>
                    <input {...getInputProps(f.unitPrice, { type: "text" })} inputMode="decimal" className="input--short" />
                  </Field>
                </div>
                <div className="quote-line-actions">
                  <div className="choice">
                    <input {...getInputProps(f.optional, { type: "checkbox" })} />
                    <label htmlFor={f.optional.id}>Optional (the client may add it)</label>
                  </div>
                  <button
                    {...form.remove.getButtonProps({ name: fields.lines.name, index })}
                    className="button button--small"
                    aria-label={`Remove line ${index + 1}`}
                  >
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <div className="quote-add">
          <button
            {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { description: "", quantity: "1", unitPrice: "", catalogueItemId: "" } })}
            className="button button--small"
            disabled={full}
          >
            Add a custom line
          </button>
          {offers.length ? (
            <details className="quote-offers">
              <summary>Add from the catalogue</summary>
              <ul className="plain-list">
                {offers.map((offer) => (
                  <li key={offer.id}>
                    <button
                      {...form.insert.getButtonProps({
                        name: fields.lines.name,
                        defaultValue: { ...offer.line, optional: offer.kind === "addon" ? "on" : undefined },
                      })}
                      className="button button--small"
                      disabled={full}
                    >
                      Add {offer.name}
                    </button>{" "}
                    <span className="admin-muted small">
                      {offer.line.quantity} × {offer.line.unitPrice}
                      {offer.kind === "addon" ? ", as optional" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
        {full ? <p className="hint">A quote can have at most {QUOTE_LIMITS.linesMax} lines.</p> : null}
      </fieldset>

      <div className="field-row field-row--even">
        <Field
          label="Discount"
          optional
          htmlFor={fields.discount.id}
          hint="An amount off the lines that aren't optional, before tax."
          hintId={fields.discount.descriptionId}
          errorId={fields.discount.errorId}
          errors={fields.discount.errors}
        >
          <input {...getInputProps(fields.discount, { type: "text", ariaDescribedBy: fields.discount.descriptionId })} inputMode="decimal" />
        </Field>
        <Field
          label="Valid for (days)"
          htmlFor={fields.validDays.id}
          hint={`The client can accept until the end of the studio day, ${QUOTE_LIMITS.validDaysMin}–${QUOTE_LIMITS.validDaysMax} days after sending.`}
          hintId={fields.validDays.descriptionId}
          errorId={fields.validDays.errorId}
          errors={fields.validDays.errors}
        >
          <input {...getInputProps(fields.validDays, { type: "text", ariaDescribedBy: fields.validDays.descriptionId })} inputMode="numeric" />
        </Field>
      </div>
      <Field
        label="Message to the client"
        optional
        htmlFor={fields.message.id}
        hint="Shown at the top of the quote and in the email."
        hintId={fields.message.descriptionId}
        errorId={fields.message.errorId}
        errors={fields.message.errors}
      >
        <textarea {...getTextareaProps(fields.message, { ariaDescribedBy: fields.message.descriptionId })} rows={4} maxLength={QUOTE_LIMITS.message} />
      </Field>
      <Field
        label="Payment terms"
        optional
        htmlFor={fields.paymentTerms.id}
        hint="The client accepts these with the quote. No payment is taken online."
        hintId={fields.paymentTerms.descriptionId}
        errorId={fields.paymentTerms.errorId}
        errors={fields.paymentTerms.errors}
      >
        <textarea {...getTextareaProps(fields.paymentTerms, { ariaDescribedBy: fields.paymentTerms.descriptionId })} rows={3} maxLength={QUOTE_LIMITS.paymentTerms} />
      </Field>
      <div className="admin-actions">
        <button type="submit" name="op" value="save" className="button" disabled={Boolean(busyOp)}>
          {busyOp === "save" ? "Saving…" : "Save draft"}
        </button>
        <button type="submit" name="op" value="send" className="button button--primary" disabled={Boolean(busyOp)}>
          {busyOp === "send" ? "Sending…" : "Save and send to the client"}
        </button>
      </div>
    </Form>
  );
}
