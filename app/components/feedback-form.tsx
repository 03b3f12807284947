import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { constraintMessages } from "~/domain/constraint-messages";
import { FEEDBACK_LIMITS, feedbackSchema } from "~/domain/feedback";
import { RATING_LABELS, type FeedbackWindow } from "~/domain/feedback-window";
import { ErrorSummary } from "./error-summary";
import { ErrorList, Field, FormErrors } from "./field";

// The page of /manage/:token/feedback (manage.$token_.feedback.tsx): a rating
// from 1 to 5 as a radio group and an optional comment; the earlier answer is
// filled in, so sending again edits it. The page is not hydrated:
// public/manage.js checks the rating before sending and shows the busy button.

export type FeedbackPageData = {
  reference: string;
  projectName: string;
  studioName: string;
  window: FeedbackWindow;
  closedMessage: string | null;
  completed: boolean;
  feedback: { rating: number; comment: string | null } | null;
  saved: boolean;
};

const RATINGS = [5, 4, 3, 2, 1];
// What manage.js says before sending: the schema's own words.
const MESSAGES = {
  rating: constraintMessages(feedbackSchema.shape.rating, { required: true }),
  comment: constraintMessages(feedbackSchema.shape.comment, { maxLength: FEEDBACK_LIMITS.comment }),
};

export function FeedbackForm({ data, result, token }: { data: FeedbackPageData; result: SubmissionResult<string[]> | undefined; token: string }) {
  // Rendered on the server only: the server's answer to a post shows here.
  const [form, fields] = useForm({
    id: "feedback",
    lastResult: result,
    defaultValue: data.feedback ? { rating: String(data.feedback.rating), comment: data.feedback.comment ?? "" } : undefined,
    constraint: getZodConstraint(feedbackSchema),
  });
  const manage = `/manage/${token}`;
  const chosen = fields.rating.initialValue;

  return (
    <div className="manage">
      <section className="panel confirmation feedback-step" aria-labelledby="feedback-heading">
        <p className="eyebrow">{`Booking reference ${data.reference}`}</p>
        <h1 id="feedback-heading">How did your consultation go?</h1>
        {data.saved ? (
          <div className="banner banner--ok" role="status">
            <p>Thank you! {data.studioName} has your feedback. You can change it below at any time.</p>
          </div>
        ) : null}

        {data.window !== "open" ? (
          <>
            <p>{data.closedMessage}</p>
            <p>
              <Link to={manage}>Back to your booking</Link>
            </p>
          </>
        ) : (
          <>
            <p>
              Tell {data.studioName} how the consultation about <strong>{data.projectName}</strong> went. It takes a few seconds and helps us
              improve.{data.feedback ? " You've already sent feedback: sending this again replaces it." : ""}
            </p>
            <Form method="post" action={`/manage/${token}/feedback`} {...getFormProps(form)} className="feedback-form">
              <FormErrors id={form.errorId} errors={form.errors} />
              <ErrorSummary
                errors={result?.error}
                targetIds={{ rating: `${fields.rating.id}-${chosen ?? RATINGS[0]}`, comment: fields.comment.id }}
              />
              <fieldset
                className={fields.rating.errors?.length ? "rating-choices field--invalid" : "rating-choices"}
                aria-describedby={fields.rating.errorId}
                {...MESSAGES.rating}
              >
                <legend>Your rating</legend>
                {RATINGS.map((n) => (
                  <div key={n} className="choice">
                    <input
                      type="radio"
                      id={`${fields.rating.id}-${n}`}
                      name={fields.rating.name}
                      value={String(n)}
                      defaultChecked={chosen === String(n)}
                      aria-invalid={fields.rating.errors?.length ? true : undefined}
                    />
                    <label htmlFor={`${fields.rating.id}-${n}`}>
                      <span className="rating-stars" aria-hidden="true">
                        {"★".repeat(n)}
                        {"☆".repeat(5 - n)}
                      </span>{" "}
                      {n} – {RATING_LABELS[n]}
                    </label>
                  </div>
                ))}
                <ErrorList id={fields.rating.errorId} errors={fields.rating.errors} />
              </fieldset>
              <Field
                label="Comment"
                optional
                htmlFor={fields.comment.id}
                hint={`What went well, what could be better? Up to ${FEEDBACK_LIMITS.comment} characters.`}
                hintId={fields.comment.descriptionId}
                errorId={fields.comment.errorId}
                errors={fields.comment.errors}
              >
                <textarea {...getTextareaProps(fields.comment, { ariaDescribedBy: fields.comment.descriptionId })} rows={5} {...MESSAGES.comment} />
              </Field>
              <div className="manage-actions">
                <button type="submit" className="button button--primary" data-busy="Sending…">
                  {data.feedback ? "Update my feedback" : "Send feedback"}
                </button>
                <Link to={manage}>Back to your booking</Link>
              </div>
            </Form>
          </>
        )}
      </section>

      {data.completed ? (
        <section className="panel" aria-labelledby="next-step-heading">
          <h2 id="next-step-heading">Ready for the next step?</h2>
          <p>Ask {data.studioName} for a quote for mixing, mastering or production: your consultation's details are already filled in.</p>
          <p>
            <Link to={`${manage}/service`} className="button">
              Request a quote
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
