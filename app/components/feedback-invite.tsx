import { Link } from "@remix-run/react";

// On the client's private page once the consultation has taken place: the way
// to the feedback form (/manage/:token/feedback), also linked from the follow-up email.
export function FeedbackInvite({ token }: { token: string }) {
  return (
    <p>
      <Link to={`/manage/${token}/feedback`}>Tell us how your consultation went</Link>
    </p>
  );
}
