import { RATING_LABELS } from "~/domain/feedback-window";

// The client's feedback on the admin's consultation page (given at
// /manage/:token/feedback; docs/decisions/0018). Times are already in the studio's zone.

export type FeedbackForAdmin = {
  rating: number;
  comment: string | null;
  givenWhen: string;
  editedWhen: string | null;
} | null;

export function ConsultationFeedback({ feedback, canGive }: { feedback: FeedbackForAdmin; canGive: boolean }) {
  return (
    <section className="panel" aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">Client feedback</h2>
      {feedback ? (
        <>
          <p className="feedback-rating">
            <span className="rating-stars" aria-hidden="true">
              {"★".repeat(feedback.rating)}
              {"☆".repeat(5 - feedback.rating)}
            </span>{" "}
            <strong>{`${feedback.rating} of 5`}</strong> {`(${RATING_LABELS[feedback.rating]})`}
          </p>
          {feedback.comment ? <blockquote className="prewrap feedback-comment">{feedback.comment}</blockquote> : <p className="admin-muted">No comment.</p>}
          <p className="admin-muted small">
            Given {feedback.givenWhen}
            {feedback.editedWhen ? `, last changed ${feedback.editedWhen}` : ""}
          </p>
        </>
      ) : (
        <p className="admin-muted">
          {canGive
            ? "No feedback yet. The follow-up email, an hour after the end, asks the client how it went."
            : "No feedback: the client can rate a consultation once it has started, unless it was cancelled or missed."}
        </p>
      )}
    </section>
  );
}
