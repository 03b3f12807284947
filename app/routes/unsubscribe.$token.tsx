import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { appServices } from "~/server/context.server";
import { findConsultation } from "~/server/consultations.server";
import { verifyUnsubscribeToken } from "~/server/links.server";
import { suppress, suppressionFor } from "~/server/notifications/suppressions.server";

// /unsubscribe/:token: the link in reminders and follow-ups. GET shows a
// button, POST (a plain form, so it works without JavaScript; also RFC 8058
// one-click POSTs) stops reminders and follow-ups to the address. Confirmations
// and changes to a booking still go out.

export const meta: MetaFunction = () => [{ title: "Unsubscribe from reminders" }, { name: "robots", content: "noindex" }];

function maskEmail(email: string): string {
  const [user, domain] = email.split("@");
  if (!domain) return "your address";
  return `${user.slice(0, 1)}${"*".repeat(Math.max(2, Math.min(user.length - 1, 6)))}@${domain}`;
}

async function recipientFor(context: LoaderFunctionArgs["context"], token: string | undefined) {
  const services = appServices(context);
  const consultationId = await verifyUnsubscribeToken(services.config, token ?? "");
  if (!consultationId) throw new Response("This unsubscribe link is not valid.", { status: 404 });
  const consultation = await findConsultation(services.db, consultationId);
  if (!consultation) throw new Response("This unsubscribe link is not valid.", { status: 404 });
  return { services, email: consultation.customerEmail };
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { services, email } = await recipientFor(context, params.token);
  const reason = await suppressionFor(services.db, email);
  return json(
    { email: maskEmail(email), alreadyUnsubscribed: reason !== null, studioName: services.config.studioName },
    { headers: { "cache-control": "no-store", "referrer-policy": "no-referrer" } },
  );
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { services, email } = await recipientFor(context, params.token);
  await suppress(services.db, email, "unsubscribe", services.now());
  services.log.info("email.unsubscribed", {});
  return json({ unsubscribed: true }, { headers: { "cache-control": "no-store" } });
}

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.unsubscribed || data.alreadyUnsubscribed;
  return (
    <section className="panel" aria-labelledby="unsubscribe-heading">
      <h1 id="unsubscribe-heading">{done ? "You're unsubscribed" : "Unsubscribe from reminders"}</h1>
      {done ? (
        <p role="status">
          {data.studioName} won't send reminders or follow-ups to <strong>{data.email}</strong> any more. You'll still
          get the confirmation of a booking and word if it changes.
        </p>
      ) : (
        <>
          <p>
            Stop reminders and follow-up emails from {data.studioName} to <strong>{data.email}</strong>? Confirmations
            and changes to your bookings will still be sent.
          </p>
          <Form method="post" reloadDocument>
            <button type="submit" className="button button--primary">
              Unsubscribe
            </button>
          </Form>
        </>
      )}
      <p>
        <Link reloadDocument to="/book">Book a consultation</Link>
      </p>
    </section>
  );
}
