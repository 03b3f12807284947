import type { EntryContext } from "@remix-run/cloudflare";
import { escapeHtml } from "./email/escape-html";

// A page that is not hydrated and renders only from its URL and its loaders'
// data (today: /book) is rendered once per distinct input and then filled in
// (docs/decisions/0054). The key is the URL and all the loader data, so a
// booking, a closure, a new day or another zone is another key: a memo of the
// render, never of the data, which every request still reads fresh. What
// differs on every request (the form's idempotency key and time stamp, the
// CSP nonce) is rendered as a placeholder and filled in afterwards, so no two
// responses share them.

/** A route's handle says which of its loader's fields differ per request. */
export type DocumentMemoHandle = { memo?: { perRequest: readonly string[] } };

const MAX_TEMPLATES = 32;
const templates = new Map<string, string>();
// Placeholders no page can contain by chance: fixed per isolate (made on
// first use: Workers allow no random values in the global scope).
let isolateMarker: string | undefined;
const markerText = () => (isolateMarker ??= `memo${crypto.randomUUID().replace(/-/g, "")}`);

/** The leaf route's memo settings and loader data, when its page can be memoised. */
function memoTarget(context: EntryContext, status: number): { routeId: string; perRequest: readonly string[] } | undefined {
  const { matches, actionData, errors } = context.staticHandlerContext;
  if (status !== 200 || actionData || errors) return undefined;
  const leaf = matches[matches.length - 1];
  const handle = context.routeModules[leaf?.route.id ?? ""]?.handle as DocumentMemoHandle | undefined;
  const data = context.staticHandlerContext.loaderData[leaf?.route.id ?? ""];
  if (!handle?.memo || !data || typeof data !== "object") return undefined;
  return { routeId: leaf.route.id, perRequest: handle.memo.perRequest };
}

/**
 * The document's HTML: rendered by `render(nonce)`, or filled in from the
 * template rendered for the same URL and loader data before.
 */
export function memoisedDocument(request: Request, context: EntryContext, status: number, nonce: string, render: (nonce: string) => string): string {
  const target = request.method === "GET" ? memoTarget(context, status) : undefined;
  if (!target) return render(nonce);
  const marker = markerText();
  const loaderData = context.staticHandlerContext.loaderData;
  const data = loaderData[target.routeId] as Record<string, unknown>;
  const perRequest = target.perRequest.filter((field) => typeof data[field] === "string");
  const tokens = perRequest.map((field) => `${marker}${field}`);
  // The key: the URL and every loader's data with the per-request fields left out.
  const stable = { ...data };
  for (const field of perRequest) delete stable[field];
  const key = `${request.url}\n${JSON.stringify({ ...loaderData, [target.routeId]: stable })}`;
  let html = templates.get(key);
  if (html === undefined) {
    const filled = { ...data };
    perRequest.forEach((field, i) => (filled[field] = tokens[i]));
    loaderData[target.routeId] = filled;
    try {
      html = render(`${marker}nonce`);
    } finally {
      loaderData[target.routeId] = data;
    }
    if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value as string);
    templates.set(key, html);
  }
  let out = html.split(`${marker}nonce`).join(nonce);
  perRequest.forEach((field, i) => (out = out.split(tokens[i]).join(escapeHtml(data[field] as string))));
  return out;
}
