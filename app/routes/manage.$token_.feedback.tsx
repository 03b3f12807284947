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
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import type { PageHandle } from "~/root";
import { consultationReference } from "~/domain/consultation";
import { feedbackSchema } from "~/domain/feedback";
import { FEEDBACK_CLOSED_MESSAGES, feedbackWindow } from "~/domain/feedback-window";
import { FeedbackForm } from "~/components/feedback-form";
import { ManageLinkProblem } from "~/components/manage-link-problem";
import { appServices } from "~/server/context.server";
import { findFeedback, saveFeedback } from "~/server/feedback.server";
import { MANAGE_HEADERS, requireManagedConsultation } from "~/server/manage.server";
import manageStyles from "~/styles/manage.css";

// /manage/:token/feedback: "how did it go?", linked from the follow-up email
// and the client's private page once the consultation has started. GET only
// shows the form (with the earlier answer, if any); POST saves it, one per
// consultation: sending again edits it. Then PRG to ?saved=1. Works without
// JavaScript; bad input comes back with field errors and nothing stored. Not
// hydrated: public/manage.js adds what JavaScript can (docs/decisions/0052).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: manageStyles }];
export const meta: MetaFunction = () => [{ title: "How did your consultation go?" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => MANAGE_HEADERS;
export const handle: PageHandle = { hydrate: false, script: "/manage.js" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const window = feedbackWindow(row, services.now());
  const feedback = await findFeedback(services.db, row.id);
  return json(
    {
      reference: consultationReference(row.id),
      projectName: row.projectName,
      studioName: services.config.studioName,
      window,
      closedMessage: window === "open" ? null : FEEDBACK_CLOSED_MESSAGES[window],
      completed: row.status === "completed",
      feedback: feedback ? { rating: feedback.rating, comment: feedback.comment } : null,
      saved: new URL(request.url).searchParams.get("saved") === "1",
    },
    { headers: MANAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const row = await requireManagedConsultation(services, params.token);
  const submission = parseWithZod(await request.formData(), { schema: feedbackSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400, headers: MANAGE_HEADERS });
  try {
    const outcome = await saveFeedback(services, row, submission.value);
    if (outcome.kind === "closed") {
      return json({ result: submission.reply({ formErrors: [FEEDBACK_CLOSED_MESSAGES[outcome.window]] }) }, { status: 409, headers: MANAGE_HEADERS });
    }
    return redirect(`/manage/${encodeURIComponent(params.token!)}/feedback?saved=1`, { headers: MANAGE_HEADERS });
  } catch (error) {
    services.log.error("feedback.save_failed", { error, consultationId: row.id });
    return json(
      { result: submission.reply({ formErrors: ["We couldn't save your feedback just now. Please try again in a moment."] }) },
      { status: 503, headers: MANAGE_HEADERS },
    );
  }
}

export default function ConsultationFeedback() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  return <FeedbackForm data={data} result={actionData?.result} token={token!} />;
}

export const ErrorBoundary = ManageLinkProblem;
