import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { parseWithZod } from "~/utils/parse-with-zod";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/field";
import { clientIp, tooManyAttemptsMessage } from "~/server/auth/rate-limit.server";
import { safeAdminRedirect } from "~/server/auth/redirect-to";
import { assertSameOrigin, optionalAdmin } from "~/server/auth/require-admin.server";
import { attemptSignIn, newSessionCookie, pruneAttempts, signInDeps } from "~/server/auth/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

// The layout's no-store headers, plus Retry-After on a rate-limited attempt.
export const headers: HeadersFunction = ({ parentHeaders, actionHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const INCORRECT = "Email or password is incorrect";

const loginSchema = z.object({
  email: z
    .string({ required_error: "Enter your email address" })
    .trim()
    .max(254, "Enter an email address of at most 254 characters")
    .email("Enter an email address like name@example.com"),
  password: z.string({ required_error: "Enter your password" }).max(1024, "Enter a password of at most 1024 characters"),
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeAdminRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await optionalAdmin(request, context)) throw redirect(redirectTo);
  return json({ redirectTo });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context.config.publicBaseUrl, context.log);
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const { log } = context;
  try {
    const outcome = await attemptSignIn(signInDeps(context), { email, password, ip: clientIp(request) });
    context.cloudflare.ctx.waitUntil(pruneAttempts(context).catch(() => undefined));
    if (outcome.ok) {
      log.info("auth.signed_in", { adminId: outcome.admin.id });
      return redirect(safeAdminRedirect(redirectTo), {
        headers: { "Set-Cookie": await newSessionCookie(context, outcome.admin, request.headers.get("user-agent")), "Cache-Control": "no-store" },
      });
    }
    if (outcome.reason === "limited") {
      log.warn("auth.sign_in_limited", { retryAfterMs: outcome.retryAfterMs });
      return json(
        { result: submission.reply({ formErrors: [tooManyAttemptsMessage(outcome.retryAfterMs)], hideFields: ["password"] }) },
        { status: 429, headers: { "Retry-After": String(Math.ceil(outcome.retryAfterMs / 1000)) } },
      );
    }
    log.warn("auth.sign_in_failed", {});
    return json({ result: submission.reply({ formErrors: [INCORRECT], hideFields: ["password"] }) }, { status: 400 });
  } catch (error) {
    log.error("auth.sign_in_error", { error });
    return json(
      { result: submission.reply({ formErrors: ["Signing in isn't available just now. Please try again in a moment."], hideFields: ["password"] }) },
      { status: 503, headers: { "Retry-After": "30" } },
    );
  }
}

export default function AdminLogin() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "admin-login",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  const formError = form.errors?.length ? form.errorId : undefined;

  return (
    <section className="admin-login panel">
      <h1>Studio admin sign-in</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Email" htmlFor={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          <input
            {...getInputProps(fields.email, { type: "email", ariaDescribedBy: formError })}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
          />
        </Field>
        <Field label="Password" htmlFor={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
          <input
            {...getInputProps(fields.password, { type: "password", ariaDescribedBy: formError })}
            autoComplete="current-password"
          />
        </Field>
        <button type="submit" className="button button--primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </button>
      </Form>
    </section>
  );
}
