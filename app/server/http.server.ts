import type { ZodError } from "zod";

// {"field": ["message", ...]} from a zod error, the shape every 422 uses.
export function fieldErrors(error: ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}) {
  return new Response(JSON.stringify({ error, ...extra }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

export const MAX_JSON_BODY_BYTES = 16 * 1024;

// A JSON API request's body as an object, or the error answer to send: 415
// without a JSON content type, 413 when too large, 400 when not JSON, 422 when
// not an object. Never a 500.
export async function readJsonObject(
  request: Request,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; response: Response }> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    return { ok: false, response: jsonError(415, "Send the body as JSON with Content-Type: application/json") };
  }
  const text = await request.text();
  if (text.length > maxBytes) return { ok: false, response: jsonError(413, "The request body is too large") };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, "The request body is not valid JSON") };
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, response: jsonError(422, "The request body must be a JSON object", { errors: { _: ["Expected an object"] } }) };
  }
  return { ok: true, body: body as Record<string, unknown> };
}
