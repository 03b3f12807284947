import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SecretShownOnce } from "~/components/admin/secret-shown-once";
import { Banner } from "~/components/banner";
import { Field } from "~/components/field";
import { createApiToken, listApiTokens, revokeApiToken } from "~/server/auth/api-tokens.server";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { getDb } from "~/server/db/client.server";

// API tokens for scripts: `Authorization: Bearer sct_...` on admin routes and
// /api/ endpoints. A new token is shown once; afterwards only its prefix.

export const meta: MetaFunction = () => [{ title: "API tokens · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

const createSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "Give the token a name, such as the script that will use it" })
    .trim()
    .min(1, "Give the token a name, such as the script that will use it")
    .max(80, "Use at most 80 characters"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const tokens = await listApiTokens(getDb(context.cloudflare.env.DB));
  return json({ tokens, timeZone: context.config.bookingRules.studioTimeZone });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const db = getDb(context.cloudflare.env.DB);
  const formData = await request.formData();
  const now = Date.now();

  if (formData.get("intent") === "revoke") {
    const id = String(formData.get("id") ?? "");
    const revoked = id ? await revokeApiToken(db, id, now) : false;
    if (revoked) context.log.info("auth.api_token_revoked", { tokenId: id, adminId: admin.adminId });
    return json({
      kind: "revoke" as const,
      message: revoked ? "The token was revoked. Requests using it are refused from now on." : "That token was already revoked.",
      created: null,
      result: null,
    });
  }

  const submission = parseWithZod(formData, { schema: createSchema });
  if (submission.status !== "success") {
    return json({ kind: "create" as const, message: null, created: null, result: submission.reply() }, { status: 400 });
  }
  const created = await createApiToken(db, admin.adminId, submission.value.name, now);
  context.log.info("auth.api_token_created", { tokenId: created.id, adminId: admin.adminId });
  return json(
    { kind: "create" as const, message: null, created: { name: created.name, token: created.token }, result: submission.reply({ resetForm: true }) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function ApiTokens() {
  const { tokens, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const [form, fields] = useForm({
    id: "create-api-token",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(createSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }),
  });
  const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const when = (ms: number | null) => (ms ? formatter.format(new Date(ms)) : "Never");

  return (
    <section className="admin-page">
      <h1>API tokens</h1>
      <p>
        Scripts and integrations send a token as <code>Authorization: Bearer &lt;token&gt;</code>. A token can do
        anything a signed-in admin can, so give each script its own and revoke any you no longer use.
      </p>

      {actionData?.created ? <NewToken name={actionData.created.name} token={actionData.created.token} /> : null}
      <Banner tone="ok">{actionData?.message}</Banner>

      <Form method="post" {...getFormProps(form)} className="panel admin-token-form">
        <h2>Create a token</h2>
        <input type="hidden" name="intent" value="create" />
        <Field
          label="Token name"
          htmlFor={fields.name.id}
          hint="What will use it, e.g. “Bookkeeping export”."
          hintId={fields.name.descriptionId}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
        >
          <input {...getInputProps(fields.name, { type: "text", ariaDescribedBy: fields.name.descriptionId })} autoComplete="off" />
        </Field>
        <button type="submit" className="button button--primary" disabled={creating} aria-busy={creating}>
          {creating ? "Creating…" : "Create token"}
        </button>
      </Form>

      <h2>Tokens</h2>
      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.ownerName}</td>
                  <td>{when(t.createdAt)}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="admin-muted">Revoked {when(t.revokedAt)}</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" className="button button--small button--danger" aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewToken({ name, token }: { name: string; token: string }) {
  return (
    <SecretShownOnce id="new-api-token" title={`Token “${name}” created`} secret={token}>
      <strong>Copy it now: it won't be shown again.</strong>
    </SecretShownOnce>
  );
}
