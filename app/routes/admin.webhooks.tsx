import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Banner } from "~/components/banner";
import { Field, FormErrors } from "~/components/field";
import { DeliveryTable, EndpointTable, NewSecret } from "~/components/admin/webhooks";
import { webhookEndpointSchema } from "~/domain/webhook-endpoint-form";
import { WEBHOOK_EVENTS } from "~/domain/webhook-events";
import { webhookUrlPolicy } from "~/domain/webhook-url";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { runJobsSoon } from "~/server/outbox/wiring.server";
import { recentDeliveries, resendDelivery } from "~/server/webhooks/deliveries.server";
import { createWebhookEndpoint, listWebhookEndpoints, removeWebhookEndpoint } from "~/server/webhooks/endpoints.server";

// Webhooks for the studio's other tools: register an endpoint (its signing
// secret is shown once), remove one, see recent deliveries with the receiver's
// answer and resend one. Deliveries are outbox jobs (docs/decisions/0036).

export const meta: MetaFunction = () => [{ title: "Webhooks · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const NOTICES: Record<string, string> = {
  removed: "The endpoint was removed. Nothing more is sent to it; deliveries still waiting are skipped.",
  resent: "The event is queued again and is being sent now; refresh in a moment to see the answer.",
  gone: "That delivery can't be resent: its endpoint was removed.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { db, config } = appServices(context);
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(db), recentDeliveries(db)]);
  const notice = new URL(request.url).searchParams.get("notice");
  return json({
    endpoints,
    deliveries,
    timeZone: config.bookingRules.studioTimeZone,
    httpAllowed: webhookUrlPolicy(config.appEnv).allowHttp,
    notice: notice ? (NOTICES[notice] ?? null) : null,
  });
}

const idSchema = z.object({ id: z.string().uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const services = appServices(context);
  const { db, log } = services;
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = services.now();

  if (intent === "remove" || intent === "resend") {
    const parsed = idSchema.safeParse({ id: formData.get("id") });
    if (intent === "remove") {
      if (parsed.success && (await removeWebhookEndpoint(db, parsed.data.id, now))) log.info("webhook.endpoint_removed", { endpointId: parsed.data.id, by: admin.email });
      return redirect("/admin/webhooks?notice=removed");
    }
    const resent = parsed.success ? await resendDelivery(db, parsed.data.id, now) : null;
    if (!resent) return redirect("/admin/webhooks?notice=gone");
    log.info("webhook.resend_requested", { deliveryId: parsed.data?.id, newDeliveryId: resent, by: admin.email });
    runJobsSoon(services);
    return redirect("/admin/webhooks?notice=resent");
  }

  const submission = parseWithZod(formData, { schema: webhookEndpointSchema(webhookUrlPolicy(services.config.appEnv)) });
  if (submission.status !== "success") return json({ created: null, result: submission.reply() }, { status: 400 });
  const created = await createWebhookEndpoint(db, submission.value, admin.email, now);
  log.info("webhook.endpoint_created", { endpointId: created.id, events: submission.value.events.join(","), by: admin.email });
  return json({ created: { url: created.url, secret: created.secret }, result: submission.reply({ resetForm: true }) }, { headers: { "Cache-Control": "no-store" } });
}

export default function WebhooksPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const [form, fields] = useForm({
    id: "create-webhook",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(webhookEndpointSchema({ allowHttp: data.httpAllowed, allowPrivate: data.httpAllowed })),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: webhookEndpointSchema({ allowHttp: data.httpAllowed, allowPrivate: data.httpAllowed }) }),
  });
  const chosen = new Set(Array.isArray(fields.events.initialValue) ? fields.events.initialValue : fields.events.initialValue ? [fields.events.initialValue] : []);

  return (
    <section className="admin-page" aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p>
        Tell the studio's other tools (CRM, spreadsheets, chat) when consultations are booked, moved, cancelled or completed. Each event is sent as a
        signed JSON <code>POST</code>, retried with backoff until the endpoint answers 2xx; how to check the signature is in the README.
      </p>
      {actionData?.created ? <NewSecret url={actionData.created.url} secret={actionData.created.secret} /> : null}
      <Banner tone="ok">{data.notice}</Banner>

      <Form method="post" {...getFormProps(form)} className="panel webhook-form">
        <h2>Add an endpoint</h2>
        <input type="hidden" name="intent" value="create" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label="Endpoint URL"
          htmlFor={fields.url.id}
          hint={data.httpAllowed ? "http:// works here because this is a development setup; deployed, only public https:// URLs are accepted." : "A public https:// URL."}
          hintId={fields.url.descriptionId}
          errorId={fields.url.errorId}
          errors={fields.url.errors}
        >
          <input {...getInputProps(fields.url, { type: "url", ariaDescribedBy: fields.url.descriptionId })} autoComplete="off" placeholder="https://" />
        </Field>
        <fieldset className="status-choices" aria-describedby={fields.events.errorId}>
          <legend>Events to send</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <div className="choice" key={event.type}>
              <input type="checkbox" id={`event-${event.type}`} name={fields.events.name} value={event.type} defaultChecked={chosen.has(event.type)} />
              <label htmlFor={`event-${event.type}`}>
                {event.label} <code>{event.type}</code>
              </label>
            </div>
          ))}
          <div id={fields.events.errorId} className="field-errors" aria-live="polite">
            {fields.events.errors?.length ? <ul>{fields.events.errors.map((e) => <li key={e}>{e}</li>)}</ul> : null}
          </div>
        </fieldset>
        <Field label="Description" optional htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
          <input {...getInputProps(fields.description, { type: "text" })} autoComplete="off" />
        </Field>
        <button type="submit" className="button button--primary" disabled={creating} aria-busy={creating}>
          {creating ? "Adding…" : "Add endpoint"}
        </button>
      </Form>

      <h2>Endpoints</h2>
      <EndpointTable endpoints={data.endpoints} timeZone={data.timeZone} />
      <h2>Recent deliveries</h2>
      <DeliveryTable deliveries={data.deliveries} timeZone={data.timeZone} />
    </section>
  );
}
