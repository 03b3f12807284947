import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/utils/parse-with-zod";
import { Form, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatMoney } from "~/domain/money";
import { QUOTE_LIMITS, quoteDecisionSchema } from "~/domain/quote";
import { ErrorList, Field, FormErrors } from "~/components/field";

// The client's two decisions on the quote page. Accepting is one form with
// the optional extras, an "Update total" button (the server works the total
// out again; nothing is stored) and the typed name under the terms.
// Declining is its own form with an optional reason.

const [acceptOption, declineOption] = quoteDecisionSchema.options;

/** quoteDecisionSchema plus "update": recompute the total with the ticked extras. */
export const clientQuoteFormSchema = z.discriminatedUnion(
  "intent",
  [acceptOption, declineOption, z.object({ intent: z.literal("update"), optionalLines: acceptOption.shape.optionalLines })],
  { errorMap: () => ({ message: "Choose accept or decline" }) },
);

type ViewForForm = {
  figures: {
    currency: string;
    totalMinor: number;
    chosenOptional: number[];
    lines: { description: string; optional: boolean; amountMinor: number; quantity: number; unitMinor: number }[];
  };
  taxLabel: string;
  paymentTerms: string | null;
  expiresOn: string | null;
};

export function AcceptForm({ view, lastResult }: { view: ViewForForm; lastResult: SubmissionResult<string[]> | undefined }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : "";
  const [form, fields] = useForm({
    id: "accept",
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: clientQuoteFormSchema }),
  });
  const money = (minor: number) => formatMoney(minor, view.figures.currency);
  const optional = view.figures.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.optional);
  const chosen = new Set(view.figures.chosenOptional);

  return (
    <section className="panel" aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept the quote</h2>
      <Form method="post" {...getFormProps(form)} className="quote-decision">
        <FormErrors id={form.errorId} errors={form.errors} />
        {optional.length ? (
          <fieldset aria-describedby={fields.optionalLines.errorId}>
            <legend>Optional extras</legend>
            <p className="hint">Tick the ones you'd like, then update the total.</p>
            {/* Keyed by the choice, so the boxes follow the total the server worked out. */}
            <div key={[...chosen].join(",")}>
              {optional.map(({ line, index }) => (
                <div className="choice" key={index}>
                  <input type="checkbox" id={`optional-${index}`} name="optionalLines" value={index} defaultChecked={chosen.has(index)} />
                  <label htmlFor={`optional-${index}`}>
                    {line.description}{" "}
                    <span className="admin-muted">
                      +{money(line.amountMinor)}
                      {line.quantity > 1 ? ` (${line.quantity} × ${money(line.unitMinor)})` : ""}, before {view.taxLabel}
                    </span>
                  </label>
                </div>
              ))}
            </div>
            <ErrorList id={fields.optionalLines.errorId} errors={fields.optionalLines.errors} />
            <p>
              Total with your choice: <strong id="accept-total">{money(view.figures.totalMinor)}</strong>{" "}
              <button type="submit" name="intent" value="update" className="button button--small" disabled={Boolean(busy)}>
                {busy === "update" ? "Updating…" : "Update total"}
              </button>
            </p>
          </fieldset>
        ) : (
          <p>
            Total: <strong id="accept-total">{money(view.figures.totalMinor)}</strong>
          </p>
        )}
        <Field
          label="Your full name"
          htmlFor={fields.name.id}
          hint="Typing your name here is your signature: we record it, the time, and this exact quote."
          hintId={fields.name.descriptionId}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
        >
          <input {...getInputProps(fields.name, { type: "text", ariaDescribedBy: fields.name.descriptionId })} autoComplete="name" maxLength={QUOTE_LIMITS.signatureNameMax} />
        </Field>
        <div className={fields.confirm.errors?.length ? "field field--invalid" : "field"}>
          <div className="choice">
            <input {...getInputProps(fields.confirm, { type: "checkbox" })} aria-describedby={fields.confirm.errorId} />
            <label htmlFor={fields.confirm.id}>
              I accept this quote{view.paymentTerms ? " and its terms" : ""}
              {view.expiresOn ? ` (valid until ${view.expiresOn})` : ""}
            </label>
          </div>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
        </div>
        <div>
          <button type="submit" name="intent" value="accept" className="button button--primary" disabled={Boolean(busy)} aria-busy={busy === "accept" || undefined}>
            {busy === "accept" ? "Accepting…" : "Accept the quote"}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function DeclineForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "decline";
  const [form, fields] = useForm({
    id: "decline",
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: clientQuoteFormSchema }),
  });
  return (
    <section className="panel" aria-labelledby="decline-heading">
      <details open={Boolean(lastResult)}>
        <summary>
          <h2 id="decline-heading">Decline the quote</h2>
        </summary>
        <Form method="post" {...getFormProps(form)} className="quote-decision">
          <input type="hidden" name="intent" value="decline" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label="Why? (it helps the studio)"
            optional
            htmlFor={fields.reason.id}
            errorId={fields.reason.errorId}
            errors={fields.reason.errors}
          >
            <textarea {...getTextareaProps(fields.reason)} rows={3} maxLength={QUOTE_LIMITS.declineReason} />
          </Field>
          <div>
            <button type="submit" className="button button--danger" disabled={busy}>
              {busy ? "Declining…" : "Decline the quote"}
            </button>
          </div>
        </Form>
      </details>
    </section>
  );
}
