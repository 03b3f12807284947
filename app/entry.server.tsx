import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/cloudflare";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { memoisedDocument } from "~/server/document-memo.server";


// Scripts only from our own origin, plus Remix's inline ones carrying this
// response's nonce; no framing (except the booking pages by the studio's own
// sites, EMBED_ALLOWED_ORIGINS: docs/decisions/0039), no plugins, forms post
// only to us. Inline style attributes stay allowed (server-rendered SVG
// charts, email previews).
function contentSecurityPolicy(nonce: string, frameAncestors: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

// The booking path may be framed by the embed dialog: /book and its confirmation.
function embeddable(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return path === "/book" || path === "/book/" || path.startsWith("/book/");
}

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = newNonce();
  const renderStarted = performance.now();
  let html: string;
  try {
    // /book is rendered once per URL and loader data and then filled in (document-memo.server.ts).
    html = memoisedDocument(request, remixContext, responseStatusCode, nonce, (pageNonce) =>
      renderToString(
        <NonceContext.Provider value={pageNonce}>
          <RemixServer context={remixContext} url={request.url} nonce={pageNonce} />
        </NonceContext.Provider>,
      ),
    );
  } catch (error) {
    loadContext.log?.error("render.failed", { error });
    throw error;
  }
  loadContext.timing?.add("render", performance.now() - renderStarted);

  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  responseHeaders.set("Referrer-Policy", "strict-origin-when-cross-origin");
  const framers = embeddable(request) ? (loadContext.config?.embed.allowedOrigins ?? []) : [];
  if (framers.length === 0) responseHeaders.set("X-Frame-Options", "DENY");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, framers.length ? framers.join(" ") : "'none'"));
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

// Unexpected errors only: 404s and other thrown responses are ordinary answers.
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  context.log?.error("route.failed", { error, path: new URL(request.url).pathname });
};
export * as workerApi from "~/server/worker-api.server";
